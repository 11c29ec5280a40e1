// Builds elements. Text is only ever added as text nodes (textContent): prompts, tool arguments and output, answers
// and attribute values are untrusted, and nothing here parses a string as markup.

/** h('a', {href, class, onclick}, 'text', child, …): an element; strings and numbers become text nodes. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.append(child);
    else el.append(document.createTextNode(String(child)));
  }
}

/** Replaces what an element holds. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Text with each occurrence of the words marked (<mark>), as text nodes: for search snippets. */
export function highlighted(text, words) {
  const needles = words.map(w => w.replace(/\*$/, '').toLowerCase()).filter(w => w.length > 0);
  if (needles.length === 0) return [text];
  const lower = text.toLowerCase();
  const parts = [];
  let at = 0;
  while (at < text.length) {
    let best = -1, length = 0;
    for (const n of needles) {
      const i = lower.indexOf(n, at);
      if (i >= 0 && (best < 0 || i < best)) { best = i; length = n.length; }
    }
    if (best < 0) break;
    if (best > at) parts.push(text.slice(at, best));
    parts.push(h('mark', null, text.slice(best, best + length)));
    at = best + length;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}
