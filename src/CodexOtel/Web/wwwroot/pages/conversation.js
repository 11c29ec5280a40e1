// One conversation turn by turn, as `show` prints it: prompts, model calls with tokens, tool decisions and who
// decided, tool calls with their arguments, output and duration, answers and API errors; its raw records; exports.
// Each turn's trace waterfall is fetched when first opened (it reads the traces ledger, not the index).
// While it is still running (recent), it is reloaded each time the index catches up.
import { h, fill } from '../dom.js';
import * as api from '../api.js';
import * as f from '../format.js';
import { onIndexed } from '../feed.js';
import { ready } from '../ready.js';
import { errorBox, loading, badge, tokenLine, empty } from '../components.js';
import { waterfall } from '../waterfall.js';

const RUNNING = 15 * 60 * 1000;

export function render(main, url, signal, id) {
  fill(main, loading());
  let shown = null;

  async function load() {
    try {
      const c = await api.get(`conversations/${encodeURIComponent(id)}`, null, signal);
      const open = new Set([...main.querySelectorAll('details[open][data-key]')].map(d => d.dataset.key));
      const scroll = window.scrollY;
      const traces = traceLoader(c.id, signal);
      fill(main, header(c), ...c.timeline.map(t => turn(t, traces)), rawRecords(c.id, signal));
      for (const d of main.querySelectorAll('details[data-key]')) if (open.has(d.dataset.key)) d.open = true;
      if (shown !== null) window.scrollTo(0, scroll);
      else if (url.hash) document.getElementById(url.hash.slice(1))?.scrollIntoView();
      shown = c;
      ready(main, signal);
    } catch (e) {
      if (!signal.aborted) fill(main, h('h1', null, 'Conversation'), errorBox(e));
    }
  }

  load();
  return onIndexed(() => (shown && Date.now() - new Date(shown.ended).getTime() < RUNNING ? load() : null));
}

function header(c) {
  const fact = (label, ...value) => h('div', { class: 'fact' }, h('dt', null, label), h('dd', null, ...value));
  const download = (format, label) => h('a', { class: 'button', href: api.url(`conversations/${encodeURIComponent(c.id)}/export`, { format }), download: '' }, label);
  return h('div', { class: 'conversation-head' },
    h('p', { class: 'crumbs' }, h('a', { href: '/conversations' }, 'Conversations'), ' / '),
    h('h1', { class: 'mono' }, c.id),
    h('p', { class: 'lead' }, f.oneLine(c.first_prompt, 200) || '—'),
    h('dl', { class: 'facts' },
      fact('started', f.when(c.started)),
      fact('duration', f.duration(c.duration_ms)),
      fact('model', [c.model ?? '?', c.provider ? ` via ${c.provider}` : ''].join('')),
      fact('client', `${c.originator ?? '?'} ${c.app_version ?? ''}`.trim()),
      c.senders?.length ? fact('sent by', c.senders.map(sender).join(' · ')) : null,
      fact('policy', `approval ${c.approval_policy ?? '?'} · sandbox ${c.sandbox_policy ?? '?'}`),
      fact('turns', `${f.count(c.turns)} · tools ${f.count(c.tool_calls)}`, c.denials > 0 ? badge(` ${c.denials} denied`, 'warn') : null, c.errors > 0 ? badge(` ${c.errors} errors`, 'bad') : null),
      fact('tokens', tokenLine(c.tokens)),
      fact('cost', f.cost(c.cost_usd))),
    h('div', { class: 'actions', role: 'group', 'aria-label': 'Export' }, 'Export: ', download('jsonl', 'JSONL (raw)'), download('csv', 'CSV'), download('md', 'Markdown')));
}

/** Who sent records, as `show` prints it: key "alice" from 10.0.0.5, or no key from 127.0.0.1. */
function sender(s) {
  return `${s.key != null ? `key "${s.key}"` : 'no key'}${s.address ? ` from ${s.address}` : ''}`;
}

function turn(t, traces) {
  const items = t.items.filter(noteworthy);
  return h('section', { class: 'turn', id: `turn-${t.turn}`, 'aria-label': t.turn === 0 ? 'Start' : `Turn ${t.turn}` },
    h('h2', null, h('a', { href: `#turn-${t.turn}`, class: 'anchor' }, t.turn === 0 ? 'Start' : `Turn ${t.turn}`),
      h('span', { class: 'muted small' }, ' ', tokenLine(t.tokens))),
    h('ol', { class: 'timeline' }, items.map((e, i) => item(e, `${t.turn}-${i}`))),
    traceDetails(t.turn, traces));
}

/** The conversation's spans per turn, fetched once, when a turn's trace is first opened. */
function traceLoader(id, signal) {
  let request = null;
  return () => (request ??= api.get(`conversations/${encodeURIComponent(id)}/traces`, null, signal));
}

function traceDetails(number, traces) {
  const body = h('div', null);
  const details = h('details', { class: 'trace', dataset: { key: `trace-${number}` } }, h('summary', null, 'Trace waterfall'), body);
  let loaded = false;
  details.addEventListener('toggle', async () => {
    if (!details.open || loaded) return;
    loaded = true;
    fill(body, loading());
    try {
      const trace = (await traces()).find(x => x.turn === number);
      fill(body, trace ? waterfall(trace) : empty('No spans recorded for this turn (Codex sends them when [otel] has a trace_exporter).'));
    } catch (e) {
      fill(body, errorBox(e));
    }
  });
  return details;
}

function noteworthy(e) {
  if (e.kind === 'other') return false;
  if (e.kind === 'api_request') return (e.status ?? 0) >= 400 || !!e.detail;
  return true;
}

const labels = {
  conversation_start: 'start', user_prompt: 'prompt', model_response: 'model', api_request: 'api error',
  tool_decision: 'decision', tool_result: 'tool', agent_response: 'answer', turn_cost: 'cost',
};

function item(e, key) {
  return h('li', { class: `item kind-${e.kind}` },
    h('time', { datetime: e.time, class: 'mono muted' }, f.time(e.time)),
    h('span', { class: 'label' }, labels[e.kind] ?? e.kind),
    h('div', { class: 'body' }, body(e, key)));
}

function body(e, key) {
  switch (e.kind) {
    case 'user_prompt':
      return h('div', { class: 'text prompt-text' }, e.text ?? '(prompt not logged: set log_user_prompt = true under [otel])');
    case 'agent_response':
      return h('div', { class: 'text' }, e.text ?? '');
    case 'model_response':
      return h('div', null, [e.model, tokenLine(e.tokens), e.duration_ms ? f.duration(e.duration_ms) : null].filter(Boolean).join(' · '));
    case 'api_request':
      return h('div', { class: 'bad-text' }, [e.status, e.duration_ms ? f.duration(e.duration_ms) : null, e.detail].filter(Boolean).join(' · '));
    case 'tool_decision':
      return h('div', null, h('strong', null, e.tool ?? '?'), ' ', badge(e.decision ?? '?', e.decision === 'approved' || e.decision === 'approved_for_session' ? 'ok' : 'warn'),
        e.decided_by ? h('span', { class: 'muted' }, ` decided by ${e.decided_by.toLowerCase()}`) : null);
    case 'tool_result':
      return h('div', null,
        h('div', null, h('strong', null, e.tool ?? '?'), ' ', e.success === false ? badge('failed', 'bad') : e.success === true ? badge('ok', 'ok') : null,
          e.duration_ms !== undefined ? h('span', { class: 'muted' }, ` ${f.duration(e.duration_ms)}`) : null),
        e.text ? h('pre', { class: 'args' }, e.text) : null,
        e.detail ? h('details', { class: 'output', open: e.detail.length < 600, dataset: { key: `out-${key}` } }, h('summary', null, `output (${e.detail.length} characters)`), h('pre', null, e.detail)) : null);
    case 'turn_cost':
      return h('div', { class: 'muted' }, 'Codex\u2019s own estimate');
    case 'conversation_start':
      return h('div', null, [e.model, e.provider].filter(Boolean).join(' · '));
    default:
      return h('div', null, e.event);
  }
}

function rawRecords(id, signal) {
  const body = h('div', null);
  const details = h('details', { class: 'panel raw', dataset: { key: 'raw' } }, h('summary', null, h('h2', null, 'Raw records')), body);
  let loaded = false;
  details.addEventListener('toggle', async () => {
    if (!details.open || loaded) return;
    loaded = true;
    fill(body, loading());
    try {
      const records = await api.get(`conversations/${encodeURIComponent(id)}/raw`, null, signal);
      fill(body, h('p', { class: 'muted' }, `${records.length} records, every attribute as recorded.`), records.map(record));
    } catch (e) {
      fill(body, errorBox(e));
    }
  });
  return details;
}

function record(r) {
  const rows = Object.entries(r.attributes).map(([k, v]) => h('tr', null, h('th', { scope: 'row', class: 'mono' }, k), h('td', { class: 'mono value' }, typeof v === 'string' ? v : JSON.stringify(v))));
  return h('details', { class: 'record' },
    h('summary', null, h('span', { class: 'mono muted' }, f.time(r.time)), ' ', h('span', { class: 'mono' }, r.event), h('span', { class: 'muted' }, ` · ${Object.keys(r.attributes).length} attributes · ${r.source}`)),
    h('table', { class: 'attrs' }, h('tbody', null, rows)));
}
