// Cleaning up orphaned files: a dry run first, nothing changes until Apply.
import { badge, plural } from './format.js';
import { $, fill, h } from './dom.js';
import { api } from './api.js';
import { errorBox } from './alerts.js';
import { refreshAfterChange } from './detail.js';

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

/** The cleanup dialog. */
export function wireCleanup() {
  $('#cleanup-button').addEventListener('click', () => { $('#cleanup').showModal(); previewCleanup(); });
  $('#cleanup-remove').addEventListener('change', previewCleanup);
  $('#cleanup-apply').addEventListener('click', applyCleanup);
}
