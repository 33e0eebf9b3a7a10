/* The keyboard walk (WCAG 2.1.1, 2.4.1, 2.4.3, 2.4.7, 2.4.11): Python presses Tab through the
 * page; every element that gets focus is recorded with its style and box, then judged.
 *
 * Focus visible is judged first by computed style (fast): an outline of 2 px or more, a
 * box-shadow or a background that appears on focus, with no border change, is visible.
 * Anything else (only a border change, or no change on the element at all, because the
 * indicator is drawn on a sibling or child) is settled by comparing screenshots of the
 * element's surroundings focused and unfocused (Python takes them, see ``focusArea``). */

let walk = null;        // state of the keyboard walk between prepareKeyboard() and judgeWalk()

/* ---------- keyboard walk (WCAG 2.1.1, 2.4.1, 2.4.3, 2.4.7, 2.4.11) ---------- */

function styleKey(target) {
  const el = target && target[0];
  if (!el || el.nodeType !== 1) return null;
  const s = getComputedStyle(el, target[1]);
  if (target[1] && (s.content === 'none' || s.content === 'normal')) return { absent: true };
  let faint = parseFloat(s.opacity) < 0.1 || s.visibility === 'hidden';
  if (target[1]) faint = faint || parseFloat(getComputedStyle(el).opacity) < 0.1;
  return {
    faint: faint,
    outline: [s.outlineStyle, s.outlineWidth, s.outlineColor].join(' '),
    outlineWidth: parseFloat(s.outlineWidth) || 0,
    outlineVisible: s.outlineStyle !== 'none' && s.outlineStyle !== 'hidden' && parseFloat(s.outlineWidth) > 0 &&
      !transparent(s.outlineColor),
    shadow: s.boxShadow,
    background: s.backgroundColor + ' ' + s.backgroundImage,
    border: ['Top', 'Right', 'Bottom', 'Left'].map(side => {
      const style = s['border' + side + 'Style'], width = s['border' + side + 'Width'];
      return style === 'none' || style === 'hidden' || parseFloat(width) === 0 ? 'none'
        : [style, width, s['border' + side + 'Color']].join(' ');
    }).join(' '),
  };
}

function transparent(color) {
  return color === 'transparent' || /rgba\([^)]*,\s*0\)$/.test(color) || /\/\s*0\)$/.test(color);
}

function shadowVisible(shadow) {
  if (!shadow || shadow === 'none') return false;
  const colours = shadow.match(/rgba?\([^)]*\)/g) || [];
  return colours.some(c => !transparent(c));
}

/* How clearly the focused style differs from the unfocused one: "clear", or "maybe" when
 * only a border changed (it may draw the same pixels), or null when nothing changed. */
function indicator(before, after) {
  if (!after || after.absent || after.faint) return null;
  if (!before || before.absent) return 'clear';  // a pseudo-element that appears on focus
  const sameBorder = after.border === before.border;
  if (sameBorder && after.outlineVisible && after.outlineWidth >= 2 && after.outline !== before.outline) return 'clear';
  if (sameBorder && after.shadow !== before.shadow && shadowVisible(after.shadow)) return 'clear';
  if (sameBorder && after.background !== before.background) return 'clear';
  if (after.outline !== before.outline || after.shadow !== before.shadow || after.background !== before.background ||
      !sameBorder) return 'maybe';
  return null;
}

/* Where a focus indicator may be drawn: the element, its ::before/::after, its parent and
 * first child, and for inputs their labels (custom radios and checkboxes draw it there). */
function related(el) {
  const found = [[el, null], [el, '::before'], [el, '::after'], [el.parentElement, null],
    [el.firstElementChild, null]];
  for (const label of el.labels || []) {
    found.push([label, null], [label, '::before'], [label, '::after']);
  }
  return found.filter(target => target[0]);
}

function relatedKey(target) {
  return target[1] ? target[1] : '';
}

function snapshot(el) {
  return related(el).map(target => ({ target: target, style: styleKey(target) }));
}

/* The box focus is drawn in: an image map's <area> has none of its own, so its image's. */
function mapImage(el) {
  const map = el.localName === 'area' ? el.closest('map') : null;
  return map && map.name ? document.querySelector('img[usemap="#' + CSS.escape(map.name) + '"]') : null;
}

function focusBox(el) {
  return pageBox(mapImage(el) || el);
}

function hiddenWhenFocused(el, box) {
  // Custom radios and checkboxes hide the input and draw it, and its focus, on the label.
  if (/^(radio|checkbox)$/.test(el.type || '') && Array.from(el.labels || []).some(visibleBox)) return false;
  const s = getComputedStyle(el);
  if (el.localName !== 'area' && (s.visibility === 'hidden' || parseFloat(s.opacity) === 0)) return true;
  if (box.width <= 1 && box.height <= 1) return true;
  const doc = document.documentElement;
  if (box.right <= 0 || box.bottom <= 0) return true;
  if (box.left >= doc.scrollWidth || box.top >= doc.scrollHeight) return true;
  return false;
}

/* A focus sentinel: hidden from assistive technology, it hands focus straight on (focus traps
 * of dialogs use them).  Nobody ever sees focus on it. */
function isSentinel(el) {
  if (!el.closest('[aria-hidden="true"]')) return false;
  const previous = document.activeElement;
  el.focus({ preventScroll: true });
  const moved = document.activeElement !== el;
  if (previous && previous !== document.body && previous.focus) previous.focus({ preventScroll: true });
  else if (document.activeElement) document.activeElement.blur();
  return moved;
}

/* Start the Tab walk from the top of the page, whatever took focus before (a check, a script). */
function focusFromTop() {
  const body = document.body;
  const had = body.getAttribute('tabindex');
  body.setAttribute('tabindex', '-1');
  body.focus({ preventScroll: true });
  body.blur();
  if (had === null) body.removeAttribute('tabindex'); else body.setAttribute('tabindex', had);
}

function prepareKeyboard() {
  if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
  focusFromTop();
  const tabbable = Array.from(document.querySelectorAll(TABBABLE)).filter(el => el.tabIndex >= 0 && !el.matches(':disabled'));
  const candidates = tabbable.filter(visibleBox);
  const offscreenCandidates = tabbable.filter(el => !candidates.includes(el) && el.getClientRects().length);
  const before = new Map();
  for (const el of candidates.concat(offscreenCandidates)) before.set(el, snapshot(el));
  const stops = [];
  const seen = new Set();
  const listener = e => {
    const el = e.target;
    if (!(el instanceof Element)) return;
    if (seen.has(el)) { walk.wrapped = true; return; }
    if (walk.wrapped) return;
    seen.add(el);
    stops.push({ el: el, styles: snapshot(el), box: focusBox(el) });
  };
  document.addEventListener('focusin', listener, true);
  walk = { stops: stops, seen: seen, before: before, listener: listener, wrapped: false };
  return candidates.length + offscreenCandidates.length + 2;
}

function radioGroup(el) {
  const form = el.form;
  return (form ? Array.prototype.indexOf.call(document.forms, form) : -1) + '|' + el.name;
}

function isSkipLink(el) {
  if (!el || el.localName !== 'a') return null;
  const href = el.getAttribute('href') || '';
  if (!href.startsWith('#') || href.length < 2) return null;
  let target = null;
  try { target = document.getElementById(decodeURIComponent(href.slice(1))); } catch (e) { target = null; }
  if (!target) return null;
  const main = document.querySelector('main, [role="main"]');
  if (main && !(target === main || target.contains(main) || main.contains(target))) return null;
  return target;
}

/* Does focus go from ``a`` to ``b`` against the reading order?  Back up the page within a
 * column, or backwards along one line (leftwards in left-to-right text), as floats, flex
 * ``order`` and grid placement can make it. */
function orderProblem(a, b, el) {
  if (b.bottom <= a.top - 2 && b.left < a.right && b.right > a.left) return 'back up the page';
  const overlap = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  const sameLine = overlap >= Math.min(a.height, b.height) / 2 && a.height > 0 && b.height > 0;
  if (!sameLine) return null;
  const rtl = getComputedStyle(el).direction === 'rtl';
  if (rtl ? b.left >= a.right + 2 : b.right <= a.left - 2) return 'backwards along the line';
  return null;
}

function judgeWalk() {
  const found = { 'focus-obscured': [], 'focus-order': [], 'keyboard-reachable': [], 'skip-link-first': [] };
  document.removeEventListener('focusin', walk.listener, true);
  const review = [];
  let previous = null;
  for (const stop of walk.stops) {
    const el = stop.el;
    if (isSentinel(el)) continue;
    if (hiddenWhenFocused(el, stop.box)) {
      found['focus-obscured'].push(node(el, 'This element takes keyboard focus but cannot be seen when it has it ' +
        '(off-screen, clipped, transparent or hidden).'));
      continue;
    }
    const beforeStyles = walk.before.get(el) || [];
    const verdicts = stop.styles.map(after => {
      const match = beforeStyles.find(b => b.target[0] === after.target[0] &&
        relatedKey(b.target) === relatedKey(after.target));
      return indicator(match ? match.style : null, after.style);
    });
    if (!verdicts.includes('clear')) review.push({ el: el, maybe: verdicts.includes('maybe') });
    if (previous) {
      const why = orderProblem(previous.box, stop.box, el);
      if (why) {
        found['focus-order'].push(node(el, 'Focus moves ' + why + ' to this element from ' + selectorFor(previous.el) +
          ', so the tab order does not follow the visual order.'));
      }
    }
    previous = stop;
  }
  const reached = walk.seen;
  // Tab reaches one radio of a group; the arrow keys move between the others.
  const radioGroups = new Set();
  for (const el of reached) if (el.type === 'radio' && el.name) radioGroups.add(radioGroup(el));
  for (const el of document.querySelectorAll(CONTROL)) {
    if (reached.has(el) || el.matches(':disabled') || el.closest('[inert]')) continue;
    if (el.type === 'radio' && el.name && radioGroups.has(radioGroup(el))) continue;
    if (!visibleBox(el) && !(/^(radio|checkbox)$/.test(el.type || '') &&
        Array.from(el.labels || []).some(visibleBox))) continue;
    if (el.getAttribute('aria-disabled') === 'true') continue;
    // Taken out of the tab order on purpose and hidden from assistive technology (a honeypot).
    if (el.getAttribute('tabindex') === '-1' && el.closest('[aria-hidden="true"]')) continue;
    if (isSentinel(el)) continue;
    found['keyboard-reachable'].push(node(el, 'Tabbing through the page never reaches this ' +
      (el.getAttribute('role') || el.localName) + ', so keyboard users cannot use it.'));
  }
  let skip = null;
  const first = walk.stops.length ? walk.stops[0].el : null;
  if (first) {
    const target = isSkipLink(first);
    if (!target) {
      found['skip-link-first'].push(node(first, 'The first Tab stop is not a skip link to the main content.'));
    } else {
      skip = { link: first, target: target };
    }
  }
  walk = null;
  return { found: found, skip: skip, review: review };
}

/* ---------- focus visible by screenshots ---------- */

/* The area to photograph for ``el``: its box and its parent's (where siblings draw indicators),
 * grown by 4 px for outlines, in viewport coordinates after scrolling it into view. */
function focusArea(el, focused) {
  el.scrollIntoView({ block: 'center', inline: 'center' });
  if (focused) el.focus({ preventScroll: true, focusVisible: true });
  else if (document.activeElement === el) el.blur();
  const boxes = [(mapImage(el) || el).getBoundingClientRect()];
  if (el.parentElement && el.parentElement !== document.body) boxes.push(el.parentElement.getBoundingClientRect());
  for (const label of el.labels || []) boxes.push(label.getBoundingClientRect());
  const left = Math.max(0, Math.min(...boxes.map(b => b.left)) - 4);
  const top = Math.max(0, Math.min(...boxes.map(b => b.top)) - 4);
  const right = Math.min(innerWidth, Math.max(...boxes.map(b => b.right)) + 4);
  const bottom = Math.min(innerHeight, Math.max(...boxes.map(b => b.bottom)) + 4);
  if (right - left < 1 || bottom - top < 1) return null;
  return { x: left + scrollX, y: top + scrollY, width: right - left, height: bottom - top,
    typing: el.matches('input:not([type]), input[type="text"], input[type="search"], input[type="email"], ' +
      'input[type="tel"], input[type="url"], input[type="password"], input[type="number"], textarea, [contenteditable]') };
}

/* ``changed``: the screenshot verdicts, in review order; those not photographed (too many on one
 * page) keep the computed-style verdict. */
function focusIndicatorProblems(review, changed) {
  const unseen = review.filter((entry, i) => !(i < changed.length ? changed[i] : entry.maybe));
  const nodes = unseen.map(entry => node(entry.el, 'When this element has keyboard focus, the page looks ' +
    'exactly as it does without focus (screenshots of it and its surroundings are identical), so nobody can see ' +
    'where focus is.'));
  return problem('focus-indicator', nodes);
}

/* Activate the skip link; focus should move into the main content. */
function activateSkip(skip) {
  skip.link.focus();
  skip.link.click();
  const active = document.activeElement;
  if (active && active !== document.body && (skip.target === active || skip.target.contains(active))) return null;
  return skip;
}
