// Stacked bar charts over time with uPlot (bundled from npm by the build; see CodexOtel.csproj).
import uPlot from './vendor/uPlot.esm.js';
import { h } from './dom.js';

const palette = ['#2563eb', '#16a34a', '#d97706', '#9333ea', '#dc2626', '#0891b2', '#db2777', '#65a30d', '#7c3aed', '#ea580c'];

function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/**
 * A stacked bar chart: `days` (unix seconds) on x, one series per name in `stacks` ({name: values[]}), the stacks
 * drawn from the top down so each covers the one above it; the legend shows each series' own value, not its sum.
 */
export function stackedBars(container, { days, stacks, format, hourly = false, height = 220 }) {
  const names = Object.keys(stacks);
  const cumulative = [];
  let running = days.map(() => 0);
  for (const name of names) {
    running = running.map((v, i) => v + (stacks[name][i] ?? 0));
    cumulative.push(running);
  }
  const grid = cssVar('--grid');
  const text = cssVar('--muted');
  const bars = uPlot.paths.bars({ size: [0.7, 48] });
  const series = [{ label: hourly ? 'hour' : 'day', value: (u, v) => (v === null ? '' : hourly ? new Date(v * 1000).toLocaleString([], { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }) : new Date(v * 1000).toLocaleDateString()) }];
  // Drawn in reverse: the tallest (the sum) first.
  const order = names.map((_, i) => names.length - 1 - i);
  for (const i of order) {
    const color = palette[i % palette.length];
    series.push({
      label: names[i],
      stroke: color,
      fill: color + 'cc',
      width: 0,
      paths: bars,
      points: { show: false },
      value: (u, v, si, idx) => (idx === null ? '' : format(stacks[names[i]][idx] ?? 0)),
    });
  }
  const data = [days, ...order.map(i => cumulative[i])];
  const width = Math.max(280, container.clientWidth || 600);
  const plot = new uPlot({
    width,
    height,
    series,
    legend: { live: true },
    cursor: { points: { show: false }, drag: { x: false, y: false } },
    scales: { x: { time: true, range: (u, min, max) => [min - (hourly ? 1800 : 43200), max + (hourly ? 1800 : 43200)] } },
    axes: [
      { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } },
      { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, values: (u, vals) => vals.map(format), size: 72 },
    ],
  }, data, container);
  const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(280, container.clientWidth), height }));
  resize.observe(container);
  return () => { resize.disconnect(); plot.destroy(); };
}

/** A chart's box with its title. */
export function chartBox(title) {
  const body = h('div', { class: 'chart' });
  return { box: h('section', { class: 'panel' }, h('h2', null, title), body), body };
}
