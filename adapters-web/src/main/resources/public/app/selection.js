// Choosing rows of the file table for a batch: a checkbox per row, one for the page in the header, and a count.
// The selection is a set of file ids: it survives paging, sorting and changing the filters (a selection can be
// gathered over several searches), and says how many of it the table does not show. It lasts until it is cleared
// (the "Clear selection" button, or unticking) or the page is reloaded; it is never sent anywhere but in a batch.
import { $, $$, fill, h } from './dom.js';
import { number, plural } from './format.js';

/** More ids than this would not fit a batch's request body (1 MiB); the page refuses to select past it. */
export const MAX_SELECTED = 10000;

const selected = new Map(); // id → filename, in the order chosen
let shown = []; // the files of the table's current page: [{id, filename}]
let pagination = null; // the current view's, as the table last read it
const listeners = new Set();

export const selectedIds = () => [...selected.keys()];
export const selectedCount = () => selected.size;

/** The table's current view: how many files match its filters, in words ("53", "more than 10,000"), or null. */
export function matchingCount() {
  if (!pagination) return null;
  return pagination.total_count_exact === false ? `more than ${number(pagination.total_count)}`
    : number(pagination.total_count);
}

/** Calls `listener()` now and after every change of the selection or of the table's page. */
export function onSelectionChange(listener) {
  listeners.add(listener);
  listener();
  return () => listeners.delete(listener);
}

export function clearSelection() {
  selected.clear();
  changed();
}

/** The first cell of a file's row: its checkbox, labelled with the file's name. */
export function selectCell(file) {
  const box = h('input', { type: 'checkbox', class: 'pick', 'data-pick': file.id, 'aria-label': `Select ${file.filename}` });
  box.checked = selected.has(file.id);
  return h('td', { class: 'select', 'data-label': 'Select' }, h('label', { class: 'pick-hit' }, box));
}

/** The table rendered a page: its files (for "this page") and its pagination (for "all N matching"). */
export function showPage(files, pages) {
  shown = files.map((f) => ({ id: f.id, filename: f.filename }));
  pagination = pages;
  changed();
}

function toggle(id, filename, on) {
  if (on && !selected.has(id)) {
    if (selected.size >= MAX_SELECTED) {
      say(`At most ${number(MAX_SELECTED)} files can be selected for one batch; use “all matching the filters” for more.`);
      return false;
    }
    selected.set(id, filename);
  } else if (!on) {
    selected.delete(id);
  }
  return true;
}

const NONE = 'No files selected — tick rows to run a batch on just those files.';
let notice = '';
function say(text) { notice = text; }

function changed() {
  // the boxes of the rows shown, and the header's box for this page (indeterminate when part of it is chosen)
  for (const box of $$('#files-body input.pick')) {
    box.checked = selected.has(box.dataset.pick);
    box.closest('tr').classList.toggle('picked', box.checked);
  }
  const page = $('#select-page');
  if (page) {
    const chosen = shown.filter((f) => selected.has(f.id)).length;
    page.checked = shown.length > 0 && chosen === shown.length;
    page.indeterminate = chosen > 0 && chosen < shown.length;
    page.disabled = shown.length === 0;
  }
  const bar = $('#selection-bar');
  if (bar) {
    const off = selected.size - shown.filter((f) => selected.has(f.id)).length;
    fill($('#selection-count'), selected.size === 0 ? NONE
      : `${number(selected.size)} selected`, off > 0 ? ` — ${plural(off, 'of them is', 'of them are')} not on this page` : '',
    notice ? ` ${notice}` : '');
    $('#selection-clear').hidden = selected.size === 0;
    notice = '';
  }
  for (const listener of listeners) listener();
}

/** The header's box, the count line above the table and the rows' boxes. */
export function wireSelection() {
  const head = $('#files-table thead tr');
  const page = h('input', { type: 'checkbox', id: 'select-page', 'aria-label': 'Select all files on this page' });
  // on a phone the header is a bar above the cards, where the box needs words of its own (app.css)
  head.prepend(h('th', { scope: 'col', class: 'select' },
    h('label', { class: 'page-hit' }, page, h('span', { class: 'page-word' }, 'Select this page'))));
  page.addEventListener('change', () => {
    for (const f of shown) if (!toggle(f.id, f.filename, page.checked)) break;
    changed();
  });

  const clear = h('button', { type: 'button', id: 'selection-clear', class: 'linkish', hidden: true }, 'Clear selection');
  clear.addEventListener('click', () => { clearSelection(); page.focus(); });
  $('#files-table').before(h('div', { id: 'selection-bar', class: 'selection-bar' },
    h('span', { id: 'selection-count', role: 'status', 'aria-live': 'polite' }, NONE), ' ', clear));

  $('#files-body').addEventListener('change', (ev) => {
    const box = ev.target.closest('input.pick');
    if (!box) return;
    const file = shown.find((f) => f.id === box.dataset.pick);
    if (!toggle(box.dataset.pick, file ? file.filename : box.dataset.pick, box.checked)) box.checked = false;
    changed();
  });
}
