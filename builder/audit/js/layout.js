/* Layout checks: reflow (WCAG 1.4.10), text spacing (1.4.12) and text resized to 200% (1.4.4).
 *
 * Text spacing and text size both change the page, look for text that no longer fits its box,
 * and undo the change.  Text that spills out of a box is only lost when the box clips it, or
 * when it runs into something else on the page; spilling into empty space loses nothing. */

const MAX_REFLOW_NODES = 5;
const TEXT_SPACING_CSS =
  '*:not(svg):not(svg *) { line-height: 1.5 !important; letter-spacing: 0.12em !important; ' +
  'word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }';
// A scroll box is fine for content that needs two dimensions (WCAG 1.4.10's exceptions).
const TWO_DIMENSIONAL = 'table, pre, code, kbd, samp, svg, canvas, img, picture, video, iframe, math, object, ' +
  '[role="table"], [role="grid"], [role="treegrid"], [role="img"], [role="application"]';

function clipsHorizontally(el) {
  return getComputedStyle(el).overflowX !== 'visible';
}

function scrollsSideways(el) {
  return /auto|scroll/.test(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth + 1;
}

function ownText(el) {
  let found = '';
  for (const child of el.childNodes) if (child.nodeType === 3) found += child.data;
  return found.replace(/\s+/g, ' ').trim();
}

/* Prose inside a box that scrolls sideways: text elements of several words that reach past the
 * box's edge and are not part of a table, code or picture (which may scroll). */
function proseInScrollBoxes() {
  const nodes = [];
  for (const box of document.body.querySelectorAll('*')) {
    if (nodes.length >= MAX_REFLOW_NODES) break;
    if (box.matches(TWO_DIMENSIONAL) || box.closest(TWO_DIMENSIONAL) || !visibleBox(box) || !scrollsSideways(box)) continue;
    const edge = box.getBoundingClientRect().left + box.clientLeft + box.clientWidth + 1;
    for (const el of box.querySelectorAll('*')) {
      if (el.closest(TWO_DIMENSIONAL) || ownText(el).split(' ').length < 3 || !visibleBox(el)) continue;
      if (el.getBoundingClientRect().right <= edge) continue;
      nodes.push(node(el, 'This text is ' + Math.round(el.getBoundingClientRect().width) + ' px wide inside ' +
        selectorFor(box) + ', a ' + box.clientWidth + ' px box that scrolls sideways, so it cannot be read ' +
        'without scrolling in two directions. Only tables, code and pictures may scroll like that.'));
      break;
    }
  }
  return nodes;
}

function checkReflow() {
  const root = document.documentElement;
  const width = root.clientWidth;
  const inBoxes = proseInScrollBoxes();
  if (root.scrollWidth <= width + 1) return problem('reflow', inBoxes);
  const culprits = [];
  const overflowing = new Set();
  for (const el of document.body.querySelectorAll('*')) {
    if (!visibleBox(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.right + scrollX <= width + 1) continue;
    overflowing.add(el);
    let inside = false;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (overflowing.has(a) || clipsHorizontally(a)) { inside = true; break; }
    }
    if (!inside) culprits.push(el);
  }
  const summary = 'The page scrolls sideways: it is ' + root.scrollWidth + ' CSS px wide in a ' + width +
    ' px viewport.';
  // The widest first; a grid or table whose cells all overflow is reported by its first few.
  const right = el => el.getBoundingClientRect().right + scrollX;
  const worst = culprits.map((el, i) => [right(el), i, el]).sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .slice(0, MAX_REFLOW_NODES).map(entry => entry[2]);
  const nodes = (worst.length ? worst : [root]).map(el => node(el, summary + ' This element reaches ' +
    Math.round(right(el)) + ' px.'));
  return problem('reflow', nodes.concat(inBoxes));
}

/* ---------- text that no longer fits ---------- */

function hasText(el) {
  return /\S/.test(el.textContent || '');
}

function overflows(el) {
  return el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
}

function scrolls(el) {
  const s = getComputedStyle(el);
  return /auto|scroll/.test(s.overflowX) || /auto|scroll/.test(s.overflowY);
}

function textBoxes() {
  return Array.from(document.body.querySelectorAll('*')).filter(el =>
    !el.closest('svg, script, style, template, noscript') && el.clientWidth > 1 && el.clientHeight > 1 && hasText(el));
}

function intersects(a, b) {
  return a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
}

function textRects(el) {
  const rects = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let t = walker.nextNode(); t && rects.length < 400; t = walker.nextNode()) {
    if (!/\S/.test(t.data)) continue;
    range.selectNodeContents(t);
    for (const r of range.getClientRects()) if (r.width > 0 && r.height > 0) rects.push(r);
  }
  return rects;
}

/* What a spilling box could run into: the text of other elements, pictures and controls. */
function obstacles() {
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (!visibleBox(el)) continue;
    if (el.matches('img, svg, video, canvas, input, select, textarea, button')) found.push([el, el.getBoundingClientRect()]);
    else if (ownText(el)) for (const r of textRects(el)) found.push([el, r]);
  }
  return found;
}

/* Is text of ``el`` lost: clipped by its box, or drawn over something else? */
function loses(el, others) {
  const s = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const outside = textRects(el).filter(r => r.bottom > box.bottom + 1 || r.right > box.right + 1);
  if (!outside.length) return null;  // only padding or decoration sticks out
  if (s.overflowY !== 'visible' || s.overflowX !== 'visible') return 'clipped';
  for (const [other, rect] of others) {
    if (other === el || el.contains(other) || other.contains(el)) continue;
    if (outside.some(r => intersects(r, rect))) return 'overlaps ' + selectorFor(other);
  }
  return null;
}

/* Apply ``change``, report the innermost boxes whose text no longer fits and gets lost, undo. */
function textThatNoLongerFits(id, change, describe) {
  const elements = textBoxes();
  const before = new Set(elements.filter(overflows));
  const undo = change();
  try {
    const now = elements.filter(el => !before.has(el) && overflows(el) && !scrolls(el));
    const flagged = new Set(now);
    const innermost = now.filter(el => !now.some(other => other !== el && el.contains(other) && flagged.has(other)));
    const others = innermost.length ? obstacles() : [];
    const nodes = [];
    for (const el of innermost) {
      const lost = loses(el, others);
      if (!lost) continue;
      const why = describe + ', the content of ' + selectorFor(el) + ' no longer fits (' + el.scrollWidth + '×' +
        el.scrollHeight + ' px of content in a ' + el.clientWidth + '×' + el.clientHeight + ' px box) and ' +
        (lost === 'clipped' ? 'is cut off.' : lost + '.');
      // A box that overflows sideways because something in it grew wider than it: report that.
      const wide = el.scrollWidth > el.clientWidth + 1 ? widest(el) : [];
      for (const culprit of (wide.length ? wide : [el])) nodes.push(node(culprit, why));
    }
    return problem(id, nodes);
  } finally {
    undo();
  }
}

/* The outermost elements inside ``box`` that reach past its right edge (at most 3). */
function widest(box) {
  const edge = box.getBoundingClientRect().left + box.clientLeft + box.clientWidth + 1;
  const found = [];
  for (const el of box.querySelectorAll('*')) {
    if (found.length >= 3) break;
    if (found.some(outer => outer.contains(el))) continue;
    if (el.getBoundingClientRect().right > edge && visibleBox(el)) found.push(el);
  }
  return found;
}

function checkTextSpacing() {
  return textThatNoLongerFits('text-spacing', () => {
    const style = document.createElement('style');
    style.textContent = TEXT_SPACING_CSS;
    document.head.appendChild(style);
    return () => style.remove();
  }, 'With WCAG 1.4.12 text spacing applied');
}

/* Text at 200% size, as a browser's "zoom text only" does it: every font size doubled, the
 * layout width left alone.  Line heights given in px are doubled too (a unitless line height
 * is read back in px, and must not be taken for a fixed one). */
function checkTextResize() {
  return textThatNoLongerFits('text-resize', () => {
    const all = [document.documentElement].concat(Array.from(document.querySelectorAll('body, body *'))
      .filter(el => !el.closest('svg, script, style, template, noscript')));
    const sizes = all.map(el => {
      const s = getComputedStyle(el);
      return [parseFloat(s.fontSize), s.lineHeight.endsWith('px') ? parseFloat(s.lineHeight) : null];
    });
    const saved = all.map(el => [el.style.getPropertyValue('font-size'), el.style.getPropertyPriority('font-size'),
      el.style.getPropertyValue('line-height'), el.style.getPropertyPriority('line-height')]);
    all.forEach((el, i) => {
      el.style.setProperty('font-size', (sizes[i][0] * 2) + 'px', 'important');
      if (sizes[i][1] !== null) el.style.setProperty('line-height', (sizes[i][1] * 2) + 'px', 'important');
    });
    return () => all.forEach((el, i) => {
      el.style.setProperty('font-size', saved[i][0], saved[i][1]);
      el.style.setProperty('line-height', saved[i][2], saved[i][3]);
    });
  }, 'With text resized to 200%');
}
