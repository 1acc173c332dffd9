// The Files view's batch panel: an action on the files ticked in the table, or on every file matching the table's
// filters — preview it (a dry run), run it, watch it live, cancel it.
import { api } from '../app/api.js';
import { batchFilters, loadFiles } from '../app/files.js';
import { loadOverview } from '../app/charts.js';
import { number } from '../app/format.js';
import { matchingCount, onSelectionChange, selectedCount, selectedIds } from '../app/selection.js';
import { ACTIONS, el, remaining } from './format.js';
import { onBatchEvent } from './live.js';

let watched = null; // the id of the batch this panel follows

export function mountStartPanel(filesArea) {
  const action = el('select', { name: 'action', id: 'batch-action' },
    Object.entries(ACTIONS).map(([value, label]) => el('option', { value }, label)));
  const user = el('input', { type: 'text', name: 'user_id', id: 'batch-user', maxlength: '200', list: 'user-list',
    placeholder: 'alice' });
  const status = el('div', { id: 'batch-status', role: 'status', 'aria-live': 'polite' });
  const bar = el('progress', { id: 'batch-progress', max: '100', value: '0', hidden: true,
    'aria-label': 'Batch progress' });
  const cancel = el('button', { type: 'button', id: 'batch-cancel', hidden: true, onclick: () => cancelWatched(status) },
    'Cancel');
  const preview = el('button', { type: 'button', id: 'batch-preview', onclick: () => start(true) }, 'Preview');
  const run = el('button', { type: 'button', id: 'batch-run', onclick: () => start(false) }, 'Run');
  const results = el('ol', { id: 'batch-results', class: 'batch-results' });
  // which files: the ones ticked in the table (by id), or all matching the filters
  const onSelected = el('input', { type: 'radio', name: 'batch-scope', id: 'batch-scope-selected', value: 'selected' });
  const onMatching = el('input', { type: 'radio', name: 'batch-scope', id: 'batch-scope-matching', value: 'matching',
    checked: true });
  const selectedText = el('span', { id: 'batch-scope-selected-text' });
  const matchingText = el('span', { id: 'batch-scope-matching-text' });
  const scope = el('fieldset', { class: 'batch-scope' }, el('legend', {}, 'Files'),
    el('label', { class: 'check' }, onSelected, selectedText), el('label', { class: 'check' }, onMatching, matchingText));
  const panel = el('section', { id: 'batch-panel', class: 'panel batch-panel', 'aria-labelledby': 'batch-title' },
    el('h2', { id: 'batch-title' }, 'Batch operation'), scope,
    el('div', { class: 'filters' }, el('label', {}, 'Action ', action), el('label', {}, 'User ', user), preview, run,
      cancel),
    el('div', { class: 'progress-line' }, bar, status), results);
  filesArea.before(panel);

  // The choice follows the selection: ticking a first row chooses "the selected files", clearing it "all matching".
  let had = 0;
  onSelectionChange(() => {
    const count = selectedCount();
    selectedText.textContent = count ? `The ${number(count)} selected file${count === 1 ? '' : 's'}` : 'The selected files (none yet)';
    const matching = matchingCount();
    matchingText.textContent = matching === null ? 'All files matching the filters'
      : `All ${matching} file${matching === '1' ? '' : 's'} matching the filters`;
    onSelected.disabled = count === 0;
    if (count > 0 && had === 0) onSelected.checked = true;
    if (count === 0) onMatching.checked = true;
    had = count;
  });

  async function start(dryRun) {
    listen();
    results.replaceChildren();
    try {
      const body = { action: action.value, test_mode: dryRun };
      if (onSelected.checked) {
        body.ids = selectedIds();
      } else {
        body.filters = batchFilters();
        if (Object.keys(body.filters).length === 0) body.filters.all = true;
      }
      if (user.value.trim()) body.user_id = user.value.trim();
      const envelope = await api('POST', '/api/results/operations', body);
      const batch = envelope.data.batch_operation;
      watched = batch.id;
      bar.hidden = false;
      bar.value = 0;
      cancel.hidden = dryRun;
      status.className = '';
      status.textContent = `${dryRun ? 'Preview' : 'Running'}: 0 of ${number(batch.total_files)} files`;
    } catch (e) {
      status.textContent = e.message;
      status.className = 'result bad';
    }
  }

  let listening = false;
  const listen = () => {
    if (listening) return;
    listening = true;
    onBatchEvent(onEvent);
  };
  const onEvent = async (name, data) => {
    if (!watched || data.operation_id !== watched || name !== 'operation_progress') return;
    bar.value = data.progress;
    const label = data.test_mode ? 'Preview' : 'Running';
    if (data.status === 'pending' || data.status === 'running') {
      status.className = '';
      status.textContent = `${label}: ${number(data.files_processed)} of ${number(data.total_files)} files — ${remaining(
        data.estimated_time_remaining)}`;
      return;
    }
    cancel.hidden = true;
    // the table and the statistics show what the batch changed: read once when it ends, never while it runs
    if (!data.test_mode && !filesArea.closest('.view').hidden) {
      loadFiles();
      loadOverview();
    }
    status.className = data.files_failed > 0 ? 'result bad' : 'result good';
    status.textContent = `${data.test_mode ? 'Preview — nothing has changed. ' : ''}${data.status}: `
      + `${number(data.files_successful)} done, ${number(data.files_failed)} failed, ${number(data.files_skipped)} skipped of ${number(data.total_files)}`;
    try {
      const detail = await api('GET', `/api/results/operations/${encodeURIComponent(data.operation_id)}?limit=200`);
      results.replaceChildren(...detail.data.file_operations.map((file) => el('li', { class: `file-${file.status}` },
        el('strong', {}, file.filename), ` — ${file.status}: ${file.error_message || file.reason}`)));
    } catch (e) {
      results.replaceChildren(el('li', { class: 'file-failed' }, `The per-file results could not be read: ${e.message}`));
    }
  };
  // the stream opens with the panel's first use; its 'connected' comes before the batch's first step
  user.addEventListener('focus', listen);
  action.addEventListener('focus', listen);
  panel.addEventListener('pointerdown', listen);
}

async function cancelWatched(status) {
  if (!watched) return;
  try {
    await api('POST', `/api/results/operations/${encodeURIComponent(watched)}/cancel`); // the live events say the rest
  } catch (e) {
    status.textContent = e.message;
  }
}
