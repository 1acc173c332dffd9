// Alerts, toasts and the confirmation dialog.
import { $, h } from './dom.js';

export function showAlert(key, message) {
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
export function clearAlert(key) {
  const alert = $(`#alerts .alert[data-key="${key}"]`);
  if (alert) alert.remove();
}
export function toast(message) {
  const el = h('div', { class: 'toast' }, message);
  $('#toasts').append(el);
  setTimeout(() => el.remove(), 5000);
}
/** An error inside a dialog: the page behind it is covered, so the message goes where the eyes are. */
export function errorBox(message) {
  return h('div', { class: 'result bad', role: 'alert' }, h('strong', null, 'Error: '), message);
}

export function confirmDialog(title, text, okLabel) {
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
