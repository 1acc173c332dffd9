// The Files view's overview: statistic cards and inline SVG charts.
import { COLORS, OPERATIONS, PER_DAY_DAYS, ago, label, plural, when } from './format.js';
import { $, fill, h, s } from './dom.js';
import { get, query } from './api.js';
import { clearAlert, errorBox, showAlert } from './alerts.js';
import { setUsers, state, users } from './state.js';

export async function loadOverview() {
  loadUserList();
  try {
    const stats = (await get('/api/cached/statistics')).data;
    clearAlert('stats');
    renderCards(stats);
    renderOperationChart(stats);
  } catch (e) {
    showAlert('stats', `Statistics could not be loaded: ${e.message}`);
    fill($('#cards'), h('p', { class: 'muted' }, 'Statistics are unavailable.'));
  }
  loadPerDay();
}

async function loadUserList() {
  try {
    setUsers((await get('/api/cached/users')).data.users);
  } catch (e) {
    setUsers([]);
    showAlert('users', `Users could not be loaded: ${e.message}`);
    return;
  }
  clearAlert('users');
  const select = $('#filters [name=user_id]');
  const chosen = state.filters.user_id || '';
  fill(select, h('option', { value: '' }, 'All users'),
    users.map((u) => h('option', { value: u.user_id }, u.user_id)));
  if (chosen && !users.some((u) => u.user_id === chosen)) select.append(h('option', { value: chosen }, chosen));
  select.value = chosen;
  fill($('#user-list'), ...users.map((u) => h('option', { value: u.user_id })));
  renderUserChart();
}

export function card(labelText, value, sub, extra) {
  return h('div', { class: 'card panel' },
    h('div', { class: 'label' }, labelText), h('div', { class: 'value' }, value),
    sub ? h('div', { class: 'sub' }, sub) : null, extra || null);
}

function renderCards(stats) {
  const space = stats.cache_space;
  let spaceSub = null;
  let meter = null;
  if (space && space.limit && space.limit.bytes > 0) {
    const share = stats.total_size_bytes / space.limit.bytes;
    spaceSub = `of ${space.limit.readable} limit (${Math.round(share * 100)}%)`;
    meter = h('div', { class: `meter${share >= 1 ? ' full' : share > 0.85 ? ' high' : ''}`, role: 'img',
      'aria-label': `${Math.round(share * 100)}% of the cache limit used` },
    h('span', { style: `width:${Math.min(100, share * 100).toFixed(1)}%` }));
  } else if (space && space.free) {
    spaceSub = `${space.free.readable} free on the cache drive`;
  }
  fill($('#cards'), 
    card('Files', String(stats.total_files),
      stats.pending_removal_files ? `${stats.pending_removal_files} pending removal` : 'on the cache'),
    card('Space used', stats.total_size_readable, spaceSub, meter),
    card('Active / orphaned', `${stats.active_files} / ${stats.orphaned_files}`,
      stats.orphaned_files ? 'orphaned files need a cleanup' : 'nothing orphaned'),
    card('Users', String(stats.users_count), 'with files on the cache'),
    card('Hit ratio', `${Math.round((stats.cache_hit_ratio || 0) * 100)}%`, 'of files were played from the cache'),
    card('Oldest file', stats.oldest_cached_at ? ago(stats.oldest_cached_at) : '—',
      stats.oldest_cached_at ? when(stats.oldest_cached_at) : 'nothing cached yet'),
  );
}

/** Horizontal bars drawn as SVG; items: {label, value, text}. */
export function barChart(items, description) {
  if (!items.length || items.every((i) => !i.value)) {
    return h('p', { class: 'muted' }, 'Nothing to show yet.');
  }
  const max = Math.max(...items.map((i) => i.value)) || 1;
  const row = 26;
  const labelWidth = 132;
  const valueWidth = 62;
  const width = 360;
  const barWidth = width - labelWidth - valueWidth;
  // Drawn at its natural size (shrunk only when the space is narrower), so the text stays readable.
  const svg = s('svg', { class: 'bars', viewBox: `0 0 ${width} ${items.length * row}`, width, height: items.length * row,
    role: 'img', 'aria-label': description });
  items.forEach((item, i) => {
    const y = i * row;
    const w = Math.max(item.value ? 2 : 0, (item.value / max) * barWidth);
    const name = item.label.length > 19 ? `${item.label.slice(0, 18)}…` : item.label;
    svg.append(
      s('text', { x: 0, y: y + 17, class: 'strong' }, name),
      s('rect', { x: labelWidth, y: y + 6, width: barWidth, height: 14, rx: 7, fill: 'var(--grey-soft)' }),
      s('rect', { x: labelWidth, y: y + 6, width: w.toFixed(1), height: 14, rx: 7, fill: COLORS[i % COLORS.length] },
        s('title', null, `${item.label}: ${item.text}`)),
      s('text', { x: width, y: y + 17, 'text-anchor': 'end' }, item.text),
    );
  });
  return svg;
}

function renderOperationChart(stats) {
  const items = Object.entries(stats.size_by_operation || {})
    .map(([op, size]) => ({ label: label(OPERATIONS, op), value: size.bytes, text: size.readable,
      files: (stats.files_by_operation || {})[op] || 0 }))
    .filter((i) => i.value > 0 || i.files > 0)
    .sort((a, b) => b.value - a.value);
  fill($('#chart-operations'), barChart(items, 'Space used by each operation: '
    + items.map((i) => `${i.label} ${i.text}`).join(', ')));
}

function renderUserChart() {
  const top = [...users].sort((a, b) => b.total_size_bytes - a.total_size_bytes).slice(0, 6)
    .map((u) => ({ label: u.user_id, value: u.total_size_bytes, text: u.total_size_readable }));
  fill($('#chart-users'), barChart(top, 'Users with the most cached: '
    + top.map((i) => `${i.label} ${i.text}`).join(', ')));
}

/** Files cached per day (UTC days, as the server counts them), every day of the last weeks. */
async function loadPerDay() {
  const target = $('#chart-days');
  let activity;
  try {
    activity = (await get(`/api/cached/activity?${query({ days: PER_DAY_DAYS })}`)).data.activity;
  } catch (e) {
    fill(target, errorBox(`Files per day could not be loaded: ${e.message}`));
    return;
  }
  const days = activity.map((a) => {
    const [y, m, d] = a.day.split('-').map(Number);
    return { day: new Date(y, m - 1, d), count: a.files, size: a.size.readable };
  });
  if (!days.some((d) => d.count)) {
    fill(target, h('p', { class: 'muted' }, `Nothing was cached in the last ${PER_DAY_DAYS} days.`));
    return;
  }
  fill(target, dayChart(days));
}

function dayChart(days) {
  const width = 720;
  const height = 150;
  const bottom = 20;
  const left = 26;
  const max = Math.max(1, ...days.map((d) => d.count));
  const slot = (width - left) / days.length;
  const total = days.reduce((sum, d) => sum + d.count, 0);
  const fmt = (d) => d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': `${plural(total, 'file')} cached in the last ${days.length} days, at most ${max} on one day` });
  const plotHeight = height - bottom - 8;
  const ticks = max >= 2 && max % 2 === 0 ? [0, max / 2, max] : [0, max];
  for (const tick of ticks) {
    const y = 8 + plotHeight * (1 - tick / max);
    svg.append(s('line', { x1: left, x2: width, y1: y, y2: y, class: 'gridline' }),
      s('text', { x: left - 6, y: y + 4, 'text-anchor': 'end' }, String(tick)));
  }
  days.forEach((d, i) => {
    const barHeight = (d.count / max) * plotHeight;
    const x = left + i * slot + slot * 0.15;
    svg.append(s('rect', { x: x.toFixed(1), y: (8 + plotHeight - barHeight).toFixed(1), width: (slot * 0.7).toFixed(1),
      height: barHeight.toFixed(1), rx: 2, fill: 'var(--c1)' }, s('title', null, `${fmt(d.day)}: ${plural(d.count, 'file')}${d.count ? `, ${d.size}` : ''}`)));
    if (i % 7 === 0 || i === days.length - 1) {
      svg.append(s('text', { x: (x + slot * 0.35).toFixed(1), y: height - 4, 'text-anchor': 'middle' }, fmt(d.day)));
    }
  });
  return svg;
}
