// The Users view: every user, and one user's statistics over a period.
import { OPERATIONS, ago, badge, label, plural, when } from './format.js';
import { $, fill, h } from './dom.js';
import { get } from './api.js';
import { clearAlert, errorBox, showAlert } from './alerts.js';
import { setUsers, state, users, writeUrl } from './state.js';
import { barChart, card } from './charts.js';
import { openDetail } from './detail.js';

export async function loadUsersView() {
  $('#user-days').value = String(state.days);
  try {
    setUsers((await get('/api/cached/users')).data.users);
    clearAlert('users');
  } catch (e) {
    showAlert('users', `Users could not be loaded: ${e.message}`);
    return;
  }
  fill($('#user-list'), ...users.map((u) => h('option', { value: u.user_id })));
  $('#users-empty').hidden = users.length > 0;
  fill($('#users-empty'), h('h2', null, 'No users yet'),
    h('p', { class: 'muted' }, 'Files cached for a user (with a user_id) show up here, with what each user has on the cache.'));
  fill($('#users-body'), ...users.map((u) => h('tr', { class: u.user_id === state.user ? 'selected' : null },
    h('td', { 'data-label': 'User' }, h('button', { type: 'button', class: 'linkish', 'data-user': u.user_id,
      onclick: () => { state.user = u.user_id; writeUrl(true); loadUsersView(); } }, u.user_id)),
    h('td', { class: 'num', 'data-label': 'Files' }, String(u.total_files)),
    h('td', { class: 'num', 'data-label': 'Active' }, String(u.active_files)),
    h('td', { class: 'num', 'data-label': 'Size' }, u.total_size_readable),
    h('td', { class: 'when', 'data-label': 'Latest file' }, u.last_attributed_at ? ago(u.last_attributed_at) : '—'))));
  if (state.user) loadUserStats();
}

async function loadUserStats() {
  const target = $('#user-stats');
  fill(target, h('p', { class: 'muted' }, `Loading ${state.user}…`));
  try {
    const st = (await get(`/api/cached/users/${encodeURIComponent(state.user)}/stats?days=${state.days}`)).data;
    const ops = Object.entries(st.files_by_operation || {}).filter(([, n]) => n > 0)
      .map(([op, n]) => ({ label: label(OPERATIONS, op), value: n, text: plural(n, 'file') }))
      .sort((a, b) => b.value - a.value);
    fill(target, 
      h('h2', { id: 'user-stats-title' }, `${st.user_id} — last ${plural(st.period_days, 'day')}`),
      h('div', { class: 'cards' },
        card('Files', String(st.total_files), 'cached in the period'),
        card('Active', String(st.active_files), 'still on the cache'),
        card('Size', st.total_size_readable),
        card('Accesses', String(Math.round(st.access_stats.average_access_count * 10) / 10), `average; at most ${st.access_stats.max_access_count}`),
        card('Mostly', label(OPERATIONS, st.most_common_operation), 'most common operation')),
      h('h3', null, 'Files by operation'),
      barChart(ops, `Files cached for ${st.user_id} by operation`),
      h('h3', null, 'Most accessed'),
      st.most_accessed_file
        ? h('p', null, h('strong', null, st.most_accessed_file.filename), ` — ${plural(st.most_accessed_file.access_count, 'access', 'accesses')}`)
        : h('p', { class: 'muted' }, 'Nothing was played yet.'),
      h('h3', null, 'Recent files'),
      st.recent_files.length
        ? h('ul', { class: 'user-rows' }, st.recent_files.map((f) => h('li', null,
          h('button', { type: 'button', class: 'linkish', onclick: () => openDetail(f.id) }, f.filename),
          h('span', null, badge(f.status), ' ', h('span', { class: 'muted small' }, when(f.cached_at))))))
        : h('p', { class: 'muted' }, 'Nothing cached for this user in the period.'));
  } catch (e) {
    fill(target, errorBox(e.message));
  }
}

/** The period selector. */
export function wireUsers() {
  $('#user-days').addEventListener('change', (ev) => {
    state.days = parseInt(ev.target.value, 10);
    writeUrl(false);
    if (state.user) loadUserStats();
  });
}
