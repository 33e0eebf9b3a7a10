/* Checks of what the page says and how it is marked up, where axe-core stops short: text
 * direction (WCAG 1.3.2), tables (1.3.1), image alternatives (1.1.1), animated images (2.2.2,
 * decided in Python from the image files), links told apart by colour alone (1.4.1) and form
 * labels and groups (1.3.1, 2.4.6, 3.3.2). */

const RTL_LANGS = /^(ar|arc|ckb|dv|fa|he|iw|ks|nqo|ps|sd|syr|ug|ur|yi)(-|$)|-(arab|hebr|thaa|syrc|nkoo)(-|$)/i;
const RTL_CHARS = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/g;
const LTR_CHARS = /[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]/g;
const IMAGE_FILE = /\.(png|jpe?g|gif|svg|webp|avif|bmp|tiff?|ico|heic)$/i;
// Names cameras and phones give files: IMG_2041, DSC01234, PXL_20240101_101010, Screenshot 2024-01-01...
const CAMERA_NAME = /^(img|dsc[nf]?|pxl|mvimg|gopr)[-_ ]?\d+([-_]\w+)?$|^screen ?shot[ _-]\d{4}-\d{2}-\d{2}/i;
const FIELD = 'input:not([type="hidden"]):not([type="submit"]):not([type="button"]):not([type="reset"]):not([type="image"]), ' +
  'select, textarea';

function langOf(el) {
  const owner = el.closest('[lang]');
  return owner ? owner.getAttribute('lang').trim() : '';
}

function count(textValue, pattern) {
  return (textValue.match(pattern) || []).length;
}

function isBlock(el) {
  return !/^inline/.test(getComputedStyle(el).display);
}

function checkDirection() {
  const nodes = [];
  for (const el of [document.documentElement].concat(Array.from(document.querySelectorAll('body [lang]')))) {
    const lang = el.getAttribute('lang') || '';
    const content = el === document.documentElement ? document.body.innerText || '' : el.textContent || '';
    if (!RTL_LANGS.test(lang) || !isBlock(el) || count(content, RTL_CHARS) < 2) continue;
    if (getComputedStyle(el === document.documentElement ? document.body : el).direction === 'rtl') continue;
    nodes.push(node(el, 'This text is in a right-to-left language (lang="' + lang + '") but is laid out left to ' +
      'right: add dir="rtl" so it reads, aligns and punctuates correctly.'));
  }
  for (const el of document.querySelectorAll('[dir="rtl" i]')) {
    const content = el.textContent || '';
    if (RTL_LANGS.test(langOf(el)) || count(content, RTL_CHARS) > 0 || count(content, LTR_CHARS) < 8) continue;
    nodes.push(node(el, 'dir="rtl" is set on left-to-right text (lang="' + langOf(el) + '"), so its punctuation ' +
      'and order are shown wrongly: remove dir="rtl".'));
  }
  return problem('text-direction', nodes);
}

/* ---------- tables ---------- */

function rowWidths(table) {
  const widths = [];
  const carried = [];   // rows still covered by earlier rowspans, one count per column
  for (const row of table.rows) {
    let column = 0;
    let width = 0;
    const next = [];
    for (const cell of row.cells) {
      while (carried[column] > 0) { next[column] = carried[column] - 1; column += 1; width += 1; }
      const span = Math.max(1, cell.colSpan);
      for (let i = 0; i < span; i += 1) next[column + i] = Math.max(0, (cell.rowSpan || 1) - 1);
      column += span;
      width += span;
    }
    while (column < carried.length) { if (carried[column] > 0) { next[column] = carried[column] - 1; width += 1; } column += 1; }
    carried.splice(0, carried.length, ...next.map(v => v || 0));
    widths.push(width);
  }
  return widths;
}

function checkTables() {
  const nodes = [];
  for (const table of document.querySelectorAll('th table, [role="columnheader"] table, [role="rowheader"] table')) {
    nodes.push(node(table, 'This table is inside a header cell of another table; screen readers cannot tell ' +
      'which cells it heads. Move it out of the header.'));
  }
  for (const table of document.querySelectorAll('table')) {
    if (/^(presentation|none)$/.test(table.getAttribute('role') || '') || table.rows.length < 2) continue;
    if (!table.querySelector('th, caption, thead')) continue;
    const widths = rowWidths(table).filter(w => w > 0);
    if (new Set(widths).size < 2) continue;
    nodes.push(node(table, 'The rows of this table have different numbers of columns (' +
      Array.from(new Set(widths)).join(', ') + '), so cells do not line up with their headers.'));
  }
  return problem('table-structure', nodes);
}

/* ---------- images ---------- */

function baseName(src) {
  try {
    return decodeURIComponent(new URL(src, location.href).pathname.split('/').pop() || '');
  } catch (e) { return ''; }
}

function checkImages() {
  const found = { 'image-alt-title': [], 'image-alt-filename': [] };
  for (const img of document.querySelectorAll('img[alt], input[type="image"][alt]')) {
    const alt = img.getAttribute('alt').trim();
    const title = (img.getAttribute('title') || '').trim();
    if (alt === '' && title) {
      found['image-alt-title'].push(node(img, 'This image has an empty alt, saying it is decoration, but a title ' +
        '("' + title.slice(0, 60) + '") that describes it: give it that text as alt, or remove the title.'));
      continue;
    }
    const file = baseName(img.getAttribute('src') || '');
    const stem = file.replace(IMAGE_FILE, '');
    if (IMAGE_FILE.test(alt) || CAMERA_NAME.test(alt) || (alt && alt === stem && /[-_\d]/.test(alt))) {
      found['image-alt-filename'].push(node(img, 'The alt text "' + alt.slice(0, 60) + '" is a file name, which ' +
        'tells nobody what the image shows.'));
    }
  }
  return Object.keys(found).map(id => problem(id, found[id])).filter(Boolean);
}

/* Images that may be animated, for Python to measure; ``stoppable`` when a pause or stop
 * control sits beside the image. */
function animatedCandidates() {
  const found = [];
  for (const img of document.querySelectorAll('img[src]')) {
    if (!/\.(gif|png|apng|webp)(\?|#|$)/i.test(img.getAttribute('src')) || !visibleBox(img)) continue;
    let stoppable = false;
    for (let a = img.parentElement, depth = 0; a && depth < 3 && !stoppable; a = a.parentElement, depth += 1) {
      stoppable = Array.from(a.querySelectorAll('button, [role="button"], input[type="button"]'))
        .some(b => /pause|stop/i.test(b.textContent + ' ' + (b.getAttribute('aria-label') || '') + ' ' + (b.value || '')));
    }
    found.push({ src: new URL(img.getAttribute('src'), location.href).pathname, stoppable: stoppable,
      node: node(img, '') });
    if (found.length >= MAX_NODES) break;
  }
  return found;
}

/* ---------- forms ---------- */

function legendText(fieldset) {
  const legend = fieldset && Array.from(fieldset.children).find(c => c.localName === 'legend');
  return legend ? text(legend) : null;
}

function groupNamed(el) {
  const group = el.closest('[role="group"], [role="radiogroup"]');
  return !!group && !!(group.getAttribute('aria-label') || '').trim() ||
    !!group && !!textOf(group.getAttribute('aria-labelledby') || '');
}

function checkForms() {
  const found = { 'group-fieldset': [], 'label-duplicate': [], 'placeholder-label': [] };
  const groups = new Map();
  for (const el of document.querySelectorAll('input[type="radio"][name], input[type="checkbox"][name]')) {
    const key = (el.form ? Array.prototype.indexOf.call(document.forms, el.form) : -1) + '|' + el.type + '|' + el.name;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(el);
  }
  for (const members of groups.values()) {
    const shown = members.filter(el => visibleBox(el) || Array.from(el.labels || []).some(visibleBox));
    if (shown.length < 2 || shown.some(groupNamed)) continue;
    const fieldset = shown[0].closest('fieldset');
    const legend = fieldset && shown.every(el => fieldset.contains(el)) ? legendText(fieldset) : null;
    if (legend) continue;
    found['group-fieldset'].push(node(shown[0], legend === '' ? 'This group of ' + shown[0].type + 'es has an ' +
      'empty legend: say in the legend what the question is.' : 'These ' + shown.length + ' ' + shown[0].type +
      ' options are not grouped in a fieldset with a legend, so screen readers do not hear the question they answer.'));
  }
  const names = new Map();
  for (const el of document.querySelectorAll(FIELD)) {
    if (!visibleBox(el) && !Array.from(el.labels || []).some(visibleBox)) continue;
    const name = fieldName(el).toLowerCase().replace(/\s+/g, ' ').trim();
    if (!name && (el.getAttribute('placeholder') || '').trim()) {
      found['placeholder-label'].push(node(el, 'This field\'s only label is its placeholder, which disappears as ' +
        'soon as someone types. Give it a visible <label>.'));
      continue;
    }
    if (!name) continue;
    const formIndex = el.form ? Array.prototype.indexOf.call(document.forms, el.form) : -1;
    const key = formIndex + '|' + (legendText(el.closest('fieldset')) || '') + '|' + name;
    if (names.has(key)) {
      found['label-duplicate'].push(node(el, 'Two fields in this form are both labelled "' + name + '", so people ' +
        'cannot tell them apart. Give each a label that says what it is for.'));
    } else {
      names.set(key, true);
    }
  }
  return Object.keys(found).map(id => problem(id, found[id])).filter(Boolean);
}

/* ---------- links told apart by colour alone (WCAG 1.4.1) ---------- */

function luminance(colour) {
  const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)/.exec(colour);
  if (!m) return null;
  const channel = v => { const c = v / 255; return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
  return 0.2126 * channel(+m[1]) + 0.7152 * channel(+m[2]) + 0.0722 * channel(+m[3]);
}

function contrast(a, b) {
  const la = luminance(a), lb = luminance(b);
  if (la === null || lb === null) return 21;
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

function cueAtRest(link, around) {
  const s = getComputedStyle(link), p = getComputedStyle(around);
  for (let el = link; el; el = el.firstElementChild) {
    if (/underline|overline/.test(getComputedStyle(el).textDecorationLine) && !/underline|overline/.test(p.textDecorationLine)) return true;
  }
  if (parseFloat(s.borderBottomWidth) > 0 && s.borderBottomStyle !== 'none' && !transparent(s.borderBottomColor)) return true;
  if (Math.abs(parseInt(s.fontWeight, 10) - parseInt(p.fontWeight, 10)) >= 300 || s.fontStyle !== p.fontStyle) return true;
  return s.backgroundColor !== p.backgroundColor && !transparent(s.backgroundColor);
}

/* Does a :hover (or :focus) rule of the site's CSS give this link a cue other than colour? */
function cueOn(link, state) {
  const CUE = /text-decoration|border|outline|background|box-shadow|font-weight/;
  const pseudo = state === 'hover' ? /:hover/g : /:focus(-visible|-within)?/g;
  const visit = rules => {
    for (const rule of rules) {
      if (rule.cssRules && visit(rule.cssRules)) return true;
      if (!rule.selectorText || !pseudo.test(rule.selectorText)) continue;
      pseudo.lastIndex = 0;
      const matches = rule.selectorText.split(',').some(sel => {
        if (!pseudo.test(sel)) return false;
        pseudo.lastIndex = 0;
        try { return link.matches(sel.replace(pseudo, '') || '*'); } catch (e) { return false; }
      });
      if (matches && CUE.test(rule.style.cssText)) return true;
    }
    return false;
  };
  for (const sheet of document.styleSheets) {
    try { if (visit(sheet.cssRules)) return true; } catch (e) { return true; }  // unreadable: assume the best
  }
  return false;
}

function checkLinkColour() {
  const nodes = [];
  for (const link of document.querySelectorAll('p a[href], li a[href], dd a[href], td a[href], blockquote a[href]')) {
    const block = link.parentElement.closest('p, li, dd, td, blockquote');
    const surrounding = text(block, 2000).replace(text(link, 2000), '').replace(/[\s.,;:!?()]/g, '');
    if (surrounding.length < 10 || !visibleBox(link) || !text(link)) continue;
    const around = link.parentElement;
    if (cueAtRest(link, around)) continue;
    const ratio = contrast(getComputedStyle(link).color, getComputedStyle(around).color);
    const missing = ratio < 3 ? 'its colour has only ' + ratio.toFixed(2) + ':1 contrast with the text around it'
      : !cueOn(link, 'hover') ? 'nothing but colour changes when the pointer is over it'
        : !cueOn(link, 'focus') ? 'nothing but colour changes when it has keyboard focus' : null;
    if (!missing) continue;
    nodes.push(node(link, 'This link is told apart from the text around it by colour alone, and ' + missing +
      '. Underline links in text.'));
    if (nodes.length >= MAX_NODES) break;
  }
  return problem('link-distinguishable', nodes);
}
