// Verifying the whole cache in batches, with a progress bar and a report.
import { badge, plural } from './format.js';
import { $, fill, h } from './dom.js';
import { api, get, query } from './api.js';
import { errorBox } from './alerts.js';
import { refreshAfterChange } from './detail.js';

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

/** The verify dialog; closing it stops the run. */
export function wireVerify() {
  $('#verify-button').addEventListener('click', () => {
    $('#verify-progress').hidden = true;
    fill($('#verify-body'));
    $('#verify-start').disabled = false;
    $('#verify').showModal();
    $('#verify-start').focus();
  });
  $('#verify-start').addEventListener('click', verifyAll);
  $('#verify').addEventListener('close', () => { verifyRun++; });
}
