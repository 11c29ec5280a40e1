// The time range a page shows, held in its URL: ?range=today|7d|30d, or ?since=YYYY-MM-DD&until=YYYY-MM-DD (custom).
import { h } from './dom.js';

export const ranges = [['today', 'Today'], ['7d', '7 days'], ['30d', '30 days'], ['custom', 'Custom']];

function startOfDay(d) {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate());
}

function isoDay(d) {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** {key, since, until} (Dates; until may be null) from the URL. */
export function read(url, fallback = '7d') {
  const p = url.searchParams;
  const today = startOfDay(new Date());
  if (p.get('since') || p.get('until')) {
    const since = p.get('since') ? new Date(p.get('since') + 'T00:00') : null;
    const until = p.get('until') ? new Date(new Date(p.get('until') + 'T00:00').getTime() + 86400000) : null;
    return { key: 'custom', since, until };
  }
  const key = p.get('range') ?? fallback;
  const days = key === 'today' ? 0 : key === '30d' ? 29 : key === 'all' ? null : 6;
  return { key, since: days === null ? null : new Date(today.getTime() - days * 86400000), until: null };
}

/** The range buttons (links, so the back button works) and the custom range's two date fields. */
export function picker(url, current, navigate) {
  const link = key => {
    const next = new URL(url);
    next.searchParams.delete('since');
    next.searchParams.delete('until');
    next.searchParams.delete('after');
    next.searchParams.set('range', key);
    return next.pathname + next.search;
  };
  const since = h('input', { type: 'date', 'aria-label': 'From', value: current.key === 'custom' && current.since ? isoDay(current.since) : '' });
  const until = h('input', { type: 'date', 'aria-label': 'To', value: current.key === 'custom' && current.until ? isoDay(new Date(current.until.getTime() - 86400000)) : '' });
  const apply = () => {
    const next = new URL(url);
    next.searchParams.delete('range');
    next.searchParams.delete('after');
    for (const [name, input] of [['since', since], ['until', until]]) {
      if (input.value) next.searchParams.set(name, input.value); else next.searchParams.delete(name);
    }
    navigate(next.pathname + next.search);
  };
  since.addEventListener('change', apply);
  until.addEventListener('change', apply);
  return h('div', { class: 'range', role: 'group', 'aria-label': 'Time range' },
    ranges.filter(([key]) => key !== 'custom').map(([key, label]) =>
      h('a', { href: link(key), class: 'chip', 'aria-current': current.key === key ? 'true' : null }, label)),
    h('span', { class: 'custom', 'aria-current': current.key === 'custom' ? 'true' : null }, since, '–', until));
}

export function iso(date) {
  return date ? date.toISOString() : null;
}

export const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
