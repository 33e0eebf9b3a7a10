/* window.__portalAudit: what builder/audit/session.py calls, in this order, for every page and
 * viewport:
 *
 *   resetListeners(), then noteListener(element, type, source) for every event listener
 *                      Chromium lists (DOMDebugger.getEventListeners), on pages with scripts
 *   scan(options, listened)  axe-core, reflow and the content checks (forgets old listeners
 *                      unless ``listened``); gets ready for the keyboard walk (returns how many
 *                      Tab presses it needs)
 *   ...                Python presses Tab that many times (real key events through CDP)
 *   afterTabs(force, wide)  judges the walk; {pending: stops} while focus has not come back to
 *                      the first stop (Python presses Tab more), else the problems and how many
 *                      elements need their focus indicator settled by screenshots (when none
 *                      do, it runs finish() itself and returns what finish() returns)
 *   focusArea(i, on)   focuses (or blurs) the i-th of those and returns the area to photograph
 *   finish(changed, wide)  focus-indicator verdicts from the screenshots, the skip link, text
 *                      spacing and (on wide viewports) text resize; says whether Python must
 *                      press one more Tab for the skip link ({next: "tab"})
 *   afterSkipTab()     did that Tab land inside the main content?
 *   keys()             last, as it may change the page, and only when there are role="button"
 *                      elements: do they work with the Space key?
 *
 * Every problem comes back as {id, nodes: [{target, html, summary, anchor}]}; the rule's
 * impact, WCAG criterion and help text live in builder/audit/checks.py.
 */

let judged = null;      // the walk's verdicts between afterTabs() and finish()
let skipState = null;   // between finish() and afterSkipTab()

try { speedUpColourParsing(); } catch (e) { /* axe's own parser stays */ }

window.__portalAudit = {
  noteListener: noteListener,
  resetListeners: resetListeners,
  async scan(axeOptions, listened) {
    if (!listened) resetListeners();
    window.scrollTo(0, 0);
    const axeResults = await runAxe(axeOptions);
    const custom = [checkReflow(), checkBrokenWords(), checkDirection(), checkTables(), checkLinkColour(),
      checkClickHandlers(), checkSelectNavigation()].concat(checkImages(), checkForms()).filter(Boolean);
    const presses = prepareKeyboard();
    return { axe: axeResults.violations, incomplete: axeResults.incomplete, axeRules: axeResults.rules,
      custom: custom, presses: presses,
      images: animatedCandidates() };
  },
  afterTabs(force, wide) {
    if (walk && !walk.wrapped && !force) return { pending: walk.stops.length };
    judged = judgeWalk();
    const custom = Object.keys(judged.found).map(id => problem(id, judged.found[id])).filter(Boolean);
    if (judged.review.length) return { custom: custom, review: judged.review.length };
    const finished = this.finish([], wide);  // nothing to photograph: finish in the same call
    return { custom: custom.concat(finished.custom), next: finished.next, buttons: finished.buttons };
  },
  focusArea(i, focused) {
    return focusArea(judged.review[i].el, focused);
  },
  finish(changed, wide) {
    const custom = [focusIndicatorProblems(judged.review, changed)];
    if (judged.skip) skipState = activateSkip(judged.skip);
    custom.push(checkTextSpacing());
    if (wide) custom.push(checkTextResize());
    judged = null;
    return { custom: custom.filter(Boolean), next: skipState ? 'tab' : 'done',
      buttons: document.querySelectorAll('[role="button"]').length };
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
  keys() {
    return [checkButtonKeys()].filter(Boolean);
  },
};
