/* Describing elements: selectors, snippets and source anchors for every check, and the small
 * facts about elements (visible? focusable? what is it called?) that several checks share. */

const MAX_NODES = 20;
const TABBABLE = 'a[href], area[href], button, input:not([type="hidden"]), select, textarea, ' +
  'summary, iframe, audio[controls], video[controls], [contenteditable]:not([contenteditable="false"]), [tabindex]';
const CONTROL = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, ' +
  '[role="button"], [role="link"], [role="checkbox"], [role="radio"], [role="switch"], [role="tab"], ' +
  '[role="menuitem"], [role="combobox"], [role="textbox"], [role="slider"], [role="spinbutton"]';


/* ---------- describing elements ---------- */

function uniqueId(el) {
  if (!el.id) return null;
  const sel = '#' + CSS.escape(el.id);
  return document.querySelectorAll(sel).length === 1 ? sel : null;
}

function selectorFor(el) {
  if (!el || el.nodeType !== 1) return 'html';
  const parts = [];
  let node = el;
  while (node && node.nodeType === 1 && node !== document.documentElement) {
    const id = uniqueId(node);
    if (id) { parts.unshift(id); break; }
    let part = node.localName;
    const parent = node.parentElement;
    if (parent) {
      const same = Array.from(parent.children).filter(c => c.localName === node.localName);
      if (same.length > 1) part += ':nth-of-type(' + (same.indexOf(node) + 1) + ')';
    }
    parts.unshift(part);
    node = parent;
  }
  return parts.length ? parts.join(' > ') : 'html';
}

function snippet(el) {
  if (!el || el.nodeType !== 1) return '';
  const html = el.outerHTML || '';
  if (html.length <= 250) return html;
  const open = html.slice(0, html.indexOf('>') + 1);
  return open.length <= 250 ? open + '…' : open.slice(0, 249) + '…';
}

function text(el, max) {
  return ((el && el.textContent) || '').replace(/\s+/g, ' ').trim().slice(0, max || 120);
}

/* What the Python side needs to find the element's line in the Markdown source. */
function anchorInfo(el) {
  if (!el || el.nodeType !== 1) return null;
  const img = el.localName === 'img' ? el : null;
  const link = el.closest('a[href]');
  const outer = el.outerHTML || '';
  return {
    tag: el.localName,
    in_main: !!el.closest('main, [role="main"]'),
    src: el.getAttribute('src'),
    alt: img ? img.getAttribute('alt') : null,
    href: link ? link.getAttribute('href') : null,
    link_text: link ? text(link) : null,
    id: el.getAttribute('id'),
    name: el.getAttribute('name'),
    text: text(el),
    open_tag: outer.slice(0, Math.min(outer.indexOf('>') + 1, 200)),
  };
}

function node(el, summary) {
  return { target: selectorFor(el), html: snippet(el), summary: summary, anchor: anchorInfo(el) };
}

function problem(id, nodes) {
  return nodes.length ? { id: id, nodes: nodes.slice(0, MAX_NODES) } : null;
}

function visibleBox(el) {
  if (!el.checkVisibility || !el.checkVisibility({ visibilityProperty: true })) return false;
  const r = el.getBoundingClientRect();
  return r.width > 0 || r.height > 0;
}

function pageBox(el) {
  let r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0 && el.firstElementChild) r = el.firstElementChild.getBoundingClientRect();
  return { left: r.left + scrollX, top: r.top + scrollY, right: r.right + scrollX, bottom: r.bottom + scrollY,
    width: r.width, height: r.height };
}

function isFocusable(el) {
  return el.matches(TABBABLE) && el.tabIndex >= 0 && !el.matches(':disabled');
}

function textOf(ids) {
  return ids.split(/\s+/).map(id => document.getElementById(id)).filter(Boolean).map(e => text(e)).join(' ');
}

/* The accessible name as a form field gets it: aria-labelledby, aria-label, its labels, title. */
function fieldName(el) {
  const by = el.getAttribute('aria-labelledby');
  if (by && textOf(by)) return textOf(by);
  const label = (el.getAttribute('aria-label') || '').trim();
  if (label) return label;
  const labels = Array.from(el.labels || []).map(l => text(l)).filter(Boolean);
  if (labels.length) return labels.join(' ');
  return (el.getAttribute('title') || '').trim();
}
