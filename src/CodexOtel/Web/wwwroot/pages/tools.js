// Tools: per tool, its calls, failure rate, p50/p95 duration and denials; a click lists its calls.
import { h, fill } from '../dom.js';

export function render(main) {
  fill(main, h('h1', null, 'Tools'), h('p', { class: 'muted' }, 'Loading…'));
}
