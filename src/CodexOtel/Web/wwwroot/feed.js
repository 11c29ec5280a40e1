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
 * `callback` at once, then not again for `ms`: calls meanwhile are held as one, made when the wait ends (leading and
 * trailing). `cancel()` drops a held call.
 */
export function throttled(callback, ms) {
  let timer = null;
  let held = false;
  const run = () => {
    held = false;
    timer = setTimeout(() => { timer = null; if (held) run(); }, ms);
    callback();
  };
  const call = () => { if (timer === null) run(); else held = true; };
  call.cancel = () => { clearTimeout(timer); timer = null; held = false; };
  return call;
}
