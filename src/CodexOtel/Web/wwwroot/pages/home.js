// Home: what Codex did in a range (totals; tokens and cost by model over time, stacked; the costliest
// conversations), the rolling 5-hour and 7-day windows, and the most recent conversations, kept current as Codex works.
import { h, fill } from '../dom.js';
import * as api from '../api.js';
import * as f from '../format.js';
import * as range from '../range.js';
import { onIndexed } from '../feed.js';
import { stackedBars, chartBox } from '../charts.js';
import { navigate } from '../nav.js';
import { ready } from '../ready.js';
import { conversationTable, errorBox, stat, empty, loading } from '../components.js';

export function render(main, url, signal) {
  const current = range.read(url);
  const panel = (id, title) => h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id }, title), loading());
  const recent = panel('recent-title', 'Recent conversations');
  const top = panel('top-title', 'Costliest conversations');
  const windows = panel('windows-title', 'Rolling usage');
  const totals = h('section', { class: 'stats', 'aria-label': 'Totals' }, loading());
  const tokensChart = chartBox('Tokens by model');
  const costChart = chartBox('Cost by model (USD)');
  fill(main,
    h('div', { class: 'page-head' }, h('h1', null, 'What Codex did'), range.picker(url, current, navigate)),
    totals,
    h('div', { class: 'grid2' }, tokensChart.box, costChart.box),
    h('div', { class: 'grid2 wide-first' }, top, windows),
    recent);
  let stopCharts = [];

  async function load() {
    const since = current.since ?? new Date(Date.now() - 30 * 86400e3);
    const params = { since: since.toISOString(), until: range.iso(current.until) };
    try {
      const [list, sums, series, costliest, rolling] = await Promise.all([
        api.get('conversations', { limit: 10 }, signal),
        api.get('totals', params, signal),
        api.get('series', { ...params, tz: range.zone }, signal),
        api.get('top', { ...params, limit: 5 }, signal),
        api.get('rolling', null, signal),
      ]);
      fill(recent, h('h2', { id: 'recent-title' }, 'Recent conversations'),
        list.conversations.length === 0 ? empty('Nothing recorded yet. Point Codex at this recorder (codex-otel setup codex) and use it.') : conversationTable(list.conversations),
        h('p', null, h('a', { href: '/conversations' }, `All ${f.count(list.total)}${list.total_exact ? '' : '+'} conversations →`)));
      fill(top, h('h2', { id: 'top-title' }, 'Costliest conversations'),
        costliest.length === 0 ? empty('No conversation in this range.') : h('ol', { class: 'costliest' }, costliest.map(c =>
          h('li', null, h('span', { class: 'cost' }, f.cost(c.cost_usd)), h('a', { href: `/conversations/${encodeURIComponent(c.id)}`, class: 'prompt' }, f.oneLine(c.first_prompt, 110) || f.shortId(c.id)),
            h('span', { class: 'muted small' }, `${c.model ?? '?'} · ${f.plural(c.turns, 'turn')} · ${f.when(c.started)}`)))));
      renderTotals(sums);
      renderWindows(rolling);
      stopCharts.forEach(s => s());
      stopCharts = renderCharts(series);
      ready(main, signal);
    } catch (e) {
      if (!signal.aborted) fill(totals, errorBox(e));
    }
  }

  function renderTotals(t) {
    const tk = t.tokens;
    fill(totals,
      stat('Conversations', f.count(t.conversations), f.plural(t.turns, 'turn')),
      stat('Input tokens', f.tokens(tk.input), t.cache_hit_percent === null ? 'no input' : `${Math.round(t.cache_hit_percent)} % from cache`),
      stat('Output tokens', f.tokens(tk.output), `${f.tokens(tk.reasoning)} reasoning`),
      stat('Cost', f.cost(t.cost_usd), t.cost_usd === null ? 'a model has no price' : 'at list prices'),
      stat('Tool calls', f.count(t.tool_calls), f.plural(t.model_calls, 'model call')),
      stat('Denials', f.count(t.denials), 'tool calls refused'),
      stat('Errors', f.count(t.errors), 'failed API calls'));
  }

  function renderWindows(r) {
    const row = (label, t) => h('tr', null, h('th', { scope: 'row' }, label), h('td', { class: 'num' }, f.count(t.turns)),
      h('td', { class: 'num' }, f.tokens(t.tokens.input)), h('td', { class: 'num' }, f.tokens(t.tokens.output)), h('td', { class: 'num' }, f.cost(t.cost_usd)));
    fill(windows, h('h2', { id: 'windows-title' }, 'Rolling usage'),
      h('p', { class: 'muted small' }, 'The windows Codex\u2019s usage limits count in, up to now.'),
      h('table', null, h('thead', null, h('tr', null, h('th', null, ''), h('th', { class: 'num' }, 'turns'), h('th', { class: 'num' }, 'input'), h('th', { class: 'num' }, 'output'), h('th', { class: 'num' }, 'cost'))),
        h('tbody', null, row('last 5 hours', r.last_five_hours), row('last 7 days', r.last_seven_days))));
  }

  function renderCharts(series) {
    if (series.models.length === 0) {
      fill(tokensChart.body, empty('No tokens in this range.'));
      fill(costChart.body, empty('No cost in this range.'));
      return [];
    }
    const x = series.points.map(p => new Date(p.start).getTime() / 1000);
    const tokens = {}, cost = {};
    for (const model of series.models) {
      tokens[model] = series.points.map(p => { const m = p.models.find(m => m.model === model); return m ? m.tokens.input + m.tokens.output : 0; });
      cost[model] = series.points.map(p => p.models.find(m => m.model === model)?.cost_usd ?? 0);
    }
    tokensChart.body.replaceChildren();
    costChart.body.replaceChildren();
    const hourly = series.bucket === 'hour';
    return [
      stackedBars(tokensChart.body, { days: x, stacks: tokens, format: f.tokens, hourly }),
      stackedBars(costChart.body, { days: x, stacks: cost, format: f.cost, hourly }),
    ];
  }

  load();
  const stopFeed = onIndexed(load);
  return () => { stopFeed(); stopCharts.forEach(s => s()); };
}
