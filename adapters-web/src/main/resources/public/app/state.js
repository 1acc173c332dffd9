// The page's state and the address: every view and filter lives in the query string.
import { DEFAULT_LIMIT, FILE_FILTERS, OP_FILTERS } from './format.js';
import { query } from './api.js';

export const state = {
  view: 'files', filters: {}, sort: 'cached_at', order: 'desc', page: 1, limit: DEFAULT_LIMIT, file: null,
  user: null, days: 30, ops: {}, opsPage: 1,
};

export function readUrl() {
  const q = new URLSearchParams(location.search);
  state.view = ['users', 'operations'].includes(q.get('view')) ? q.get('view') : 'files';
  state.filters = {};
  state.ops = {};
  if (state.view === 'operations') {
    for (const key of OP_FILTERS) if (q.get(key)) state.ops[key] = q.get(key);
    state.opsPage = Math.max(1, parseInt(q.get('page'), 10) || 1);
  } else if (state.view === 'files') {
    for (const key of FILE_FILTERS) if (q.get(key)) state.filters[key] = q.get(key);
    state.sort = q.get('sort') || 'cached_at';
    state.order = q.get('order') === 'asc' || q.get('order') === 'desc' ? q.get('order') : defaultOrder(state.sort);
    state.page = Math.max(1, parseInt(q.get('page'), 10) || 1);
    state.limit = [25, 50, 100, 200].includes(parseInt(q.get('limit'), 10)) ? parseInt(q.get('limit'), 10) : DEFAULT_LIMIT;
  } else {
    state.user = q.get('user');
    state.days = [7, 30, 90, 365].includes(parseInt(q.get('days'), 10)) ? parseInt(q.get('days'), 10) : 30;
  }
  state.file = q.get('file');
}

function urlFor() {
  let params;
  if (state.view === 'operations') {
    params = { view: 'operations', ...state.ops, page: state.opsPage > 1 ? state.opsPage : null };
  } else if (state.view === 'users') {
    params = { view: 'users', user: state.user, days: state.days === 30 ? null : state.days };
  } else {
    params = {
      ...state.filters,
      sort: state.sort === 'cached_at' && state.order === 'desc' ? null : state.sort,
      order: state.sort === 'cached_at' && state.order === 'desc' ? null : state.order,
      page: state.page > 1 ? state.page : null,
      limit: state.limit === DEFAULT_LIMIT ? null : state.limit,
    };
  }
  params.file = state.file;
  const qs = query(params);
  return location.pathname + (qs ? `?${qs}` : '');
}
export function writeUrl(push) {
  const url = urlFor();
  if (url === location.pathname + location.search) return;
  if (push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}
export const defaultOrder = (sort) => (['cached_at', 'file_size_bytes', 'access_count', 'last_accessed'].includes(sort) ? 'desc' : 'asc');

/** The users, as the overview and the users view last read them. */
export let users = [];
export function setUsers(list) { users = list; }
