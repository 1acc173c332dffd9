// The file table: filters, sorting, paging, the range, the export links.
import { FILE_FILTERS, OPERATIONS, badge, dayToIso, label, number, parseSize, titleOf, when } from './format.js';
import { $, $$, debounce, fill, h } from './dom.js';
import { get, query, token } from './api.js';
import { clearAlert, showAlert } from './alerts.js';
import { defaultOrder, state, writeUrl } from './state.js';
import { openDetail } from './detail.js';
import { selectCell, showPage, wireSelection } from './selection.js';

let filesSeq = 0;
let lastFiles = null;

export function fillFileForm() {
  const form = $('#filters');
  for (const key of FILE_FILTERS) {
    const field = form.elements[key];
    if (field.tagName === 'SELECT' && state.filters[key] && !$$('option', field).some((o) => o.value === state.filters[key])) {
      field.append(h('option', { value: state.filters[key] }, state.filters[key]));
    }
    field.value = state.filters[key] || '';
  }
  $('#page-size').value = String(state.limit);
  checkSizes();
}

function readFileForm() {
  const form = $('#filters');
  const filters = {};
  for (const key of FILE_FILTERS) {
    const value = form.elements[key].value.trim();
    if (value) filters[key] = value;
  }
  return filters;
}

function checkSizes() {
  const bad = ['size_min', 'size_max'].filter((key) => Number.isNaN(parseSize(state.filters[key])));
  $('#filter-problem').textContent = bad.length
    ? `Sizes are read like “700 MB”, “1.5 GB” or a number of megabytes; “${state.filters[bad[0]]}” is not one.` : '';
  return bad.length === 0;
}

/** The API's parameters for the current filters (sizes in bytes, the date as an instant). */
function apiFilters() {
  const f = state.filters;
  return {
    search: f.search, user_id: f.user_id, status: f.status, triggered_by_operation: f.triggered_by_operation,
    size_min: parseSize(f.size_min), size_max: parseSize(f.size_max), cached_since: dayToIso(f.cached_since),
    cached_until: dayToIso(f.cached_until, true),
  };
}

/**
 * The table's filters as a batch's `filters`: the values the table is loaded with (sizes in bytes, days as instants),
 * so "all matching the filters" is exactly the files the table lists. Throws, in words, when a size is unreadable.
 */
export function batchFilters() {
  if (!checkSizes()) throw new Error($('#filter-problem').textContent);
  const filters = {};
  for (const [key, value] of Object.entries(apiFilters())) {
    if (value !== null && value !== undefined && value !== '') filters[key] = value;
  }
  return filters;
}

export async function loadFiles() {
  const seq = ++filesSeq;
  updateSortHeaders();
  updateExportLinks();
  if (!checkSizes()) return;
  const area = $('#files-area');
  area.setAttribute('aria-busy', 'true');
  try {
    const data = (await get(`/api/cached/files?${query({ ...apiFilters(), sort: state.sort, order: state.order,
      limit: state.limit, offset: (state.page - 1) * state.limit })}`)).data;
    if (seq !== filesSeq) return;
    clearAlert('files');
    lastFiles = data;
    renderFiles(data);
  } catch (e) {
    if (seq !== filesSeq) return;
    showAlert('files', `The files could not be loaded: ${e.message}`);
    fill($('#files-body'));
    showPage([], null);
    const empty = $('#files-empty');
    empty.hidden = false;
    fill(empty, h('p', null, 'The file list is unavailable: ', h('strong', null, e.message)),
      h('button', { type: 'button', onclick: () => loadFiles() }, 'Try again'));
  } finally {
    if (seq === filesSeq) area.setAttribute('aria-busy', 'false');
  }
}

function renderFiles(data) {
  const headers = $$('#files-table thead th:not(.select)').map((th) => th.textContent.replace(/[↕↑↓]/g, '').trim());
  const rows = data.files.map((f) => {
    const cells = [
      h('td', { class: 'name' }, h('button', { type: 'button', class: 'linkish', 'data-open': f.id }, f.filename)),
      h('td', { class: 'path', title: f.file_path }, titleOf(f.file_path)),
      h('td', { class: 'num', title: `${f.file_size_bytes.toLocaleString()} bytes` }, f.file_size_readable),
      h('td', { class: 'status' }, badge(f.status)),
      h('td', { class: 'users' }, f.users.length ? f.users.map((u) => h('span', { class: 'chip' }, u)) : h('span', { class: 'muted' }, 'none')),
      h('td', null, label(OPERATIONS, f.triggered_by_operation)),
      h('td', { class: 'when', title: f.cached_at }, when(f.cached_at)),
      h('td', { class: 'num', title: f.last_accessed ? `last ${when(f.last_accessed)}` : 'never accessed' }, String(f.access_count)),
    ];
    cells.forEach((cell, i) => cell.setAttribute('data-label', headers[i]));
    cells.unshift(selectCell(f));
    return h('tr', { 'data-id': f.id, class: f.id === state.file ? 'selected' : null }, cells);
  });
  fill($('#files-body'), ...rows);
  showPage(data.files, data.pagination);

  const p = data.pagination;
  const empty = $('#files-empty');
  empty.hidden = p.total_count > 0;
  if (p.total_count === 0) fill(empty, ...(Object.keys(state.filters).length ? noMatch() : nothingCached()));
  if (p.total_count > 0 && data.files.length === 0 && state.page > 1) { // a bookmarked page past the end
    // Only a full page can carry a lower bound, so an empty one has the exact total and the last page follows
    // from it. Were the total a lower bound, the last page would be unknown: start again at the first.
    state.page = p.total_count_exact === false ? 1 : Math.max(1, Math.ceil(p.total_count / state.limit));
    writeUrl(false);
    loadFiles();
    return;
  }
  showRange($('#files-range'), p, data.files.length, 'file', 'files',
    `/api/cached/files?${query({ ...apiFilters(), limit: 1, exact_total: true })}`);
  $('#prev-page').disabled = state.page <= 1;
  $('#next-page').disabled = !p.has_more;
}

/**
 * "1–50 of 53 files" for a page of `shown` rows. Past 10,000 matches the server may stop counting: the total is
 * then a lower bound (total_count_exact false) and the range says "of more than 10,000 files", with a "Count all"
 * button that asks `countUrl` (the same filters, exact_total=true, one row) for the exact number. A server from
 * before that field always counted, so without it the total is exact. Paging follows has_more either way.
 */
export function showRange(el, p, shown, one, many, countUrl) {
  const bounded = p.total_count_exact === false;
  const range = (total) => `${number(p.offset + 1)}–${number(p.offset + shown)} of ${total}`;
  const ticket = String(Number(el.dataset.ticket || 0) + 1); // a later page makes an answer in flight stale
  el.dataset.ticket = ticket;
  if (!p.total_count) { fill(el); return; }
  if (!bounded) {
    fill(el, range(`${number(p.total_count)} ${p.total_count === 1 ? one : many}`));
    el.removeAttribute('title');
    return;
  }
  el.title = 'Past this many the server stops counting, to stay fast; Next shows the rest.';
  const count = h('button', { type: 'button', class: 'linkish count-all' }, 'Count all');
  count.addEventListener('click', async () => {
    count.disabled = true;
    count.textContent = 'Counting…';
    try {
      const total = (await get(countUrl)).data.pagination.total_count;
      if (el.dataset.ticket !== ticket) return;
      fill(el, range(`${number(total)} ${total === 1 ? one : many}`));
      el.removeAttribute('title');
    } catch (e) {
      if (el.dataset.ticket !== ticket) return;
      count.disabled = false;
      count.textContent = 'Count all';
      el.title = `Counting failed: ${e.message}`;
    }
  });
  fill(el, range(`more than ${number(p.total_count)} ${many}`), ' ', count);
}

function noMatch() {
  return [h('h2', null, 'No files match these filters'),
    h('p', { class: 'muted' }, 'Loosen a filter, or start again.'),
    h('button', { type: 'button', onclick: () => $('#filters').reset() }, 'Clear filters')];
}

function nothingCached() {
  const example = `curl -X POST ${location.origin}/api/cached/files \\\n`
    + '  -H "Content-Type: application/json" \\\n'
    + (token() ? '  -H "Authorization: Bearer $CACHERR_TOKEN" \\\n' : '')
    + '  -d \'{"file_path": "/array/movies/Heat (1995)/Heat (1995).mkv",\n'
    + '       "triggered_by_operation": "manual", "user_id": "alice"}\'';
  return [h('h2', null, 'Nothing is on the cache yet'),
    h('p', { class: 'muted' }, 'Files appear here as soon as something caches them — your watchlist or on-deck automation, '
      + 'or a request of your own. To cache one file by hand:'),
    h('pre', null, example),
    h('p', { class: 'muted small' }, 'Add an Authorization header when the server has an API token. Every endpoint is described in ',
      h('a', { href: '/api/openapi.json' }, '/api/openapi.json'), '.')];
}

function updateSortHeaders() {
  for (const th of $$('#files-table th[data-sort]')) {
    if (th.dataset.sort === state.sort) th.setAttribute('aria-sort', state.order === 'asc' ? 'ascending' : 'descending');
    else th.removeAttribute('aria-sort');
  }
}

/** The export links carry the table's filters and order, so a download has exactly the rows shown (all pages). */
function updateExportLinks() {
  const params = { ...apiFilters(), sort: state.sort, order: state.order };
  for (const format of ['csv', 'json', 'txt']) {
    $(`#export-${format}`).href = `/api/cached/export?${query({ format, ...params })}`;
  }
}

function applyFilters() {
  state.filters = readFileForm();
  state.page = 1;
  writeUrl(false);
  loadFiles();
}
const applyFiltersSoon = debounce(applyFilters, 300);

/** Filters, paging, sorting and row clicks. */
export function wireFiles() {
  // Filters: typing is debounced, choices apply at once, and the URL follows.
  const form = $('#filters');
  form.addEventListener('input', (ev) => (ev.target.tagName === 'SELECT' ? applyFilters() : applyFiltersSoon()));
  form.addEventListener('submit', (ev) => { ev.preventDefault(); applyFilters(); });
  form.addEventListener('reset', () => setTimeout(applyFilters, 0));
  $('#page-size').addEventListener('change', (ev) => {
    state.limit = parseInt(ev.target.value, 10);
    state.page = 1;
    writeUrl(false);
    loadFiles();
  });
  $('#prev-page').addEventListener('click', () => { state.page = Math.max(1, state.page - 1); writeUrl(true); loadFiles(); });
  $('#next-page').addEventListener('click', () => { state.page += 1; writeUrl(true); loadFiles(); });

  for (const th of $$('#files-table th[data-sort]')) {
    const button = h('button', { type: 'button', class: 'sort' }, th.textContent);
    fill(th, button);
    button.addEventListener('click', () => {
      const field = th.dataset.sort;
      state.order = state.sort === field ? (state.order === 'asc' ? 'desc' : 'asc') : defaultOrder(field);
      state.sort = field;
      state.page = 1;
      writeUrl(false);
      loadFiles();
    });
  }
  wireSelection();
  $('#files-body').addEventListener('click', (ev) => {
    if (ev.target.closest('td.select')) return; // ticking a row's box does not open it
    const opener = ev.target.closest('[data-open]');
    if (opener) { openDetail(opener.dataset.open); return; }
    const row = ev.target.closest('tr[data-id]');
    if (row && !window.getSelection().toString()) openDetail(row.dataset.id);
  });
}
