// Words and numbers: the vocabulary of codes, sizes, dates and titles.
import { h } from './dom.js';

// ---------------------------------------------------------------- vocabulary
export const OPERATIONS = {
  watchlist: 'Watchlist', ondeck: 'On deck', trakt: 'Trakt', manual: 'Manual',
  continue_watching: 'Continue watching', real_time_watch: 'Real-time watch', active_watching: 'Active watching',
};
export const STATUSES = { active: 'Active', orphaned: 'Orphaned', pending_removal: 'Pending removal', removed: 'Removed' };
export const AUDIT_ACTIONS = {
  cache_add: 'Cached', cache_adopt: 'Adopted', cache_remove: 'Removed', cache_cleanup: 'Cleanup',
  cache_access: 'Accessed', cache_verify: 'Verified', cache_purge: 'Purged', cache_recover: 'Recovered',
  user_attach: 'User attached', user_detach: 'User detached', log_prune: 'Log pruned',
};
export const FILE_FILTERS = ['search', 'user_id', 'status', 'triggered_by_operation', 'size_min', 'size_max', 'cached_since', 'cached_until'];
export const OP_FILTERS = ['operation_type', 'user_id', 'file_path', 'success', 'since', 'until'];
export const DEFAULT_LIMIT = 50;
export const PER_DAY_DAYS = 28;
export const COLORS = ['var(--c1)', 'var(--c2)', 'var(--c3)', 'var(--c4)', 'var(--c5)', 'var(--c6)', 'var(--c7)'];

export const label = (map, code) => (code && map[code]) || code || '—';
export const number = (n) => n.toLocaleString();
/** "1 file", "10,000 files": the count written as {@link number} writes it. */
export const plural = (n, one, many = one + 's') => `${number(n)} ${n === 1 ? one : many}`;

/** "1.5 GB", "700mb", "2 t" or a plain number of megabytes; null when empty, NaN when unreadable. */
export function parseSize(text) {
  if (!text || !text.trim()) return null;
  const match = /^\s*(\d+(?:[.,]\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  if (!match) return NaN;
  const number = parseFloat(match[1].replace(',', '.'));
  const explicitBytes = /^\s*\d+(?:[.,]\d+)?\s*b\s*$/i.test(text);
  const unit = explicitBytes ? 'b' : (match[2] || 'm').toLowerCase();
  const factor = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[unit];
  return Math.round(number * factor);
}
export function when(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
export function ago(iso) {
  if (!iso) return '—';
  const days = Math.floor((Date.now() - new Date(iso).getTime()) / 86400000);
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days < 60) return `${days} days ago`;
  return `${Math.round(days / 30)} months ago`;
}
/** A date input's value (local day) as the instant its day starts, or ends. */
export function dayToIso(value, endOfDay = false) {
  if (!value) return null;
  const [y, m, d] = value.split('-').map(Number);
  const date = endOfDay ? new Date(y, m - 1, d, 23, 59, 59) : new Date(y, m - 1, d);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
/** "Show name" or "Movie (year)" from a media path: the folder that names the title. */
export function titleOf(path) {
  const dirs = (path || '').split('/').filter(Boolean).slice(0, -1);
  let i = dirs.length - 1;
  while (i > 0 && /^(season|series|staffel|saison|specials|s\d+$|extras|featurettes)/i.test(dirs[i])) i--;
  return i >= 0 ? dirs[i] : '';
}
export function badge(status) {
  return h('span', { class: `badge ${status}` }, label(STATUSES, status));
}
