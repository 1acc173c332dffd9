// The Unraid mover's exclusion list on the Cached page: whether Cacherr keeps one, its entries and last write, the
// entries whose host path does not exist (a wrong CACHERR_MOVER_HOST_MAP?), the entries the mover may still move, and
// the reminder about Unraid 7.2.1's built-in mover. A plain script of its own, apart from app.js: it needs only the
// element #mover-list on the page and GET /api/cached/mover-list. File names come from users: text only, never HTML.
(function () {
  'use strict';

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function when(iso) {
    if (!iso) return 'never';
    const date = new Date(iso);
    return isNaN(date) ? iso : date.toLocaleString();
  }

  function list(title, items, render, total) {
    if (!items || items.length === 0) return null;
    const more = total > items.length ? el('li', { class: 'muted' }, `… and ${total - items.length} more`) : null;
    return el('details', { class: 'mover-details' },
      el('summary', {}, title),
      el('ul', { class: 'small' }, ...items.map(item => el('li', {}, ...render(item))), more));
  }

  function render(section, data) {
    section.replaceChildren();
    const title = el('h2', {}, 'Unraid mover list');
    if (!data.enabled) {
      section.append(el('details', {},
        el('summary', { class: 'muted small' }, 'Unraid mover list: off'),
        el('p', { class: 'small' }, (data.warnings || [])[0] || ''),
        el('p', { class: 'small muted' }, data.built_in_mover)));
      section.hidden = false;
      return;
    }
    const state = data.up_to_date
      ? el('span', { class: 'mover-ok' }, '✓ up to date')
      : el('span', { class: 'mover-bad' }, '⚠ not up to date: it still lists files that left the cache'
          + (data.last_error ? ` (${data.last_error})` : ''));
    section.append(
      title,
      el('p', {}, state, ' · ', el('strong', {}, String(data.entries)), ' entries in ', el('code', {}, data.path),
        ' · last written ', when(data.last_write)),
      data.host_paths_checked
        ? (data.missing_host_paths_count > 0
          ? el('p', { class: 'mover-bad' }, `⚠ ${data.missing_host_paths_count} entries name host paths that do not`
              + ' exist: check CACHERR_MOVER_HOST_MAP.')
          : el('p', { class: 'small muted' }, 'Every entry names a host path that exists.'))
        : el('p', { class: 'small muted' }, 'Host paths are not visible from here (a container): they were not checked.'),
      list('Host paths that do not exist', data.missing_host_paths, path => [el('code', {}, path)],
        data.missing_host_paths_count),
      data.glob_risk_count > 0
        ? el('p', { class: data.glob_risks.some(r => r.may_be_moved) ? 'mover-bad' : 'small' },
            `${data.glob_risk_count} entries have names the mover's list reader may not match exactly.`)
        : null,
      list('Names the reader may not match', data.glob_risks, risk => [
        el('code', {}, risk.cached_path), ' — ', risk.may_be_moved ? el('strong', {}, 'may be moved: ') : '', risk.why]),
      ...(data.warnings || []).map(w => el('p', { class: 'mover-bad small' }, '⚠ ', w)),
      el('p', { class: 'small muted' }, data.built_in_mover));
    section.hidden = false;
  }

  async function load() {
    const section = document.getElementById('mover-list');
    if (!section) return;
    try {
      const response = await fetch('/api/cached/mover-list', { headers: { Accept: 'application/json' } });
      const body = await response.json();
      if (!response.ok || !body.success) throw new Error(body.error || `HTTP ${response.status}`);
      render(section, body.data);
    } catch (e) {
      section.replaceChildren(el('p', { class: 'small muted' }, `Unraid mover list: cannot be read (${e.message}).`));
      section.hidden = false;
    }
  }

  window.cacherrMoverList = { load, render };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', load);
  else load();
}());
