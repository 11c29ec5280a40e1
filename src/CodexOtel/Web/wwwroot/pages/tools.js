// Tools: per tool, its calls, failure rate, p50/p95 duration and denials over a range; a tool's row opens its calls
// (/tools/{name}), a page at a time, each linking to its turn.
import { h, fill } from '../dom.js';
import * as api from '../api.js';
import * as f from '../format.js';
import * as range from '../range.js';
import { navigate } from '../nav.js';
import { onIndexed } from '../feed.js';
import { ready } from '../ready.js';
import { errorBox, empty, loading, badge } from '../components.js';

export function render(main, url, signal, tool) {
  return tool ? calls(main, url, signal, tool) : stats(main, url, signal);
}

// What the API says of its percentiles (README, /api/tools).
const percentileNote = 'exact when the calls span a day or less; over longer spans estimated from duration buckets (within 19 %)';

function stats(main, url, signal) {
  const current = range.read(url, '30d');
  const body = h('div', { class: 'panel' }, loading());
  fill(main, h('div', { class: 'page-head' }, h('h1', null, 'Tools'), range.picker(url, current, navigate)), body);
  async function load() {
    try {
      const tools = await api.get('tools', { since: range.iso(current.since), until: range.iso(current.until) }, signal);
      fill(body, tools.length === 0 ? empty('No tool was called in this range.') : h('div', { class: 'table-wrap' }, h('table', { class: 'tools' },
        h('thead', null, h('tr', null, ['tool', 'calls', 'failures', 'failure rate', 'denials', 'p50', 'p95'].map((t, i) =>
          h('th', { scope: 'col', class: i > 0 ? 'num' : null, title: i > 4 ? percentileNote : null }, t)))),
        h('tbody', null, tools.map(t => h('tr', null,
          h('td', null, h('a', { href: `/tools/${encodeURIComponent(t.tool)}${url.search}`, class: 'mono' }, t.tool)),
          h('td', { class: 'num' }, f.count(t.calls)),
          h('td', { class: 'num' }, f.count(t.failures)),
          h('td', { class: 'num' }, t.failure_rate > 0 ? badge(`${(t.failure_rate * 100).toFixed(1)} %`, t.failure_rate > 0.1 ? 'bad' : 'warn') : '0 %'),
          h('td', { class: 'num' }, t.denials > 0 ? badge(f.count(t.denials), 'warn') : '0'),
          h('td', { class: 'num' }, f.duration(t.p50_ms) || '–'),
          h('td', { class: 'num' }, f.duration(t.p95_ms) || '–')))))));
      ready(main, signal);
    } catch (e) {
      if (!signal.aborted) fill(body, errorBox(e));
    }
  }
  load();
  return onIndexed(load);
}

function calls(main, url, signal, tool) {
  const current = range.read(url, '30d');
  const after = url.searchParams.get('after');
  const body = h('div', { class: 'panel' }, loading());
  fill(main, h('p', { class: 'crumbs' }, h('a', { href: '/tools' + url.search.replace(/([?&])after=[^&]*&?/, '$1') }, 'Tools'), ' / '),
    h('div', { class: 'page-head' }, h('h1', { class: 'mono' }, tool), range.picker(url, current, navigate)), body);
  api.get(`tools/${encodeURIComponent(tool)}/calls`, { since: range.iso(current.since), until: range.iso(current.until), after, limit: 50 }, signal).then(page => {
    const next = new URL(url);
    if (page.next) next.searchParams.set('after', page.next);
    fill(body, page.calls.length === 0 ? empty('No call in this range.') : h('ol', { class: 'calls' }, page.calls.map(c => h('li', { class: 'call' },
      h('div', { class: 'call-head' },
        h('a', { href: `/conversations/${encodeURIComponent(c.conversation)}${c.turn !== null ? `#turn-${c.turn}` : ''}`, class: 'mono' }, `${f.shortId(c.conversation)}${c.turn !== null ? ` · turn ${c.turn}` : ''}`),
        h('span', { class: 'muted' }, ` ${f.when(c.time)}`), ' ',
        c.success === false ? badge('failed', 'bad') : c.success === true ? badge('ok', 'ok') : null,
        c.duration_ms !== null ? h('span', { class: 'muted' }, ` ${f.duration(c.duration_ms)}`) : null),
      c.arguments ? h('pre', { class: 'args' }, c.arguments) : null,
      c.output ? h('pre', { class: 'output' }, c.output) : null))),
      page.next ? h('nav', { class: 'pager' }, h('a', { href: next.pathname + next.search, rel: 'next' }, 'Older calls »')) : null);
    ready(main, signal);
  }).catch(e => { if (!signal.aborted) fill(body, errorBox(e)); });
}
