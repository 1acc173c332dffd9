// The Operations view's batch history: every batch with its progress (live), and a batch's per-file results.
import { api } from '../app/api.js';
import { number } from '../app/format.js';
import { el, when } from './format.js';
import { onBatchEvent } from './live.js';

export function mountHistory(view) {
  const body = el('tbody', { id: 'batches-body' });
  const detail = el('div', { id: 'batch-detail' });
  const panel = el('section', { id: 'batches-panel', class: 'panel table-panel', 'aria-labelledby': 'batches-title' },
    el('h2', { id: 'batches-title' }, 'Batch operations'),
    el('table', { class: 'data', id: 'batches-table' },
      el('thead', {}, el('tr', {}, ['Started', 'Operation', 'Status', 'Progress', 'Files', 'Reason']
        .map((h) => el('th', { scope: 'col' }, h)))), body), detail);
  view.querySelector('.view-head').after(panel);

  const rows = new Map();

  function render(batch) {
    const cells = [when(batch.started_at),
      el('button', { type: 'button', class: 'link', onclick: () => open(batch.id) }, batch.operation_type
        + (batch.test_mode ? ' (dry run)' : '')),
      batch.status,
      el('progress', { max: '100', value: String(batch.progress ?? 0), 'aria-label': `${batch.progress ?? 0}%` }),
      `${number(batch.files_processed)} / ${number(batch.total_files)}`, batch.error_message || batch.reason];
    const row = el('tr', { 'data-batch': batch.id }, cells.map((c) => el('td', {}, c)));
    const old = rows.get(batch.id);
    if (old) old.replaceWith(row); else body.prepend(row);
    rows.set(batch.id, row);
  }

  async function load() {
    const envelope = await api('GET', '/api/results/operations?limit=50');
    body.replaceChildren();
    rows.clear();
    for (const batch of envelope.data.operations.slice().reverse()) render(batch);
  }

  async function open(id) {
    const envelope = await api('GET', `/api/results/operations/${encodeURIComponent(id)}?limit=500`);
    const files = envelope.data.file_operations;
    detail.replaceChildren(el('h3', {}, `Files of ${envelope.data.batch_operation.operation_type}`),
      el('table', { class: 'data', id: 'batch-files' },
        el('thead', {}, el('tr', {}, ['File', 'Status', 'What happened'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, files.map((f) => el('tr', {}, el('td', {}, f.file_path), el('td', {}, f.status),
          el('td', {}, f.error_message || f.reason))))));
  }

  let stopListening = null;
  const onEvent = (name, data) => {
    if (name === 'connected') { load().catch(() => {}); return; }
    if (name !== 'operation_progress') return;
    const row = rows.get(data.operation_id);
    if (!row) { load().catch(() => {}); return; }
    const cells = row.children;
    cells[2].textContent = data.status;
    cells[3].firstChild.value = data.progress;
    cells[4].textContent = `${number(data.files_processed)} / ${number(data.total_files)}`;
  };
  // live only while the view is shown (app.js toggles its hidden attribute); 'connected' loads the list
  const follow = () => {
    if (!view.hidden && !stopListening) stopListening = onBatchEvent(onEvent);
    if (!view.hidden) load().catch((e) => detail.replaceChildren(el('p', { class: 'result bad' }, e.message)));
  };
  new MutationObserver(follow).observe(view, { attributes: true, attributeFilter: ['hidden'] });
  follow();
}
