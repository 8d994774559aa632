// Small helpers that build the page from DOM nodes. Text from the server is only ever set as
// text (textContent / text nodes), never parsed as markup.

/**
 * Creates an element. `props`: `class`, `text`, `on<event>` listeners, `dataset`, and
 * attributes (true makes an empty attribute; null, undefined and false are left out).
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') element.className = value;
    else if (key === 'text') element.textContent = String(value);
    else if (key === 'dataset') Object.assign(element.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2), value);
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

/** Appends nodes and strings (as text), skipping null, undefined and false. */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/**
 * A search snippet as nodes: the API marks each match between « and »; those parts become
 * <mark> elements holding text, everything else text nodes.
 */
export function snippet(text) {
  const fragment = document.createDocumentFragment();
  let rest = String(text || '');
  while (rest.length) {
    const open = rest.indexOf('\u00ab');
    if (open < 0) { fragment.append(document.createTextNode(rest)); break; }
    if (open > 0) fragment.append(document.createTextNode(rest.slice(0, open)));
    const close = rest.indexOf('\u00bb', open + 1);
    const end = close < 0 ? rest.length : close;
    const mark = document.createElement('mark');
    mark.textContent = rest.slice(open + 1, end);
    fragment.append(mark);
    rest = close < 0 ? '' : rest.slice(close + 1);
  }
  return fragment;
}

/** `m:ss` or `h:mm:ss` for seconds. */
export function clock(seconds) {
  const total = Math.max(0, Math.floor(Number(seconds) || 0));
  const h = Math.floor(total / 3600), m = Math.floor((total % 3600) / 60), s = total % 60;
  const mm = h ? String(m).padStart(2, '0') : String(m);
  return (h ? h + ':' : '') + mm + ':' + String(s).padStart(2, '0');
}

/** A date and time in the browser's locale, from ISO text or milliseconds. */
export function when(value) {
  if (value === undefined || value === null || value === '') return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A byte count for people. */
export function bytes(count) {
  const n = Number(count) || 0;
  if (n < 1024) return n + ' B';
  if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KiB';
  return (n / 1024 / 1024).toFixed(1) + ' MiB';
}

/** Tells screen readers something through the page's live region. */
export function announce(message) {
  const region = document.getElementById('announce');
  if (region) region.textContent = message;
}

/** A paragraph that says something went wrong, as text. */
export function failure(message) {
  return h('p', { class: 'error', role: 'alert', text: message });
}
