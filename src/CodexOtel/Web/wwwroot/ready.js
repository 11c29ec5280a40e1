// When a page shows its data: <main data-ready> and a User Timing mark, 'dashboard:ready', whose startTime is the
// milliseconds since the navigation started. The browser benchmark (bench dashboard-browser) and the tests wait for
// it. Only a page's first data counts (a live reload later marks nothing), and a page already left (its signal
// aborted) marks nothing on the next one.

const MARK = 'dashboard:ready';

/** Called by app.js as it starts showing a page. */
export function reset(main) {
  main.removeAttribute('data-ready');
  performance.clearMarks(MARK);
}

/** Called by a page once it has drawn its data. */
export function ready(main, signal) {
  if (signal?.aborted || main.hasAttribute('data-ready')) return;
  main.setAttribute('data-ready', '');
  performance.mark(MARK);
}
