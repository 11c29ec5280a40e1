// Search: full text over prompts, tool arguments and output, answers and errors; each hit's snippet with the words
// marked (as text nodes), linking to its turn. The words and the page are the URL's ?q= and ?after=.
import { h, fill, highlighted } from '../dom.js';
import * as api from '../api.js';
import * as f from '../format.js';
import { navigate } from '../nav.js';
import { ready } from '../ready.js';
import { errorBox, empty, loading } from '../components.js';

export function render(main, url, signal) {
  const q = url.searchParams.get('q') ?? '';
  const after = url.searchParams.get('after');
  const box = h('input', { type: 'search', name: 'q', value: q, placeholder: 'words to find (a trailing * matches a prefix)', 'aria-label': 'Search' });
  const results = h('div', { class: 'results' });
  fill(main, h('h1', null, 'Search'),
    h('form', { class: 'search', role: 'search', onsubmit: e => { e.preventDefault(); navigate(`/search?q=${encodeURIComponent(box.value.trim())}`); } },
      box, h('button', { type: 'submit', class: 'button' }, 'Search')),
    results);
  box.focus();
  if (!q) {
    fill(results, empty('Type words that appear in a prompt, a command, its output or an answer.'));
    ready(main, signal);
    return;
  }
  fill(results, loading());
  const words = q.split(/\s+/).filter(Boolean);
  api.get('search', { q, after, limit: 50 }, signal).then(page => {
    const more = page.next ? h('nav', { class: 'pager' }, h('a', { href: `/search?q=${encodeURIComponent(q)}&after=${encodeURIComponent(page.next)}`, rel: 'next' }, 'More results »')) : null;
    fill(results, page.hits.length === 0 ? empty(`Nothing contains ${q}.`) : h('ol', { class: 'hits' }, page.hits.map(hit => {
      const href = `/conversations/${encodeURIComponent(hit.conversation)}` + (hit.turn !== null ? `#turn-${hit.turn}` : '');
      return h('li', { class: 'hit' },
        h('div', { class: 'hit-head' }, h('a', { href, class: 'mono' }, f.shortId(hit.conversation)),
          h('span', { class: 'muted' }, ` · ${hit.turn === null ? '' : `turn ${hit.turn} · `}${hit.event}${hit.tool ? ` · ${hit.tool}` : ''} · ${f.when(hit.time)}`)),
        h('p', { class: 'snippet' }, highlighted(hit.snippet, words)));
    })), more);
    ready(main, signal);
  }).catch(e => { if (!signal.aborted) fill(results, errorBox(e)); });
}
