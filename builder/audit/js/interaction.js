/* What mouse users can do that keyboard users cannot (WCAG 2.1.1, 3.2.2).
 *
 * Python lists the page's event listeners through Chromium's DevTools protocol
 * (DOMDebugger.getEventListeners) and hands each one to ``noteListener``; these checks then
 * look for elements that react to clicks but cannot take focus, role="button" elements that
 * ignore the Space key, and select boxes that go to another page when their value changes. */

const listeners = new Map();   // element -> [{type, source}] (source: the handler's text)
let documentClicks = false;     // a click listener on document or window (delegation)
const CLICKS = /^(click|mousedown|mouseup|pointerdown|pointerup|touchstart|touchend|dblclick)$/;
const OPERABLE = 'a[href], area[href], button, input, select, textarea, summary, label, details, ' +
  'audio[controls], video[controls], iframe, [contenteditable]:not([contenteditable="false"])';

function noteListener(target, type, source) {
  if (!target || target.nodeType !== 1 || target === document.documentElement || target === document.body) {
    if (CLICKS.test(type)) documentClicks = true;
    return;
  }
  if (!listeners.has(target)) listeners.set(target, []);
  listeners.get(target).push({ type: type, source: source || '' });
}

function resetListeners() {
  listeners.clear();
  documentClicks = false;
}

function handlesClicks(el) {
  return (listeners.get(el) || []).some(entry => CLICKS.test(entry.type));
}

/* Something a person would mean to click: it shows text or a picture (not an empty backdrop). */
function clickable(el) {
  return visibleBox(el) && (hasText(el) || !!el.querySelector('img, svg, canvas') || el.matches('img, svg, canvas'));
}

function checkClickHandlers() {
  const nodes = [];
  for (const el of listeners.keys()) {
    if (!handlesClicks(el) || isFocusable(el) || el.matches(OPERABLE) || !clickable(el)) continue;
    // Inside a control, the click is the control's; around controls, it is delegation.
    if (el.parentElement && el.parentElement.closest(OPERABLE + ', [tabindex]:not([tabindex="-1"])')) continue;
    if (Array.from(el.querySelectorAll(TABBABLE)).some(isFocusable)) continue;
    if (el.closest('[inert], [aria-hidden="true"]')) continue;
    nodes.push(node(el, 'This ' + el.localName + ' does something when clicked, but it cannot take keyboard ' +
      'focus, so keyboard users cannot do it. Use a <button> (or a link), or make it focusable and operable ' +
      'with Enter and Space.'));
  }
  return problem('click-not-keyboard', nodes);
}

/* Press a key on ``el`` (events as a browser sends them) and tell whether anything happened:
 * a click, a cancelled default, or a change to the page. */
function keyDoesSomething(el, key, code) {
  let clicked = false;
  const onClick = () => { clicked = true; };
  el.addEventListener('click', onClick, true);
  const observer = new MutationObserver(() => {});
  observer.observe(document, { attributes: true, childList: true, subtree: true, characterData: true });
  let cancelled = false;
  try {
    for (const type of ['keydown', 'keypress', 'keyup']) {
      const event = new KeyboardEvent(type, { key: key, code: code, bubbles: true, cancelable: true, composed: true });
      if (!el.dispatchEvent(event)) cancelled = true;
    }
  } finally {
    el.removeEventListener('click', onClick, true);
  }
  const changed = observer.takeRecords().length > 0;
  observer.disconnect();
  return clicked || cancelled || changed;
}

/* A role="button" must do on Space what it does on a click or on Enter. */
function checkButtonKeys() {
  const nodes = [];
  const buttons = Array.from(document.querySelectorAll('[role="button"]'))
    .filter(el => !el.matches('button, input, summary') && isFocusable(el) && visibleBox(el));
  for (const el of buttons) {
    const clicks = documentClicks || handlesClicks(el) || listenerAbove(el);
    el.focus({ preventScroll: true });
    if (keyDoesSomething(el, ' ', 'Space')) continue;
    const enter = keyDoesSomething(el, 'Enter', 'Enter');
    if (!enter && !clicks) continue;  // it does nothing at all for anyone
    nodes.push(node(el, 'This role="button" ' + (enter ? 'reacts to Enter' : 'reacts to clicks') + ' but ignores ' +
      'the Space key, which activates every button.'));
  }
  return problem('button-space', nodes);
}

function listenerAbove(el) {
  for (let a = el.parentElement; a; a = a.parentElement) if (handlesClicks(a)) return true;
  return false;
}

/* A select that loads another page when its value changes (WCAG 3.2.2): a change or input
 * listener, or an onchange attribute, that navigates or submits. */
function checkSelectNavigation() {
  const navigates = /location|\.submit\s*\(|window\.open|navigate|\bhref\b/;
  const nodes = [];
  for (const select of document.querySelectorAll('select')) {
    const sources = (listeners.get(select) || []).filter(entry => /^(change|input)$/.test(entry.type))
      .map(entry => entry.source).concat([select.getAttribute('onchange') || '']);
    if (!sources.some(source => navigates.test(source))) continue;
    nodes.push(node(select, 'Choosing an option in this list goes to another page or submits the form at once, so ' +
      'a keyboard user moving through the options with the arrow keys is taken away. Add a "Go" button.'));
  }
  return problem('select-navigates', nodes);
}
