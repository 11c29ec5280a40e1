// Pieces several pages share.
import { h } from './dom.js';
import * as f from './format.js';

export function errorBox(error) {
  return h('div', { class: 'error', role: 'alert' }, error instanceof Error ? error.message : String(error));
}

export function loading() {
  return h('p', { class: 'muted loading' }, 'Loading…');
}

export function empty(text) {
  return h('p', { class: 'empty' }, text);
}

/** A figure with its label (and a smaller note under it). */
export function stat(label, value, note) {
  return h('div', { class: 'stat' }, h('div', { class: 'stat-label' }, label), h('div', { class: 'stat-value' }, value), note ? h('div', { class: 'stat-note' }, note) : null);
}

export function badge(text, kind) {
  return h('span', { class: `badge ${kind ?? ''}` }, text);
}

const columns = [
  ['conversation', ''], ['started', ''], ['model', ''], ['turns', 'num'], ['tools', 'num'], ['denied', 'num'],
  ['errors', 'num'], ['tokens in / out', 'num'], ['cost', 'num'], ['first prompt', 'wide'],
];

/** The conversations table of Home and Conversations; `sortable` makes its headers links (see conversations.js). */
export function conversationTable(conversations, { header } = {}) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'conversations' },
    h('thead', null, h('tr', null, columns.map(([name, cls], i) => h('th', { class: cls, scope: 'col' }, header ? header(name, i) : name)))),
    h('tbody', null, conversations.map(c => {
      const href = `/conversations/${encodeURIComponent(c.id)}`;
      return h('tr', { dataset: { id: c.id } },
        h('td', { class: 'nowrap' }, h('a', { href, class: 'mono' }, f.shortId(c.id))),
        h('td', { class: 'nowrap' }, f.when(c.started)),
        h('td', { class: 'nowrap' }, c.model ?? '?'),
        h('td', { class: 'num' }, f.count(c.turns)),
        h('td', { class: 'num' }, f.count(c.tool_calls)),
        h('td', { class: 'num' }, c.denials > 0 ? badge(f.count(c.denials), 'warn') : '0'),
        h('td', { class: 'num' }, c.errors > 0 ? badge(f.count(c.errors), 'bad') : '0'),
        h('td', { class: 'num nowrap' }, `${f.tokens(c.tokens.input)} / ${f.tokens(c.tokens.output)}`),
        h('td', { class: 'num' }, f.cost(c.cost_usd)),
        h('td', { class: 'wide prompt', title: f.oneLine(c.first_prompt, 500) }, h('a', { href, tabindex: -1 }, f.oneLine(c.first_prompt, 90) || '—')));
    }))));
}

/** Tokens as one line: in 1,200 (100 cached) · out 20 (5 reasoning). */
export function tokenLine(t) {
  if (!t) return '';
  return `in ${f.count(t.input)}${t.cached_input ? ` (${f.count(t.cached_input)} cached)` : ''} · out ${f.count(t.output)}${t.reasoning ? ` (${f.count(t.reasoning)} reasoning)` : ''}`;
}
