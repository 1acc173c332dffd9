// The Operations view: the audit log with its filters and paging.
import { OP_FILTERS, dayToIso } from './format.js';
import { $, $$, debounce, fill, h } from './dom.js';
import { get, query } from './api.js';
import { clearAlert, showAlert } from './alerts.js';
import { state, writeUrl } from './state.js';
import { showRange } from './files.js';
import { auditTable } from './detail.js';

let opsSeq = 0;

export function fillOpsForm() {
  const form = $('#op-filters');
  for (const key of OP_FILTERS) form.elements[key].value = state.ops[key] || '';
}

export async function loadOps() {
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

/** The audit log's filters and paging. */
export function wireOperations() {
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
}
