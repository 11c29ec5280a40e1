// Live: every noteworthy event as the ledger commits it, newest on top, with pause and resume. It has its own
// connection to /api/live that starts with the last events; the browser resumes it from the last event id (a ledger
// position) after a dropped connection, so nothing is skipped.
import { h, fill } from '../dom.js';
import * as f from '../format.js';
import { tokenLine } from '../components.js';
import { ready } from '../ready.js';

const KEEP = 500;

export function render(main, url, signal) {
  const list = h('ol', { class: 'live-list', 'aria-live': 'polite', 'aria-relevant': 'additions' });
  const status = h('span', { class: 'muted', role: 'status' }, 'connecting…');
  const held = [];
  let paused = false;
  const button = h('button', { type: 'button', class: 'button', 'aria-pressed': 'false' }, 'Pause');
  button.addEventListener('click', () => {
    paused = !paused;
    button.textContent = paused ? `Resume` : 'Pause';
    button.setAttribute('aria-pressed', String(paused));
    if (!paused) { held.splice(0).forEach(add); }
    update();
  });
  const update = () => { status.textContent = paused ? `paused · ${held.length} new events held` : `${list.children.length} events`; };
  fill(main, h('div', { class: 'page-head' }, h('h1', null, 'Live'), h('div', { class: 'actions' }, button, status)),
    h('p', { class: 'muted' }, 'Every event as the recorder writes it to its ledger.'), list);

  const source = new EventSource('/api/live?last=50');
  source.addEventListener('tail', e => {
    const event = JSON.parse(e.data);
    if (paused) held.push(event); else add(event);
    update();
    ready(main, signal);
  });
  source.addEventListener('open', update);
  source.addEventListener('error', () => { status.textContent = 'reconnecting…'; });

  function add(e) {
    const item = e.item;
    list.prepend(h('li', { class: `live-item kind-${item.kind}` },
      h('time', { class: 'mono muted', datetime: item.time }, f.time(item.time)),
      h('a', { class: 'mono', href: `/conversations/${encodeURIComponent(e.conversation)}` }, f.shortId(e.conversation)),
      h('span', { class: 'label' }, item.kind.replace(/_/g, ' ')),
      h('span', { class: 'text' }, describe(item))));
    while (list.children.length > KEEP) list.lastChild.remove();
  }

  return () => source.close();
}

function describe(item) {
  switch (item.kind) {
    case 'user_prompt': case 'agent_response': return f.oneLine(item.text, 160);
    case 'model_response': return [item.model, tokenLine(item.tokens)].filter(Boolean).join(' · ');
    case 'tool_decision': return [item.tool, item.decision, item.decided_by ? `by ${item.decided_by.toLowerCase()}` : null].filter(Boolean).join(' ');
    case 'tool_result': return [item.tool, f.oneLine(item.text, 100), item.success === false ? 'failed' : 'ok', item.duration_ms !== undefined ? f.duration(item.duration_ms) : null].filter(Boolean).join(' · ');
    case 'api_request': return [item.status, item.detail].filter(Boolean).join(' · ');
    default: return [item.model, item.event].filter(Boolean).join(' · ');
  }
}
