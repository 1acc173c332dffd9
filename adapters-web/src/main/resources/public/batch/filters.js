// The list's filters as they stand in the page's address (the file table keeps them there).
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
