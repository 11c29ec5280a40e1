// Health: what `doctor` checks, each signal's last data and the head of its hash chain, the last verify, disk use.
import { h, fill } from '../dom.js';
import * as api from '../api.js';
import * as f from '../format.js';
import { ready } from '../ready.js';
import { errorBox, loading, stat, badge } from '../components.js';

const marks = { ok: ['✔', 'ok'], problem: ['✘', 'bad'], info: ['i', 'info'] };

export function render(main, url, signal) {
  fill(main, h('h1', null, 'Health'), loading());
  const verifyBox = h('div', null);

  async function load() {
    try {
      const r = await api.get('health', null, signal);
      fill(main, h('h1', null, 'Health'),
        h('section', { class: 'stats' },
          stat('Conversations indexed', f.count(r.conversations)),
          stat('Events indexed', f.count(r.events)),
          stat('Data folder', f.bytes(r.data_bytes)),
          stat('Free on its disk', f.bytes(r.free_bytes))),
        h('section', { class: 'panel' }, h('h2', null, 'Checks'), h('ul', { class: 'checks' }, r.checks.map(check))),
        h('section', { class: 'panel' }, h('h2', null, 'Signals'), signals(r.signals)),
        h('section', { class: 'panel' }, h('h2', null, 'Verify'), verifyBox));
      showVerify(r.last_verify);
      ready(main, signal);
    } catch (e) {
      if (!signal.aborted) fill(main, h('h1', null, 'Health'), errorBox(e));
    }
  }

  function showVerify(v) {
    const button = h('button', { type: 'button', class: 'button' }, 'Verify now');
    button.addEventListener('click', async () => {
      button.disabled = true;
      button.textContent = 'Verifying…';
      try { showVerify(await api.get('verify', null, signal)); } catch (e) { fill(verifyBox, errorBox(e)); }
    });
    fill(verifyBox,
      h('p', { class: 'muted' }, 'Recomputes each signal\u2019s hash chain from its data, as codex-otel verify does.'),
      v ? h('table', null, h('thead', null, h('tr', null, ['signal', 'result', 'segments', 'lines', 'head hash'].map(t => h('th', null, t)))),
        h('tbody', null, v.signals.map(s => h('tr', null, h('td', null, s.signal), h('td', null, s.ok ? badge('intact', 'ok') : badge(s.problem, 'bad')),
          h('td', { class: 'num' }, f.count(s.segments)), h('td', { class: 'num' }, f.count(s.lines)), h('td', { class: 'mono small' }, s.head_hash))))) : null,
      h('p', null, v ? `Last verified ${f.when(v.at)}. ` : 'Not verified since serve started. ', button));
  }

  load();
}

function check(c) {
  const [mark, kind] = marks[c.status] ?? ['?', ''];
  return h('li', { class: `check ${kind}` }, h('span', { class: 'mark', 'aria-label': c.status }, mark), h('div', null,
    h('div', null, c.message), c.details.map(d => h('div', { class: 'muted small' }, d)), c.fix ? h('div', { class: 'fix' }, 'fix: ', h('code', null, c.fix)) : null));
}

function signals(list) {
  return h('table', null,
    h('thead', null, h('tr', null, ['signal', 'last written', 'newest record', 'segments', 'size', 'chain head'].map(t => h('th', null, t)))),
    h('tbody', null, list.map(s => h('tr', null, h('td', null, s.signal), h('td', null, f.ago(s.last_written)), h('td', null, s.newest_record ? f.when(s.newest_record) : '–'),
      h('td', { class: 'num' }, f.count(s.segments)), h('td', { class: 'num' }, f.bytes(s.bytes)), h('td', { class: 'mono small' }, s.chain_head ?? '–')))));
}
