// The pages' router: each page is a URL (path and query string hold its filters, so links can be shared and the back
// button works). Same-origin links are followed without a reload; a page renders into <main> and returns what stops
// it (its timers, its live listeners) when another is shown.
import { h, fill } from './dom.js';
import { on } from './feed.js';
import { navigate } from './nav.js';
import { reset } from './ready.js';
import * as home from './pages/home.js';
import * as conversations from './pages/conversations.js';
import * as conversation from './pages/conversation.js';
import * as tools from './pages/tools.js';
import * as live from './pages/live.js';
import * as search from './pages/search.js';
import * as health from './pages/health.js';

const main = document.getElementById('main');
let stop = null;
let rendered = 0;

function route(path) {
  const parts = path.split('/').filter(p => p.length > 0).map(decodeURIComponent);
  switch (parts[0] ?? '') {
    case '': return ['home', home, []];
    case 'conversations': return parts.length > 1 ? ['conversations', conversation, [parts[1]]] : ['conversations', conversations, []];
    case 'tools': return ['tools', tools, parts.slice(1)];
    case 'live': return ['live', live, []];
    case 'search': return ['search', search, []];
    case 'health': return ['health', health, []];
    default: return null;
  }
}

async function show() {
  stop?.();
  stop = null;
  reset(main);
  const url = new URL(location.href);
  const found = route(url.pathname);
  for (const link of document.querySelectorAll('header nav a')) {
    link.toggleAttribute('aria-current', found !== null && link.dataset.nav === found[0]);
    if (found !== null && link.dataset.nav === found[0]) link.setAttribute('aria-current', 'page');
  }
  if (found === null) {
    fill(main, h('h1', null, 'Not found'), h('p', null, 'No page here. ', h('a', { href: '/' }, 'Home')));
    return;
  }
  const [, page, args] = found;
  const mine = ++rendered;
  const controller = new AbortController();
  const pageStop = page.render(main, url, controller.signal, ...args);
  stop = () => { controller.abort(); if (typeof pageStop === 'function') pageStop(); };
  if (mine !== rendered) stop();
}


document.addEventListener('click', e => {
  const link = e.target.closest('a');
  if (!link || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  if (link.target || link.hasAttribute('download') || link.origin !== location.origin || link.pathname.startsWith('/api/')) return;
  e.preventDefault();
  if (link.href !== location.href) navigate(link.href);
  if (link.hash) document.getElementById(link.hash.slice(1))?.scrollIntoView();
});

window.addEventListener('popstate', show);
window.addEventListener('dashboard:navigate', show);

document.addEventListener('keydown', e => {
  // "/" jumps to search, as on many sites; not while typing.
  if (e.key === '/' && !(e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement)) {
    e.preventDefault();
    const box = document.querySelector('input[type=search]');
    if (box) box.focus(); else navigate('/search');
  }
});

const state = document.getElementById('feed-state');
on('state', s => {
  state.dataset.state = s;
  state.textContent = s === 'live' ? '● live' : s === 'reconnecting' ? '○ reconnecting…' : '○ offline';
});

show();
