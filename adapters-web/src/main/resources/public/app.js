// The Cached page: plain JavaScript over the public HTTP API (/api/cached/*), no build step, nothing from the internet.
'use strict';
(() => {
  // ---------------------------------------------------------------- vocabulary
  const TOKEN_KEY = 'cacherr.apiToken';
  const OPERATIONS = {
    watchlist: 'Watchlist', ondeck: 'On deck', trakt: 'Trakt', manual: 'Manual',
    continue_watching: 'Continue watching', real_time_watch: 'Real-time watch', active_watching: 'Active watching',
  };
  const STATUSES = { active: 'Active', orphaned: 'Orphaned', pending_removal: 'Pending removal', removed: 'Removed' };
  const AUDIT_ACTIONS = {
    cache_add: 'Cached', cache_adopt: 'Adopted', cache_remove: 'Removed', cache_cleanup: 'Cleanup',
    cache_access: 'Accessed', cache_verify: 'Verified', cache_purge: 'Purged', cache_recover: 'Recovered',
    user_attach: 'User attached', user_detach: 'User detached', log_prune: 'Log pruned',
  };
  const FILE_FILTERS = ['search', 'user_id', 'status', 'triggered_by_operation', 'size_min', 'size_max', 'cached_since', 'cached_until'];
  const OP_FILTERS = ['operation_type', 'user_id', 'file_path', 'success', 'since', 'until'];
  const DEFAULT_LIMIT = 50;
  const PER_DAY_DAYS = 28;
  const COLORS = ['var(--c1)', 'var(--c2)', 'var(--c3)', 'var(--c4)', 'var(--c5)', 'var(--c6)', 'var(--c7)'];

  // ---------------------------------------------------------------- small helpers
  const $ = (selector, root = document) => root.querySelector(selector);
  const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

  /** Builds an element; children may be strings (always text, never HTML), nodes, arrays or null. */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    setAttrs(el, attrs);
    append(el, children);
    return el;
  }
  function s(tag, attrs, ...children) {
    const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
    setAttrs(el, attrs);
    append(el, children);
    return el;
  }
  function setAttrs(el, attrs) {
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
      else if (key === 'text') el.textContent = value;
      else el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  function append(el, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  /** Replaces an element's children, with the same rules as {@link h}. */
  function fill(el, ...children) {
    el.replaceChildren();
    append(el, children);
    return el;
  }
  function debounce(fn, ms) {
    let timer;
    return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
  }
  const label = (map, code) => (code && map[code]) || code || '—';
  const plural = (n, one, many = one + 's') => `${n} ${n === 1 ? one : many}`;
  const number = (n) => n.toLocaleString();

  /** "1.5 GB", "700mb", "2 t" or a plain number of megabytes; null when empty, NaN when unreadable. */
  function parseSize(text) {
    if (!text || !text.trim()) return null;
    const match = /^\s*(\d+(?:[.,]\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
    if (!match) return NaN;
    const number = parseFloat(match[1].replace(',', '.'));
    const explicitBytes = /^\s*\d+(?:[.,]\d+)?\s*b\s*$/i.test(text);
    const unit = explicitBytes ? 'b' : (match[2] || 'm').toLowerCase();
    const factor = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[unit];
    return Math.round(number * factor);
  }
  function when(iso) {
    if (!iso) return '—';
    const date = new Date(iso);
    return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  }
  function ago(iso) {
    if (!iso) return '—';
    const days = Math.floor((Date.now() - new Date(iso).getTime()) / 86400000);
    if (days <= 0) return 'today';
    if (days === 1) return 'yesterday';
    if (days < 60) return `${days} days ago`;
    return `${Math.round(days / 30)} months ago`;
  }
  /** A date input's value (local day) as the instant its day starts, or ends. */
  function dayToIso(value, endOfDay = false) {
    if (!value) return null;
    const [y, m, d] = value.split('-').map(Number);
    const date = endOfDay ? new Date(y, m - 1, d, 23, 59, 59) : new Date(y, m - 1, d);
    return Number.isNaN(date.getTime()) ? null : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  /** "Show name" or "Movie (year)" from a media path: the folder that names the title. */
  function titleOf(path) {
    const dirs = (path || '').split('/').filter(Boolean).slice(0, -1);
    let i = dirs.length - 1;
    while (i > 0 && /^(season|series|staffel|saison|specials|s\d+$|extras|featurettes)/i.test(dirs[i])) i--;
    return i >= 0 ? dirs[i] : '';
  }
  function badge(status) {
    return h('span', { class: `badge ${status}` }, label(STATUSES, status));
  }

  // ---------------------------------------------------------------- talking to the API
  class ApiError extends Error {
    constructor(message, status) { super(message); this.status = status; }
  }
  const token = () => localStorage.getItem(TOKEN_KEY) || '';

  /** Every call returns the envelope; a failure throws with the envelope's error, in words. */
  async function api(method, path, body) {
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
  const get = (path) => api('GET', path);
  const query = (params) => {
    const q = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value !== null && value !== undefined && value !== '') q.set(key, value);
    }
    return q.toString();
  };

  // ---------------------------------------------------------------- alerts and toasts
  function showAlert(key, message) {
    const box = $('#alerts');
    let alert = $(`.alert[data-key="${key}"]`, box);
    if (!alert) {
      alert = h('div', { class: 'alert', 'data-key': key },
        h('strong', null, 'Error'), h('span', { class: 'alert-text' }),
        h('button', { type: 'button', class: 'ghost small', onclick: () => alert.remove() }, 'Dismiss'));
      box.append(alert);
    }
    $('.alert-text', alert).textContent = message;
  }
  function clearAlert(key) {
    const alert = $(`#alerts .alert[data-key="${key}"]`);
    if (alert) alert.remove();
  }
  function toast(message) {
    const el = h('div', { class: 'toast' }, message);
    $('#toasts').append(el);
    setTimeout(() => el.remove(), 5000);
  }
  /** An error inside a dialog: the page behind it is covered, so the message goes where the eyes are. */
  function errorBox(message) {
    return h('div', { class: 'result bad', role: 'alert' }, h('strong', null, 'Error: '), message);
  }

  // ---------------------------------------------------------------- state <-> URL
  const state = {
    view: 'files', filters: {}, sort: 'cached_at', order: 'desc', page: 1, limit: DEFAULT_LIMIT, file: null,
    user: null, days: 30, ops: {}, opsPage: 1,
  };

  function readUrl() {
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
  function writeUrl(push) {
    const url = urlFor();
    if (url === location.pathname + location.search) return;
    if (push) history.pushState(null, '', url);
    else history.replaceState(null, '', url);
  }
  const defaultOrder = (sort) => (['cached_at', 'file_size_bytes', 'access_count', 'last_accessed'].includes(sort) ? 'desc' : 'asc');

  // ---------------------------------------------------------------- views
  function showView() {
    for (const view of ['files', 'users', 'operations']) {
      $(`#view-${view}`).hidden = state.view !== view;
    }
    for (const link of $$('.top nav a')) {
      if (link.dataset.viewLink === state.view) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    document.title = `${{ files: 'Cached', users: 'Users', operations: 'Operations' }[state.view]} · Cacherr`;
    if (state.view === 'files') {
      fillFileForm();
      loadFiles();
      loadOverview();
    } else if (state.view === 'users') {
      loadUsersView();
    } else {
      fillOpsForm();
      loadOps();
    }
    if (state.file) openDetail(state.file, false);
    else if ($('#detail').open) $('#detail').close();
  }

  // ---------------------------------------------------------------- overview: cards and charts
  let users = [];

  async function loadOverview() {
    loadUserList();
    try {
      const stats = (await get('/api/cached/statistics')).data;
      clearAlert('stats');
      renderCards(stats);
      renderOperationChart(stats);
    } catch (e) {
      showAlert('stats', `Statistics could not be loaded: ${e.message}`);
      fill($('#cards'), h('p', { class: 'muted' }, 'Statistics are unavailable.'));
    }
    loadPerDay();
  }

  async function loadUserList() {
    try {
      users = (await get('/api/cached/users')).data.users;
    } catch (e) {
      users = [];
      showAlert('users', `Users could not be loaded: ${e.message}`);
      return;
    }
    clearAlert('users');
    const select = $('#filters [name=user_id]');
    const chosen = state.filters.user_id || '';
    fill(select, h('option', { value: '' }, 'All users'),
      users.map((u) => h('option', { value: u.user_id }, u.user_id)));
    if (chosen && !users.some((u) => u.user_id === chosen)) select.append(h('option', { value: chosen }, chosen));
    select.value = chosen;
    fill($('#user-list'), ...users.map((u) => h('option', { value: u.user_id })));
    renderUserChart();
  }

  function card(labelText, value, sub, extra) {
    return h('div', { class: 'card panel' },
      h('div', { class: 'label' }, labelText), h('div', { class: 'value' }, value),
      sub ? h('div', { class: 'sub' }, sub) : null, extra || null);
  }

  function renderCards(stats) {
    const space = stats.cache_space;
    let spaceSub = null;
    let meter = null;
    if (space && space.limit && space.limit.bytes > 0) {
      const share = stats.total_size_bytes / space.limit.bytes;
      spaceSub = `of ${space.limit.readable} limit (${Math.round(share * 100)}%)`;
      meter = h('div', { class: `meter${share >= 1 ? ' full' : share > 0.85 ? ' high' : ''}`, role: 'img',
        'aria-label': `${Math.round(share * 100)}% of the cache limit used` },
      h('span', { style: `width:${Math.min(100, share * 100).toFixed(1)}%` }));
    } else if (space && space.free) {
      spaceSub = `${space.free.readable} free on the cache drive`;
    }
    fill($('#cards'), 
      card('Files', String(stats.total_files),
        stats.pending_removal_files ? `${stats.pending_removal_files} pending removal` : 'on the cache'),
      card('Space used', stats.total_size_readable, spaceSub, meter),
      card('Active / orphaned', `${stats.active_files} / ${stats.orphaned_files}`,
        stats.orphaned_files ? 'orphaned files need a cleanup' : 'nothing orphaned'),
      card('Users', String(stats.users_count), 'with files on the cache'),
      card('Hit ratio', `${Math.round((stats.cache_hit_ratio || 0) * 100)}%`, 'of files were played from the cache'),
      card('Oldest file', stats.oldest_cached_at ? ago(stats.oldest_cached_at) : '—',
        stats.oldest_cached_at ? when(stats.oldest_cached_at) : 'nothing cached yet'),
    );
  }

  /** Horizontal bars drawn as SVG; items: {label, value, text}. */
  function barChart(items, description) {
    if (!items.length || items.every((i) => !i.value)) {
      return h('p', { class: 'muted' }, 'Nothing to show yet.');
    }
    const max = Math.max(...items.map((i) => i.value)) || 1;
    const row = 26;
    const labelWidth = 132;
    const valueWidth = 62;
    const width = 360;
    const barWidth = width - labelWidth - valueWidth;
    // Drawn at its natural size (shrunk only when the space is narrower), so the text stays readable.
    const svg = s('svg', { class: 'bars', viewBox: `0 0 ${width} ${items.length * row}`, width, height: items.length * row,
      role: 'img', 'aria-label': description });
    items.forEach((item, i) => {
      const y = i * row;
      const w = Math.max(item.value ? 2 : 0, (item.value / max) * barWidth);
      const name = item.label.length > 19 ? `${item.label.slice(0, 18)}…` : item.label;
      svg.append(
        s('text', { x: 0, y: y + 17, class: 'strong' }, name),
        s('rect', { x: labelWidth, y: y + 6, width: barWidth, height: 14, rx: 7, fill: 'var(--grey-soft)' }),
        s('rect', { x: labelWidth, y: y + 6, width: w.toFixed(1), height: 14, rx: 7, fill: COLORS[i % COLORS.length] },
          s('title', null, `${item.label}: ${item.text}`)),
        s('text', { x: width, y: y + 17, 'text-anchor': 'end' }, item.text),
      );
    });
    return svg;
  }

  function renderOperationChart(stats) {
    const items = Object.entries(stats.size_by_operation || {})
      .map(([op, size]) => ({ label: label(OPERATIONS, op), value: size.bytes, text: size.readable,
        files: (stats.files_by_operation || {})[op] || 0 }))
      .filter((i) => i.value > 0 || i.files > 0)
      .sort((a, b) => b.value - a.value);
    fill($('#chart-operations'), barChart(items, 'Space used by each operation: '
      + items.map((i) => `${i.label} ${i.text}`).join(', ')));
  }

  function renderUserChart() {
    const top = [...users].sort((a, b) => b.total_size_bytes - a.total_size_bytes).slice(0, 6)
      .map((u) => ({ label: u.user_id, value: u.total_size_bytes, text: u.total_size_readable }));
    fill($('#chart-users'), barChart(top, 'Users with the most cached: '
      + top.map((i) => `${i.label} ${i.text}`).join(', ')));
  }

  /** Files cached per day (UTC days, as the server counts them), every day of the last weeks. */
  async function loadPerDay() {
    const target = $('#chart-days');
    let activity;
    try {
      activity = (await get(`/api/cached/activity?${query({ days: PER_DAY_DAYS })}`)).data.activity;
    } catch (e) {
      fill(target, errorBox(`Files per day could not be loaded: ${e.message}`));
      return;
    }
    const days = activity.map((a) => {
      const [y, m, d] = a.day.split('-').map(Number);
      return { day: new Date(y, m - 1, d), count: a.files, size: a.size.readable };
    });
    if (!days.some((d) => d.count)) {
      fill(target, h('p', { class: 'muted' }, `Nothing was cached in the last ${PER_DAY_DAYS} days.`));
      return;
    }
    fill(target, dayChart(days));
  }

  function dayChart(days) {
    const width = 720;
    const height = 150;
    const bottom = 20;
    const left = 26;
    const max = Math.max(1, ...days.map((d) => d.count));
    const slot = (width - left) / days.length;
    const total = days.reduce((sum, d) => sum + d.count, 0);
    const fmt = (d) => d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
    const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img',
      'aria-label': `${plural(total, 'file')} cached in the last ${days.length} days, at most ${max} on one day` });
    const plotHeight = height - bottom - 8;
    const ticks = max >= 2 && max % 2 === 0 ? [0, max / 2, max] : [0, max];
    for (const tick of ticks) {
      const y = 8 + plotHeight * (1 - tick / max);
      svg.append(s('line', { x1: left, x2: width, y1: y, y2: y, class: 'gridline' }),
        s('text', { x: left - 6, y: y + 4, 'text-anchor': 'end' }, String(tick)));
    }
    days.forEach((d, i) => {
      const barHeight = (d.count / max) * plotHeight;
      const x = left + i * slot + slot * 0.15;
      svg.append(s('rect', { x: x.toFixed(1), y: (8 + plotHeight - barHeight).toFixed(1), width: (slot * 0.7).toFixed(1),
        height: barHeight.toFixed(1), rx: 2, fill: 'var(--c1)' }, s('title', null, `${fmt(d.day)}: ${plural(d.count, 'file')}${d.count ? `, ${d.size}` : ''}`)));
      if (i % 7 === 0 || i === days.length - 1) {
        svg.append(s('text', { x: (x + slot * 0.35).toFixed(1), y: height - 4, 'text-anchor': 'middle' }, fmt(d.day)));
      }
    });
    return svg;
  }

  // ---------------------------------------------------------------- the file table
  let filesSeq = 0;
  let lastFiles = null;

  function fillFileForm() {
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

  async function loadFiles() {
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
      const empty = $('#files-empty');
      empty.hidden = false;
      fill(empty, h('p', null, 'The file list is unavailable: ', h('strong', null, e.message)),
        h('button', { type: 'button', onclick: () => loadFiles() }, 'Try again'));
    } finally {
      if (seq === filesSeq) area.setAttribute('aria-busy', 'false');
    }
  }

  function renderFiles(data) {
    const headers = $$('#files-table thead th').map((th) => th.textContent.replace(/[↕↑↓]/g, '').trim());
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
      return h('tr', { 'data-id': f.id, class: f.id === state.file ? 'selected' : null }, cells);
    });
    fill($('#files-body'), ...rows);

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
  function showRange(el, p, shown, one, many, countUrl) {
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

  // ---------------------------------------------------------------- the detail panel
  let detailSeq = 0;

  async function openDetail(id, push = true) {
    const seq = ++detailSeq;
    state.file = id;
    if (push) writeUrl(true);
    markSelectedRow();
    const dialog = $('#detail');
    if (!dialog.open) dialog.showModal();
    $('#detail-title').textContent = 'Loading…';
    const body = $('#detail-body');
    body.setAttribute('aria-busy', 'true');
    try {
      const file = (await get(`/api/cached/files/${encodeURIComponent(id)}`)).data;
      if (seq !== detailSeq) return;
      let log = null;
      let logError = null;
      try {
        log = (await get(`/api/cached/operations?${query({ file_path: file.file_path, limit: 100 })}`)).data;
      } catch (e) {
        logError = e.message;
      }
      if (seq !== detailSeq) return;
      renderDetail(file, log, logError);
    } catch (e) {
      if (seq !== detailSeq) return;
      $('#detail-title').textContent = 'File not available';
      fill(body, errorBox(e.message),
        h('p', { class: 'muted' }, 'The file may have been purged, or the link may be wrong.'));
    } finally {
      body.setAttribute('aria-busy', 'false');
    }
  }

  function markSelectedRow() {
    for (const tr of $$('#files-body tr')) tr.classList.toggle('selected', tr.dataset.id === state.file);
  }

  function renderDetail(file, log, logError) {
    $('#detail-title').textContent = file.filename;
    const entries = log ? log.operations : [];
    const whyOf = (user) => entries.find((e) => e.user_id === user && ['cache_add', 'user_attach', 'cache_adopt'].includes(e.operation_type) && e.success);
    const result = h('div', { id: 'detail-result', 'aria-live': 'polite' });
    const removed = file.status === 'removed';

    const fields = [
      ['Status', badge(file.status)],
      ['Title', titleOf(file.file_path) || '—'],
      ['Media path', h('span', { class: 'mono' }, file.file_path)],
      ['Original path', h('span', { class: 'mono' }, file.original_path || '—')],
      ['Cached path', h('span', { class: 'mono' }, file.cached_path || '—')],
      ['Method', file.cache_method],
      ['Size', `${file.file_size_readable} (${file.file_size_bytes.toLocaleString()} bytes)`],
      ['Cached at', when(file.cached_at)],
      ['Last accessed', file.last_accessed ? when(file.last_accessed) : 'never'],
      ['Accesses', String(file.access_count)],
      ['Cached by', label(OPERATIONS, file.triggered_by_operation) + (file.triggered_by_user ? ` for ${file.triggered_by_user}` : '')],
      ['Id', h('span', { class: 'mono' }, file.id)],
    ];
    if (file.metadata) fields.push(['Metadata', h('pre', null, JSON.stringify(file.metadata, null, 2))]);

    const attachUser = h('input', { type: 'text', name: 'user', list: 'user-list', required: true, maxlength: 200, 'aria-label': 'User id' });
    const attachReason = h('input', { type: 'text', name: 'reason', maxlength: 500, placeholder: 'optional', 'aria-label': 'Reason' });

    fill($('#detail-body'), 
      h('div', { class: 'actions-row' },
        h('button', { type: 'button', id: 'detail-verify', disabled: removed, onclick: () => verifyOne(file, result) }, 'Verify this file'),
        h('button', { type: 'button', id: 'detail-remove', class: 'danger', disabled: removed, onclick: () => removeFile(file, result) },
          removed ? 'Removed from cache' : 'Remove from cache…')),
      result,
      h('dl', { class: 'fields' }, fields.map(([k, v]) => [h('dt', null, k), h('dd', null, v)])),
      h('h3', null, `Users (${file.users.length})`),
      file.users.length
        ? h('ul', { class: 'user-rows' }, file.users.map((u) => {
          const why = whyOf(u);
          return h('li', null,
            h('span', null, h('strong', null, u), ' ',
              h('span', { class: 'why' }, why ? `— ${why.reason || label(AUDIT_ACTIONS, why.operation_type)}, ${when(why.timestamp)}` : '')),
            h('button', { type: 'button', class: 'ghost small', 'aria-label': `Detach ${u}`, disabled: removed,
              onclick: () => changeUser(file, u, 'DELETE', null, result) }, 'Detach'));
        }))
        : h('p', { class: 'muted' }, 'No user: this file was cached by the system.'),
      removed ? null : h('form', { class: 'inline-form', onsubmit: (ev) => {
        ev.preventDefault();
        changeUser(file, attachUser.value.trim(), 'PUT', attachReason.value.trim() || null, result);
      } },
      h('label', null, 'Attach user', attachUser), h('label', null, 'Why', attachReason),
      h('button', { type: 'submit' }, 'Attach')),
      h('h3', null, 'Audit log'),
      logError ? errorBox(`The audit log could not be loaded: ${logError}`) : auditTable(entries, false),
    );
  }

  function auditTable(entries, withFile) {
    if (!entries.length) return h('p', { class: 'muted' }, 'No entries.');
    return h('table', { class: withFile ? 'data' : 'changes audit' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'When'), h('th', { scope: 'col' }, 'Operation'),
        withFile ? h('th', { scope: 'col' }, 'File') : null,
        h('th', { scope: 'col' }, 'User'), h('th', { scope: 'col' }, 'Reason'), h('th', { scope: 'col' }, 'Result'))),
      h('tbody', null, entries.map((e) => h('tr', null,
        h('td', { class: 'when', 'data-label': 'When', title: e.timestamp }, when(e.timestamp)),
        h('td', { 'data-label': 'Operation' }, label(AUDIT_ACTIONS, e.operation_type)),
        withFile ? h('td', { class: 'path', 'data-label': 'File', title: e.file_path || '' }, e.file_path || '—') : null,
        h('td', { 'data-label': 'User' }, e.user_id || '—'),
        h('td', { 'data-label': 'Reason' }, e.reason || '—'),
        h('td', { 'data-label': 'Result' }, h('span', { class: `badge ${e.success ? 'completed' : 'failed'}` }, e.success ? 'OK' : 'Failed'),
          e.error_message ? h('div', { class: 'small muted' }, e.error_message) : null)))));
  }

  async function removeFile(file, result) {
    const ok = await confirmDialog(`Remove ${file.filename} from the cache?`,
      'The cached copy is released and the media path is served from the array again. The file stays in the books '
      + 'as removed; it can be cached again at any time.', 'Remove from cache');
    if (!ok) return;
    try {
      const envelope = await api('DELETE', `/api/cached/files/${encodeURIComponent(file.id)}`, { reason: 'manual' });
      toast(envelope.message || 'Removed');
      await openDetail(file.id, false);
      fill($('#detail-result'), h('div', { class: 'result good' }, envelope.message || 'Removed.'));
    } catch (e) {
      fill(result, errorBox(e.message));
    }
    refreshAfterChange();
  }

  async function changeUser(file, user, method, reason, result) {
    if (!user) return;
    try {
      const path = `/api/cached/files/${encodeURIComponent(file.id)}/users/${encodeURIComponent(user)}`;
      await api(method, path, method === 'PUT' && reason ? { reason } : undefined);
      await openDetail(file.id, false);
      fill($('#detail-result'), h('div', { class: 'result good' },
        method === 'PUT' ? `${user} attached.` : `${user} detached.`));
      refreshAfterChange();
    } catch (e) {
      fill(result, errorBox(e.message));
    }
  }

  async function verifyOne(file, result) {
    fill(result, h('div', { class: 'result' }, 'Verifying…'));
    try {
      const data = (await api('POST', '/api/cached/verify', { ids: [file.id], checksum: false })).data;
      const finding = data.findings[0];
      await openDetail(file.id, false);
      fill($('#detail-result'), finding
        ? h('div', { class: 'result bad' }, h('strong', null, `Problem: ${finding.state.replace(/_/g, ' ')}. `), finding.detail,
          finding.status_before !== finding.status_after ? ` Status ${label(STATUSES, finding.status_before)} → ${label(STATUSES, finding.status_after)}.` : '')
        : h('div', { class: 'result good' }, 'Verified: the cached copy is intact. Recorded in the audit log.'));
      refreshAfterChange();
    } catch (e) {
      fill(result, errorBox(e.message));
    }
  }

  function refreshAfterChange() {
    if (state.view === 'files') { loadFiles(); loadOverview(); }
    else if (state.view === 'users') loadUsersView();
    else loadOps();
  }

  // ---------------------------------------------------------------- confirmation
  function confirmDialog(title, text, okLabel) {
    const dialog = $('#confirm');
    $('#confirm-title').textContent = title;
    $('#confirm-text').textContent = text;
    $('#confirm-ok').textContent = okLabel;
    dialog.returnValue = '';
    dialog.showModal();
    $('#confirm-cancel').focus(); // the safe choice first
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    });
  }

  // ---------------------------------------------------------------- cleanup with preview
  async function previewCleanup() {
    const body = $('#cleanup-body');
    const apply = $('#cleanup-apply');
    apply.disabled = true;
    fill(body, h('p', { class: 'muted' }, 'Checking every file on the cache…'));
    try {
      const removeOrphaned = $('#cleanup-remove').checked;
      const data = (await api('POST', '/api/cached/cleanup', { remove_orphaned: removeOrphaned, dry_run: true })).data;
      fill(body, cleanupReport(data, true));
      apply.disabled = data.changes.length === 0;
    } catch (e) {
      fill(body, errorBox(`The preview failed: ${e.message}`));
    }
  }

  async function applyCleanup() {
    const body = $('#cleanup-body');
    const apply = $('#cleanup-apply');
    apply.disabled = true;
    try {
      const envelope = await api('POST', '/api/cached/cleanup', { remove_orphaned: $('#cleanup-remove').checked, dry_run: false });
      fill(body, h('div', { class: 'result good', role: 'status' }, envelope.message || 'Cleanup finished.'),
        cleanupReport(envelope.data, false));
      refreshAfterChange();
    } catch (e) {
      fill(body, errorBox(`The cleanup failed: ${e.message}`));
      apply.disabled = false;
    }
  }

  function cleanupReport(data, dryRun) {
    const would = dryRun ? 'would be' : 'were';
    const summary = [];
    summary.push(`${plural(data.orphaned_count, 'orphaned file')} found`);
    if (data.remove_orphaned) summary.push(`${plural(data.removed_count, 'file')} ${would} removed`);
    if (data.pending_removals_done) summary.push(`${plural(data.pending_removals_done, 'pending removal')} ${would} finished`);
    if (data.failed_count) summary.push(`${plural(data.failed_count, 'file')} could not be changed`);
    if (!data.changes.length) {
      return h('div', { class: 'result good', id: 'cleanup-summary' }, 'Nothing to clean up: every file on the cache is where the books say.');
    }
    return h('div', null,
      h('p', { id: 'cleanup-summary' }, h('strong', null, dryRun ? 'Preview — nothing has changed yet. ' : 'Done. '), `${summary.join('; ')}.`),
      h('table', { class: 'changes', id: 'cleanup-changes' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'File'), h('th', { scope: 'col' }, 'Change'), h('th', { scope: 'col' }, 'Why'))),
        h('tbody', null, data.changes.map((c) => h('tr', null,
          h('td', { class: 'path' }, c.file_path),
          h('td', null, badge(c.from), ' → ', badge(c.to)),
          h('td', null, c.why))))));
  }

  // ---------------------------------------------------------------- verify with progress
  let verifyRun = 0;

  async function verifyAll() {
    const run = ++verifyRun;
    const start = $('#verify-start');
    const bar = $('#verify-bar');
    const count = $('#verify-count');
    const body = $('#verify-body');
    start.disabled = true;
    $('#verify-progress').hidden = false;
    bar.removeAttribute('value');
    count.textContent = 'Listing the files…';
    fill(body);
    const checksum = $('#verify-checksum').checked;
    try {
      const ids = [];
      for (let offset = 0; ; offset += 500) {
        const data = (await get(`/api/cached/files?${query({ sort: 'filename', order: 'asc', limit: 500, offset })}`)).data;
        ids.push(...data.files.filter((f) => f.status !== 'removed').map((f) => f.id));
        if (!data.pagination.has_more) break;
      }
      const totals = { checked: 0, intact: 0, findings: [] };
      bar.max = Math.max(1, ids.length);
      bar.value = 0;
      const batch = checksum ? 5 : 25;
      for (let i = 0; i < ids.length; i += batch) {
        if (run !== verifyRun) return; // the dialog was closed: stop
        count.textContent = `${i} of ${plural(ids.length, 'file')} checked`;
        const data = (await api('POST', '/api/cached/verify', { ids: ids.slice(i, i + batch), checksum })).data;
        totals.checked += data.checked;
        totals.intact += data.intact;
        totals.findings.push(...data.findings);
        bar.value = Math.min(ids.length, i + batch);
      }
      bar.value = bar.max;
      count.textContent = `${ids.length} of ${plural(ids.length, 'file')} checked`;
      fill(body, verifyReport(totals));
      refreshAfterChange();
    } catch (e) {
      fill(body, errorBox(`Verifying stopped: ${e.message}`));
    } finally {
      if (run === verifyRun) start.disabled = false;
    }
  }

  function verifyReport(totals) {
    const problems = totals.checked - totals.intact;
    return h('div', null,
      h('div', { class: `result ${problems ? 'bad' : 'good'}`, id: 'verify-summary' },
        `Checked ${plural(totals.checked, 'file')}: ${totals.intact} intact, ${plural(problems, 'problem')}.`),
      totals.findings.length ? h('table', { class: 'changes' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'File'), h('th', { scope: 'col' }, 'Found'), h('th', { scope: 'col' }, 'Status'))),
        h('tbody', null, totals.findings.map((f) => h('tr', null,
          h('td', { class: 'path' }, f.file_path),
          h('td', null, `${f.state.replace(/_/g, ' ')}: ${f.detail}`),
          h('td', null, badge(f.status_before), f.status_before !== f.status_after ? [' → ', badge(f.status_after)] : null))))) : null);
  }

  // ---------------------------------------------------------------- users view
  async function loadUsersView() {
    $('#user-days').value = String(state.days);
    try {
      users = (await get('/api/cached/users')).data.users;
      clearAlert('users');
    } catch (e) {
      showAlert('users', `Users could not be loaded: ${e.message}`);
      return;
    }
    fill($('#user-list'), ...users.map((u) => h('option', { value: u.user_id })));
    $('#users-empty').hidden = users.length > 0;
    fill($('#users-empty'), h('h2', null, 'No users yet'),
      h('p', { class: 'muted' }, 'Files cached for a user (with a user_id) show up here, with what each user has on the cache.'));
    fill($('#users-body'), ...users.map((u) => h('tr', { class: u.user_id === state.user ? 'selected' : null },
      h('td', { 'data-label': 'User' }, h('button', { type: 'button', class: 'linkish', 'data-user': u.user_id,
        onclick: () => { state.user = u.user_id; writeUrl(true); loadUsersView(); } }, u.user_id)),
      h('td', { class: 'num', 'data-label': 'Files' }, String(u.total_files)),
      h('td', { class: 'num', 'data-label': 'Active' }, String(u.active_files)),
      h('td', { class: 'num', 'data-label': 'Size' }, u.total_size_readable),
      h('td', { class: 'when', 'data-label': 'Latest file' }, u.last_attributed_at ? ago(u.last_attributed_at) : '—'))));
    if (state.user) loadUserStats();
  }

  async function loadUserStats() {
    const target = $('#user-stats');
    fill(target, h('p', { class: 'muted' }, `Loading ${state.user}…`));
    try {
      const st = (await get(`/api/cached/users/${encodeURIComponent(state.user)}/stats?days=${state.days}`)).data;
      const ops = Object.entries(st.files_by_operation || {}).filter(([, n]) => n > 0)
        .map(([op, n]) => ({ label: label(OPERATIONS, op), value: n, text: plural(n, 'file') }))
        .sort((a, b) => b.value - a.value);
      fill(target, 
        h('h2', { id: 'user-stats-title' }, `${st.user_id} — last ${plural(st.period_days, 'day')}`),
        h('div', { class: 'cards' },
          card('Files', String(st.total_files), 'cached in the period'),
          card('Active', String(st.active_files), 'still on the cache'),
          card('Size', st.total_size_readable),
          card('Accesses', String(Math.round(st.access_stats.average_access_count * 10) / 10), `average; at most ${st.access_stats.max_access_count}`),
          card('Mostly', label(OPERATIONS, st.most_common_operation), 'most common operation')),
        h('h3', null, 'Files by operation'),
        barChart(ops, `Files cached for ${st.user_id} by operation`),
        h('h3', null, 'Most accessed'),
        st.most_accessed_file
          ? h('p', null, h('strong', null, st.most_accessed_file.filename), ` — ${plural(st.most_accessed_file.access_count, 'access', 'accesses')}`)
          : h('p', { class: 'muted' }, 'Nothing was played yet.'),
        h('h3', null, 'Recent files'),
        st.recent_files.length
          ? h('ul', { class: 'user-rows' }, st.recent_files.map((f) => h('li', null,
            h('button', { type: 'button', class: 'linkish', onclick: () => openDetail(f.id) }, f.filename),
            h('span', null, badge(f.status), ' ', h('span', { class: 'muted small' }, when(f.cached_at))))))
          : h('p', { class: 'muted' }, 'Nothing cached for this user in the period.'));
    } catch (e) {
      fill(target, errorBox(e.message));
    }
  }

  // ---------------------------------------------------------------- operations view
  let opsSeq = 0;

  function fillOpsForm() {
    const form = $('#op-filters');
    for (const key of OP_FILTERS) form.elements[key].value = state.ops[key] || '';
  }

  async function loadOps() {
    const seq = ++opsSeq;
    const o = state.ops;
    const limit = 50;
    try {
      const data = (await get(`/api/cached/operations?${query({ operation_type: o.operation_type, user_id: o.user_id,
        file_path: o.file_path, success: o.success, since: dayToIso(o.since), until: dayToIso(o.until, true),
        limit, offset: (state.opsPage - 1) * limit })}`)).data;
      if (seq !== opsSeq) return;
      clearAlert('ops');
      const table = auditTable(data.operations, true);
      fill($('#ops-body'), ...(table.tagName === 'TABLE' ? $$('tbody tr', table) : []));
      const p = data.pagination;
      $('#ops-empty').hidden = p.total_count > 0;
      fill($('#ops-empty'), h('p', { class: 'muted' }, Object.keys(o).length
        ? 'No operations match these filters.' : 'The audit log is empty: nothing has happened yet.'));
      showRange($('#ops-range'), p, data.operations.length, 'entry', 'entries',
        `/api/cached/operations?${query({ operation_type: o.operation_type, user_id: o.user_id,
          file_path: o.file_path, success: o.success, since: dayToIso(o.since), until: dayToIso(o.until, true),
          limit: 1, exact_total: true })}`);
      $('#ops-prev').disabled = state.opsPage <= 1;
      $('#ops-next').disabled = !p.has_more;
    } catch (e) {
      if (seq !== opsSeq) return;
      showAlert('ops', `The audit log could not be loaded: ${e.message}`);
    }
  }

  // ---------------------------------------------------------------- health and token
  async function loadHealth() {
    const el = $('#health');
    try {
      const data = (await get('/health')).data;
      el.className = 'health ok';
      el.textContent = `Server ${data.status}${data.version && data.version !== 'unknown' ? ` · v${data.version}` : ''}`;
    } catch (e) {
      el.className = 'health bad';
      el.textContent = e.status ? 'Server unhealthy' : 'Server unreachable';
      el.title = e.message;
    }
  }

  function showTokenState() {
    const button = $('#token-button');
    button.textContent = token() ? 'API token ✓' : 'API token';
    button.setAttribute('aria-label', token() ? 'API token (set)' : 'API token (not set)');
  }

  // ---------------------------------------------------------------- wiring
  function wire() {
    // Views are real links; the page handles them without reloading.
    for (const link of $$('[data-view-link]')) {
      link.addEventListener('click', (ev) => {
        if (ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;
        ev.preventDefault();
        state.view = link.dataset.viewLink;
        state.file = null;
        state.ops = {};
        state.opsPage = 1;
        writeUrl(true);
        readUrl();
        showView();
        $('#main').focus();
      });
    }
    window.addEventListener('popstate', () => { readUrl(); showView(); });

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
    $('#files-body').addEventListener('click', (ev) => {
      const opener = ev.target.closest('[data-open]');
      if (opener) { openDetail(opener.dataset.open); return; }
      const row = ev.target.closest('tr[data-id]');
      if (row && !window.getSelection().toString()) openDetail(row.dataset.id);
    });

    // Dialogs: buttons marked data-close close their dialog; Escape is the browser's.
    for (const button of $$('dialog [data-close]')) {
      button.addEventListener('click', () => button.closest('dialog').close());
    }
    $('#detail').addEventListener('close', () => {
      detailSeq++;
      if (state.file) { state.file = null; writeUrl(true); markSelectedRow(); }
    });

    $('#cleanup-button').addEventListener('click', () => { $('#cleanup').showModal(); previewCleanup(); });
    $('#cleanup-remove').addEventListener('change', previewCleanup);
    $('#cleanup-apply').addEventListener('click', applyCleanup);

    $('#verify-button').addEventListener('click', () => {
      $('#verify-progress').hidden = true;
      fill($('#verify-body'));
      $('#verify-start').disabled = false;
      $('#verify').showModal();
      $('#verify-start').focus();
    });
    $('#verify-start').addEventListener('click', verifyAll);
    $('#verify').addEventListener('close', () => { verifyRun++; });

    $('#user-days').addEventListener('change', (ev) => {
      state.days = parseInt(ev.target.value, 10);
      writeUrl(false);
      if (state.user) loadUserStats();
    });

    const opsForm = $('#op-filters');
    const applyOps = () => {
      state.ops = {};
      for (const key of OP_FILTERS) {
        const value = opsForm.elements[key].value.trim();
        if (value) state.ops[key] = value;
      }
      state.opsPage = 1;
      writeUrl(false);
      loadOps();
    };
    const applyOpsSoon = debounce(applyOps, 300);
    opsForm.addEventListener('input', (ev) => (ev.target.tagName === 'SELECT' ? applyOps() : applyOpsSoon()));
    opsForm.addEventListener('submit', (ev) => { ev.preventDefault(); applyOps(); });
    opsForm.addEventListener('reset', () => setTimeout(applyOps, 0));
    $('#ops-prev').addEventListener('click', () => { state.opsPage = Math.max(1, state.opsPage - 1); writeUrl(true); loadOps(); });
    $('#ops-next').addEventListener('click', () => { state.opsPage += 1; writeUrl(true); loadOps(); });

    $('#token-button').addEventListener('click', () => {
      $('#token-input').value = token();
      $('#token').showModal();
    });
    $('#token').addEventListener('close', () => {
      if ($('#token').returnValue === 'save') {
        const value = $('#token-input').value.trim();
        if (value) localStorage.setItem(TOKEN_KEY, value);
        else localStorage.removeItem(TOKEN_KEY);
        toast(value ? 'API token saved in this browser.' : 'API token removed.');
      }
      $('#token-input').value = '';
      showTokenState();
    });
    $('#token-forget').addEventListener('click', () => {
      localStorage.removeItem(TOKEN_KEY);
      $('#token').close('forget');
      toast('API token forgotten.');
    });
  }

  function fillVocabulary() {
    $('#filters [name=triggered_by_operation]').append(
      ...Object.entries(OPERATIONS).map(([code, text]) => h('option', { value: code }, text)));
    $('#op-filters [name=operation_type]').append(
      ...Object.entries(AUDIT_ACTIONS).map(([code, text]) => h('option', { value: code }, text)));
  }

  function start() {
    fillVocabulary();
    wire();
    showTokenState();
    readUrl();
    showView();
    loadHealth();
    document.body.dataset.ready = 'true';
  }

  start();
})();
