// The Cached page: boot and routing. Plain ES modules over the public HTTP API (/api/cached/*), no build step,
// nothing from the internet. Each view lives in a module of its own beside this one.
import { AUDIT_ACTIONS, OPERATIONS } from './format.js';
import { $, $$, h } from './dom.js';
import { TOKEN_KEY, get, token } from './api.js';
import { toast } from './alerts.js';
import { readUrl, state, writeUrl } from './state.js';
import { loadOverview } from './charts.js';
import { fillFileForm, loadFiles, wireFiles } from './files.js';
import { openDetail, wireDetail } from './detail.js';
import { wireCleanup } from './cleanup.js';
import { wireVerify } from './verify.js';
import { loadUsersView, wireUsers } from './users.js';
import { fillOpsForm, loadOps, wireOperations } from './operations.js';

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

  // Dialogs: buttons marked data-close close their dialog; Escape is the browser's.
  for (const button of $$('dialog [data-close]')) {
    button.addEventListener('click', () => button.closest('dialog').close());
  }

  wireFiles();
  wireDetail();
  wireCleanup();
  wireVerify();
  wireUsers();
  wireOperations();


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
