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

/** Calls back once the index has caught up, at most once per `ms`, after the last of a burst. */
export function onIndexed(callback, ms = 300) {
  let timer = null;
  const stop = on('indexed', () => {
    clearTimeout(timer);
    timer = setTimeout(callback, ms);
  });
  return () => { clearTimeout(timer); stop(); };
}
