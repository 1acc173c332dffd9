// The detail panel of one file: its fields, users, audit log; remove, attach, detach, verify.
import { AUDIT_ACTIONS, OPERATIONS, STATUSES, badge, label, titleOf, when } from './format.js';
import { $, $$, fill, h } from './dom.js';
import { api, get, query } from './api.js';
import { confirmDialog, errorBox, toast } from './alerts.js';
import { state, writeUrl } from './state.js';
import { loadOverview } from './charts.js';
import { loadFiles } from './files.js';
import { loadUsersView } from './users.js';
import { loadOps } from './operations.js';

let detailSeq = 0;

export async function openDetail(id, push = true) {
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

export function auditTable(entries, withFile) {
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

export function refreshAfterChange() {
  if (state.view === 'files') { loadFiles(); loadOverview(); }
  else if (state.view === 'users') loadUsersView();
  else loadOps();
}

/** Closing the panel forgets the file and any answer still on its way. */
export function wireDetail() {
  $('#detail').addEventListener('close', () => {
    detailSeq++;
    if (state.file) { state.file = null; writeUrl(true); markSelectedRow(); }
  });
}
