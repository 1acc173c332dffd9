// Talking to the API: the envelope, the API token kept in this browser, errors in words.

export const TOKEN_KEY = 'cacherr.apiToken';
class ApiError extends Error {
  constructor(message, status) { super(message); this.status = status; }
}
export const token = () => localStorage.getItem(TOKEN_KEY) || '';

/** Every call returns the envelope; a failure throws with the envelope's error, in words. */
export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (token()) headers.Authorization = `Bearer ${token()}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError('The Cacherr server cannot be reached: is it running, and is this the right address? '
      + `(${e.message})`, 0);
  }
  let envelope = null;
  try { envelope = await response.json(); } catch (ignored) { /* not JSON: said below */ }
  if (!envelope || typeof envelope !== 'object' || !('success' in envelope)) {
    throw new ApiError(`The server answered ${response.status} ${response.statusText || ''} to ${method} ${path} `
      + 'without the usual JSON answer.', response.status);
  }
  if (!response.ok || !envelope.success) {
    let message = envelope.error || `The request failed with HTTP ${response.status}.`;
    if (response.status === 401) message += ' Set the API token with the “API token” button at the top of the page.';
    throw new ApiError(message, response.status);
  }
  return envelope;
}
export const get = (path) => api('GET', path);
export const query = (params) => {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') q.set(key, value);
  }
  return q.toString();
};
