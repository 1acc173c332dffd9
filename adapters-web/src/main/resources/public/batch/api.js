// Talking to the batch endpoints: the envelope, the API token kept by the page, in words on failure.
const TOKEN_KEY = 'cacherr.apiToken';

export async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  const token = localStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new Error(`The Cacherr server cannot be reached (${e.message}).`);
  }
  let envelope = null;
  try { envelope = await response.json(); } catch (ignored) { /* said below */ }
  if (!envelope || !('success' in envelope)) throw new Error(`The server answered ${response.status} without JSON.`);
  if (!response.ok || !envelope.success) {
    let message = envelope.error || `The request failed with HTTP ${response.status}.`;
    if (response.status === 401) message += ' Set the API token with the “API token” button at the top of the page.';
    throw new Error(message);
  }
  return envelope;
}

/** The list's filters as they stand in the page's address (the file table keeps them there). */
export function currentFilters() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const name of ['search', 'user_id', 'status', 'triggered_by_operation', 'size_min', 'size_max',
    'cached_since', 'cached_until']) {
    const value = params.get(name);
    if (value) filters[name] = /^size_/.test(name) ? Number(value) : value;
  }
  return filters;
}
