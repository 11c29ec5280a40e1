// Conversations: every conversation, a page at a time from the server, sorted by a column, filtered by time, model,
// client, errors, denials and text; the order, the filters and the page are the URL's query string.
import { h, fill } from '../dom.js';
import * as api from '../api.js';
import * as range from '../range.js';
import * as f from '../format.js';
import { navigate } from '../nav.js';
import { onIndexed } from '../feed.js';
import { ready } from '../ready.js';
import { conversationTable, errorBox, empty, loading } from '../components.js';

const PAGE = 50;

/** The table's columns that sort, and the API's name for each. */
const sortable = { started: 'started', turns: 'turns', tools: 'tools', errors: 'errors', 'tokens in / out': 'tokens', cost: 'cost' };

export function render(main, url, signal) {
  const p = url.searchParams;
  const current = range.read(url, 'all');
  const results = h('div', { class: 'results' }, loading());

  const setParam = (name, value) => {
    const next = new URL(location.href);
    if (value) next.searchParams.set(name, value); else next.searchParams.delete(name);
    next.searchParams.delete('after');
    navigate(next.pathname + next.search);
  };
  const text = (name, label, placeholder) => {
    const input = h('input', { type: 'text', name, value: p.get(name) ?? '', placeholder, 'aria-label': label });
    input.addEventListener('change', () => setParam(name, input.value.trim()));
    return h('label', null, label, input);
  };
  const choice = (name, label) => {
    const select = h('select', { name, 'aria-label': label },
      [['', 'any'], ['true', 'some'], ['false', 'none']].map(([v, t]) => h('option', { value: v, selected: (p.get(name) ?? '') === v }, t)));
    select.addEventListener('change', () => setParam(name, select.value));
    return h('label', null, label, select);
  };

  fill(main,
    h('div', { class: 'page-head' }, h('h1', null, 'Conversations'), range.picker(url, current, navigate)),
    h('form', { class: 'filters', role: 'search', onsubmit: e => e.preventDefault() },
      text('q', 'Text', 'words in a prompt, command or answer'), text('model', 'Model', 'e.g. gpt-5'), text('originator', 'Client', 'e.g. codex_exec'), text('key', 'Key', 'who sent it, e.g. alice-laptop'), choice('errors', 'Errors'), choice('denials', 'Denials')),
    results);

  const sort = p.get('sort') ?? 'started';
  const order = p.get('order') ?? 'desc';
  const header = name => {
    const key = sortable[name];
    if (!key) return name;
    const active = key === sort;
    const next = new URL(url);
    next.searchParams.set('sort', key);
    next.searchParams.set('order', active && order === 'desc' ? 'asc' : 'desc');
    next.searchParams.delete('after');
    return h('a', { href: next.pathname + next.search, class: active ? 'sorted' : null, 'aria-sort': active ? (order === 'asc' ? 'ascending' : 'descending') : null },
      name, active ? (order === 'asc' ? ' ▲' : ' ▼') : '');
  };

  async function load() {
    try {
      const page = await api.get('conversations', {
        since: range.iso(current.since), until: range.iso(current.until), q: p.get('q'),
        model: p.get('model'), originator: p.get('originator'), key: p.get('key'), errors: p.get('errors'), denials: p.get('denials'),
        sort: p.get('sort'), order: p.get('order'), after: p.get('after'), limit: PAGE,
      }, signal);
      const nav = h('nav', { class: 'pager', 'aria-label': 'Pages' },
        h('span', { class: 'muted' }, `${f.count(page.total)}${page.total_exact ? '' : '+'} conversations`),
        p.get('after') ? h('a', { href: withParam(url, 'after', null) }, '« First page') : null,
        page.next ? h('a', { href: withParam(url, 'after', page.next), rel: 'next' }, 'Next page »') : null);
      fill(results, page.conversations.length === 0 ? empty('No conversation matches these filters.') : conversationTable(page.conversations, { header }), nav);
      ready(main, signal);
    } catch (e) {
      if (!signal.aborted) fill(results, errorBox(e));
    }
  }

  load();
  // Only the first page changes as Codex works; an older page stays as it was.
  return p.get('after') ? null : onIndexed(load);
}

function withParam(url, name, value) {
  const next = new URL(url);
  if (value) next.searchParams.set(name, value); else next.searchParams.delete(name);
  return next.pathname + next.search;
}
