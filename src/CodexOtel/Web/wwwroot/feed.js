// One connection to the live feed (/api/live, Server-Sent Events) for the whole app. Pages listen for events as they
// are recorded ('tail') and for the index having caught up ('indexed'), after which they reload what they show. The
// browser reconnects by itself, sending the last event id: the server resumes from that ledger position.

const listeners = { tail: new Set(), indexed: new Set(), state: new Set() };
let source = null;

function connect() {
  if (source) return;
  source = new EventSource('/api/live');
  source.addEventListener('open', () => notify('state', 'live'));
  source.addEventListener('error', () => notify('state', source.readyState === EventSource.CLOSED ? 'off' : 'reconnecting'));
  source.addEventListener('tail', e => notify('tail', JSON.parse(e.data), e.lastEventId));
  source.addEventListener('indexed', () => notify('indexed'));
}

function notify(kind, ...args) {
  for (const listener of listeners[kind]) listener(...args);
}

/** Calls back on each kind of news; returns what stops it. */
export function on(kind, callback) {
  connect();
  listeners[kind].add(callback);
  return () => listeners[kind].delete(callback);
}

/**
 * Calls back once the index has caught up: at the first notice, then at most once per `ms` while notices keep coming,
 * and once after the last of a burst (so what the last notice announced is always loaded).
 */
export function onIndexed(callback, ms = 300) {
  const call = throttled(callback, ms);
  const stop = on('indexed', call);
  return () => { call.cancel(); stop(); };
}

/**
 * `callback` at once, then not again for `ms` nor while what it returned (a page's load) is pending: calls meanwhile
 * are held as one, made when both are over (leading and trailing; never two loads at once, so an older answer cannot
 * replace a newer one). `cancel()` drops a held call.
 */
export function throttled(callback, ms) {
  let busy = false;
  let held = false;
  let cancelled = false;
  const run = async () => {
    busy = true;
    held = false;
    const wait = new Promise(resolve => setTimeout(resolve, ms));
    try { await callback(); } catch { /* a page shows its own errors */ }
    await wait;
    busy = false;
    if (held && !cancelled) run();
  };
  const call = () => { if (busy) held = true; else run(); };
  call.cancel = () => { cancelled = true; held = false; };
  return call;
}
