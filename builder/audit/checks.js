/* In-page half of the accessibility audit: the checks axe-core cannot do.
 *
 * Injected once per browser context (after axe.min.js) as an init script. It defines
 * window.__portalAudit, which the Python side (builder/audit/session.py) calls in this order
 * for every page and viewport:
 *
 *   scan(axeOptions)   run axe-core, check reflow, then get ready to walk the page by keyboard
 *                      (returns how many Tab presses the walk needs)
 *   ...                Python presses Tab that many times (real key events through CDP)
 *   afterTabs(force)   judge the keyboard walk (focus indicator, order, reachability, skip
 *                      link), activate the skip link, then check WCAG 1.4.12 text spacing;
 *                      unless focus has not yet come back to the first stop (and not force),
 *                      when it returns {pending: stops so far} and Python presses Tab more
 *   afterSkipTab()     only when activating the skip link left focus on <body>: did the one
 *                      extra Tab land inside the main content?
 *
 * Every problem comes back as {id, nodes: [{target, html, summary, anchor}]}; the rule's
 * impact, WCAG criterion and help text live in builder/audit/checks.py.
 */
(() => {
  if (window.__portalAudit) return;

  const MAX_NODES = 20;
  const MAX_REFLOW_NODES = 5;
  const TABBABLE = 'a[href], area[href], button, input:not([type="hidden"]), select, textarea, ' +
    'summary, iframe, audio[controls], video[controls], [contenteditable]:not([contenteditable="false"]), [tabindex]';
  const CONTROL = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, ' +
    '[role="button"], [role="link"], [role="checkbox"], [role="radio"], [role="switch"], [role="tab"], ' +
    '[role="menuitem"], [role="combobox"], [role="textbox"], [role="slider"], [role="spinbutton"]';
  const TEXT_SPACING_CSS =
    '*:not(svg):not(svg *) { line-height: 1.5 !important; letter-spacing: 0.12em !important; ' +
    'word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }';

  let walk = null;        // state of the keyboard walk between scan() and afterTabs()
  let skipState = null;   // state between afterTabs() and afterSkipTab()

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
      src: img ? img.getAttribute('src') : null,
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

  /* ---------- axe-core ---------- */

  /* axe-core 4.12 parses every CSS colour it reads with colorjs.io, which is half the time of a
   * whole axe run.  getComputedStyle gives plain rgb()/rgba() strings, so parse those directly;
   * anything else still goes to axe's own parser.  Installed only if it gives the same result
   * as axe's parser on a few samples. */
  function speedUpColourParsing() {
    const Color = window.axe && axe.commons && axe.commons.color && axe.commons.color.Color;
    if (!Color || !Color.prototype.parseString || Color.prototype.parseString.portalFast) return;
    const slow = Color.prototype.parseString;
    const RGB = /^rgba?\(\s*(\d+(?:\.\d+)?)\s*,\s*(\d+(?:\.\d+)?)\s*,\s*(\d+(?:\.\d+)?)\s*(?:,\s*(\d*\.?\d+)\s*)?\)$/;
    const fast = function (text) {
      const m = RGB.exec(text);
      if (!m) return slow.call(this, text);
      this.red = +m[1];
      this.green = +m[2];
      this.blue = +m[3];
      this.alpha = m[4] === undefined ? 1 : +m[4];
      return this;
    };
    fast.portalFast = true;
    const samples = ['rgb(11, 12, 12)', 'rgba(0, 0, 0, 0)', 'rgba(29, 79, 145, 0.5)', 'rgb(255, 221, 0)',
      'rgba(10, 20, 30, 0.25)'];
    const same = samples.every(text => {
      const a = slow.call(new Color(), text);
      const b = fast.call(new Color(), text);
      return ['r', 'g', 'b', 'red', 'green', 'blue', 'alpha'].every(k => a[k] === b[k]);
    });
    if (same) Color.prototype.parseString = fast;
  }

  function targetText(target) {
    return target.map(t => (Array.isArray(t) ? t.join(' >>> ') : String(t))).join(' ');
  }

  async function runAxe(options) {
    const result = await axe.run(document, options);
    return result.violations.map(v => ({
      id: v.id, impact: v.impact, tags: v.tags, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.slice(0, MAX_NODES).map(n => ({
        target: targetText(n.target), html: n.html, summary: n.failureSummary || '',
        anchor: anchorInfo(n.element),
      })),
    }));
  }

  /* ---------- reflow (WCAG 1.4.10) ---------- */

  function clipsHorizontally(el) {
    const o = getComputedStyle(el).overflowX;
    return o !== 'visible';
  }

  function checkReflow() {
    const root = document.documentElement;
    const width = root.clientWidth;
    if (root.scrollWidth <= width + 1) return null;
    const culprits = [];
    const overflowing = new Set();
    for (const el of document.body.querySelectorAll('*')) {
      if (!visibleBox(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.right + scrollX <= width + 1) continue;
      overflowing.add(el);
      let inside = false;
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (overflowing.has(a)) { inside = true; break; }
        if (clipsHorizontally(a)) { inside = true; break; }
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
    return problem('reflow', nodes);
  }

  /* Words broken mid-word in table cells: the check lives in broken_words.js. */
  function checkBrokenWords() {
    const found = window.__portalBrokenWords ? window.__portalBrokenWords() : [];
    return problem('broken-words', found.map(f => node(f.element, f.summary)));
  }

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
      outlineVisible: s.outlineStyle !== 'none' && s.outlineStyle !== 'hidden' && parseFloat(s.outlineWidth) > 0 &&
        !transparent(s.outlineColor),
      shadow: s.boxShadow,
      background: s.backgroundColor + ' ' + s.backgroundImage,
      border: [s.borderTopStyle, s.borderTopWidth, s.borderTopColor, s.borderBottomStyle, s.borderBottomWidth,
        s.borderBottomColor, s.borderLeftColor, s.borderRightColor].join(' '),
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

  /* Does the focused style differ visibly from the unfocused one? */
  function indicatorShown(before, after) {
    if (!after || after.absent || after.faint) return false;
    if (!before || before.absent) return true;  // a pseudo-element that appears on focus
    if (after.outlineVisible && after.outline !== before.outline) return true;
    if (after.shadow !== before.shadow && shadowVisible(after.shadow)) return true;
    if (after.background !== before.background) return true;
    if (after.border !== before.border) return true;
    return false;
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

  function hiddenWhenFocused(el, box) {
    // Custom radios and checkboxes hide the input and draw it, and its focus, on the label.
    if (/^(radio|checkbox)$/.test(el.type || '') && Array.from(el.labels || []).some(visibleBox)) return false;
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden' || parseFloat(s.opacity) === 0) return true;
    if (box.width <= 1 && box.height <= 1) return true;
    const doc = document.documentElement;
    if (box.right <= 0 || box.bottom <= 0) return true;
    if (box.left >= doc.scrollWidth || box.top >= doc.scrollHeight) return true;
    return false;
  }

  function prepareKeyboard() {
    if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
    const candidates = Array.from(document.querySelectorAll(TABBABLE))
      .filter(el => el.tabIndex >= 0 && !el.disabled && visibleBox(el));
    const offscreenCandidates = Array.from(document.querySelectorAll(TABBABLE))
      .filter(el => el.tabIndex >= 0 && !el.disabled && !candidates.includes(el) && el.getClientRects().length);
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
      stops.push({ el: el, styles: snapshot(el), box: pageBox(el) });
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

  function judgeWalk() {
    const found = { 'focus-indicator': [], 'focus-obscured': [], 'focus-order': [], 'keyboard-reachable': [],
      'skip-link-first': [] };
    document.removeEventListener('focusin', walk.listener, true);
    const stops = walk.stops;
    let previous = null;
    for (const stop of stops) {
      const el = stop.el;
      if (hiddenWhenFocused(el, stop.box)) {
        found['focus-obscured'].push(node(el, 'This element takes keyboard focus but cannot be seen when it has it ' +
          '(off-screen, clipped, transparent or hidden).'));
        continue;
      }
      const beforeStyles = walk.before.get(el) || [];
      const shown = stop.styles.some(after => {
        const match = beforeStyles.find(b => b.target[0] === after.target[0] &&
          relatedKey(b.target) === relatedKey(after.target));
        return indicatorShown(match ? match.style : null, after.style);
      });
      if (!shown) {
        found['focus-indicator'].push(node(el, 'When this element has keyboard focus, its outline, box-shadow, ' +
          'background and border look exactly as they do without focus, so nobody can see where focus is.'));
      }
      if (previous) {
        const a = previous.box, b = stop.box;
        const above = b.bottom <= a.top - 2;
        const sameColumn = b.left < a.right && b.right > a.left;
        if (above && sameColumn) {
          found['focus-order'].push(node(el, 'Focus moves back up the page to this element from ' +
            selectorFor(previous.el) + ', so the tab order does not follow the visual order.'));
        }
      }
      previous = stop;
    }
    const reached = walk.seen;
    // Tab reaches one radio of a group; the arrow keys move between the others.
    const radioGroups = new Set();
    for (const el of reached) if (el.type === 'radio' && el.name) radioGroups.add(radioGroup(el));
    for (const el of document.querySelectorAll(CONTROL)) {
      if (reached.has(el) || el.disabled || el.closest('[inert]')) continue;
      if (el.type === 'radio' && el.name && radioGroups.has(radioGroup(el))) continue;
      if (!visibleBox(el) && !(/^(radio|checkbox)$/.test(el.type || '') &&
          Array.from(el.labels || []).some(visibleBox))) continue;
      if (el.getAttribute('aria-disabled') === 'true') continue;
      // Taken out of the tab order on purpose and hidden from assistive technology (a honeypot).
      if (el.getAttribute('tabindex') === '-1' && el.closest('[aria-hidden="true"]')) continue;
      found['keyboard-reachable'].push(node(el, 'Tabbing through the page never reaches this ' +
        (el.getAttribute('role') || el.localName) + ', so keyboard users cannot use it.'));
    }
    let skip = null;
    const first = stops.length ? stops[0].el : null;
    if (first) {
      const target = isSkipLink(first);
      if (!target) {
        found['skip-link-first'].push(node(first, 'The first Tab stop is not a skip link to the main content.'));
      } else {
        skip = { link: first, target: target };
      }
    }
    walk = null;
    return { found: found, skip: skip };
  }

  /* Activate the skip link; focus should move into the main content. */
  function activateSkip(skip) {
    skip.link.focus();
    skip.link.click();
    const active = document.activeElement;
    if (active && active !== document.body && (skip.target === active || skip.target.contains(active))) return 'pass';
    skipState = skip;
    return 'tab';
  }

  /* ---------- text spacing (WCAG 1.4.12) ---------- */

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
    const elements = Array.from(document.body.querySelectorAll('*')).filter(el =>
      !el.closest('svg, script, style, template, noscript') && el.clientWidth > 1 && el.clientHeight > 1 && hasText(el));
    const before = new Set(elements.filter(overflows));
    const style = document.createElement('style');
    style.textContent = TEXT_SPACING_CSS;
    document.head.appendChild(style);
    const now = elements.filter(el => !before.has(el) && overflows(el) && !scrolls(el));
    const flagged = new Set(now);
    const innermost = now.filter(el => !now.some(other => other !== el && el.contains(other) && flagged.has(other)));
    const nodes = [];
    for (const el of innermost) {
      const why = 'With WCAG 1.4.12 text spacing applied, the content of ' + selectorFor(el) + ' no longer fits (' +
        el.scrollWidth + '×' + el.scrollHeight + ' px of content in a ' + el.clientWidth + '×' + el.clientHeight +
        ' px box), so text is cut off or overlaps.';
      // A box that overflows sideways because something in it grew wider than it: report that.
      const wide = el.scrollWidth > el.clientWidth + 1 ? widest(el) : [];
      for (const culprit of (wide.length ? wide : [el])) nodes.push(node(culprit, why));
    }
    style.remove();
    return problem('text-spacing', nodes);
  }

  /* ---------- entry points ---------- */

  try { speedUpColourParsing(); } catch (e) { /* axe's own parser stays */ }

  window.__portalAudit = {
    async scan(axeOptions) {
      window.scrollTo(0, 0);
      const axeResults = await runAxe(axeOptions);
      const custom = [checkReflow(), checkBrokenWords()].filter(Boolean);
      const presses = prepareKeyboard();
      return { axe: axeResults, custom: custom, presses: presses };
    },
    afterTabs(force) {
      if (walk && !walk.wrapped && !force) return { pending: walk.stops.length };
      const judged = judgeWalk();
      const found = judged.found;
      let next = 'done';
      if (judged.skip) {
        next = activateSkip(judged.skip);
      }
      const custom = Object.keys(found).map(id => problem(id, found[id])).filter(Boolean);
      const spacing = checkTextSpacing();
      if (spacing) custom.push(spacing);
      return { custom: custom, next: next };
    },
    afterSkipTab() {
      const skip = skipState;
      skipState = null;
      if (!skip) return [];
      const active = document.activeElement;
      if (active && skip.target.contains(active)) return [];
      return [problem('skip-link-first', [node(skip.link, 'Activating the skip link does not move focus to the ' +
        'main content: the next Tab goes to ' + (active ? selectorFor(active) : 'nothing') + '.')])];
    },
  };
})();
