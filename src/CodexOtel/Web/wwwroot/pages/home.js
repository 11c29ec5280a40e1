// Home: what Codex did in a range (totals, tokens and cost by model per day), the rolling usage windows, and the most
// recent conversations, kept current as Codex works.
import { h, fill } from '../dom.js';
import * as api from '../api.js';
import * as f from '../format.js';
import * as range from '../range.js';
import { onIndexed } from '../feed.js';
import { stackedBars, chartBox } from '../charts.js';
import { navigate } from '../nav.js';
import { conversationTable, errorBox, stat, empty, loading } from '../components.js';

export function render(main, url, signal) {
  const current = range.read(url);
  const recent = h('section', { class: 'panel', 'aria-labelledby': 'recent-title' }, h('h2', { id: 'recent-title' }, 'Recent conversations'), loading());
  const totals = h('section', { class: 'stats', 'aria-label': 'Totals' }, loading());
  const windows = h('section', { class: 'panel windows', 'aria-labelledby': 'windows-title' }, h('h2', { id: 'windows-title' }, 'Rolling usage'), loading());
  const tokensChart = chartBox('Tokens by model');
  const costChart = chartBox('Cost by model (USD)');
  fill(main,
    h('div', { class: 'page-head' }, h('h1', null, 'What Codex did'), range.picker(url, current, navigate)),
    totals,
    h('div', { class: 'grid2' }, tokensChart.box, costChart.box),
    h('div', { class: 'grid2 wide-first' }, recent, windows));
  let stopCharts = [];

  async function load() {
    const params = { since: range.iso(current.since), until: range.iso(current.until), tz: range.zone };
    const now = Date.now();
    try {
      const [list, byModel, byDay, last5h, last7d] = await Promise.all([
        api.get('conversations', { limit: 10 }, signal),
        api.get('usage', { ...params, by: 'model' }, signal),
        api.get('usage', { ...params, by: 'day' }, signal),
        api.get('usage', { since: new Date(now - 5 * 3600e3).toISOString(), by: 'model' }, signal),
        api.get('usage', { since: new Date(now - 7 * 86400e3).toISOString(), by: 'model' }, signal),
      ]);
      fill(recent, h('h2', { id: 'recent-title' }, 'Recent conversations'),
        list.conversations.length === 0 ? empty('Nothing recorded yet. Point Codex at this recorder (codex-otel setup codex) and use it.') : conversationTable(list.conversations),
        h('p', null, h('a', { href: '/conversations' }, 'All conversations →')));
      renderTotals(byModel.total);
      renderWindows(last5h.total, last7d.total);
      stopCharts.forEach(s => s());
      stopCharts = renderCharts(byDay.rows);
    } catch (e) {
      if (!signal.aborted) fill(totals, errorBox(e));
    }
  }

  function renderTotals(t) {
    const tk = t.tokens;
    fill(totals,
      stat('Conversations', f.count(t.conversations)),
      stat('Turns', f.count(t.turns)),
      stat('Input tokens', f.tokens(tk.input), `${f.percent(tk.cached_input, tk.input)} from cache`),
      stat('Output tokens', f.tokens(tk.output), `${f.tokens(tk.reasoning)} reasoning`),
      stat('Cost', f.cost(t.cost_usd), t.cost_usd === null ? 'a model has no price' : 'at list prices'));
  }

  function renderWindows(h5, d7) {
    const row = (label, t) => h('tr', null, h('th', { scope: 'row' }, label), h('td', { class: 'num' }, f.count(t.turns)),
      h('td', { class: 'num' }, f.tokens(t.tokens.input)), h('td', { class: 'num' }, f.tokens(t.tokens.output)), h('td', { class: 'num' }, f.cost(t.cost_usd)));
    fill(windows, h('h2', { id: 'windows-title' }, 'Rolling usage'),
      h('p', { class: 'muted' }, 'The windows Codex\u2019s usage limits count in.'),
      h('table', null, h('thead', null, h('tr', null, h('th', null, ''), h('th', { class: 'num' }, 'turns'), h('th', { class: 'num' }, 'input'), h('th', { class: 'num' }, 'output'), h('th', { class: 'num' }, 'cost'))),
        h('tbody', null, row('last 5 hours', h5), row('last 7 days', d7))));
  }

  function renderCharts(rows) {
    const days = range.days(current.since ?? (rows.length > 0 ? new Date(range.daySeconds(rows[0].day) * 1000) : new Date()), current.until);
    const index = new Map(days.map((d, i) => [d, i]));
    const tokens = {}, cost = {};
    for (const r of rows) {
      const i = index.get(r.day);
      if (i === undefined) continue;
      const model = r.model ?? '?';
      (tokens[model] ??= days.map(() => 0))[i] += r.tokens.input + r.tokens.output;
      (cost[model] ??= days.map(() => 0))[i] += r.cost_usd ?? 0;
    }
    const x = days.map(range.daySeconds);
    if (rows.length === 0) {
      fill(tokensChart.body, empty('No tokens in this range.'));
      fill(costChart.body, empty('No cost in this range.'));
      return [];
    }
    tokensChart.body.replaceChildren();
    costChart.body.replaceChildren();
    return [
      stackedBars(tokensChart.body, { days: x, stacks: tokens, format: f.tokens }),
      stackedBars(costChart.body, { days: x, stacks: cost, format: f.cost }),
    ];
  }

  load();
  const stopFeed = onIndexed(load);
  return () => { stopFeed(); stopCharts.forEach(s => s()); };
}
