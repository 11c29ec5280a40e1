// Moving between the dashboard's URLs without a reload (app.js shows the page of the new URL).

/** Shows another URL of the dashboard; `replace` rewrites the current history entry (a filter being typed). */
export function navigate(href, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  window.dispatchEvent(new Event('dashboard:navigate'));
}
