// A turn's spans as a waterfall: one row per span, indented under its parent, its bar placed and sized on the turn's
// time scale, its duration beside it. A row with children folds them away; a span's name shows its attributes, as text.
import { h, fill } from './dom.js';
import * as f from './format.js';

/** The waterfall of one turn's trace (a TurnTraceView of GET /api/conversations/{id}/traces). */
export function waterfall(trace) {
  const scale = Math.max(trace.duration_ms, 0.001);
  return h('div', { class: 'waterfall' },
    h('div', { class: 'waterfall-scale muted small', 'aria-hidden': 'true' }, h('span', null, '0'), h('span', null, spanDuration(trace.duration_ms))),
    h('ul', { class: 'spans', role: 'tree', 'aria-label': 'Spans' }, trace.spans.map(s => spanItem(s, scale, 0))));
}

function spanItem(span, scale, depth) {
  const children = span.children.length > 0 ? h('ul', { class: 'spans', role: 'group' }, span.children.map(c => spanItem(c, scale, depth + 1))) : null;
  const attrs = h('div', { class: 'span-attrs', hidden: true });
  const fold = children
    ? h('button', { class: 'fold', type: 'button', 'aria-expanded': 'true', 'aria-label': `Fold ${span.name}` }, '▾')
    : h('span', { class: 'fold' });
  if (children) fold.addEventListener('click', () => {
    const open = fold.getAttribute('aria-expanded') === 'true';
    fold.setAttribute('aria-expanded', String(!open));
    fold.textContent = open ? '▸' : '▾';
    fold.setAttribute('aria-label', `${open ? 'Unfold' : 'Fold'} ${span.name}`);
    children.hidden = open;
  });
  const name = h('button', { class: 'span-name', type: 'button', 'aria-expanded': 'false', title: 'Show the attributes' }, span.name);
  name.addEventListener('click', () => {
    const show = attrs.hidden;
    if (show && attrs.childElementCount === 0) fill(attrs, attributeTable(span));
    attrs.hidden = !show;
    name.setAttribute('aria-expanded', String(show));
  });
  const bar = h('div', { class: `bar status-${span.status}`, title: `${span.name}: ${spanDuration(span.duration_ms)}` });
  // Set through the CSSOM: the Content-Security-Policy allows no style attributes.
  bar.style.left = `${(100 * span.offset_ms) / scale}%`;
  bar.style.width = `max(2px, ${(100 * span.duration_ms) / scale}%)`;
  const label = h('div', { class: 'span-label' }, fold, name, span.status === 'error' ? h('span', { class: 'badge bad' }, 'error') : null);
  label.style.paddingLeft = `${depth * 16}px`;
  return h('li', { role: 'treeitem', class: 'span' },
    h('div', { class: 'span-row' }, label, h('div', { class: 'track' }, bar), h('span', { class: 'span-duration num' }, spanDuration(span.duration_ms))),
    attrs, children);
}

function attributeTable(span) {
  const rows = [['span id', span.span_id], ['start', span.start], ['status', span.status_message ? `${span.status}: ${span.status_message}` : span.status],
    ...Object.entries(span.attributes).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])];
  return h('table', { class: 'attrs' }, h('tbody', null, rows.map(([k, v]) =>
    h('tr', null, h('th', { scope: 'row', class: 'mono' }, k), h('td', { class: 'mono value' }, v)))));
}

/** As format.duration, but a span under a millisecond (most of Codex's) keeps two decimals instead of showing 0 ms. */
function spanDuration(ms) {
  return ms < 1 ? `${ms.toFixed(2)} ms` : f.duration(ms);
}
