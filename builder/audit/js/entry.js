/* window.__portalAudit: what builder/audit/session.py calls, in this order, for every page and
 * viewport:
 *
 *   resetListeners(), then noteListener.call(element, type, source) for every event listener
 *                      Chromium lists (DOMDebugger.getEventListeners)
 *   scan(axeOptions)   axe-core, reflow and the content checks; gets ready for the keyboard walk
 *                      (returns how many Tab presses the walk needs)
 *   ...                Python presses Tab that many times (real key events through CDP)
 *   afterTabs(force)   judges the walk; {pending: stops} while focus has not come back to the
 *                      first stop (Python presses Tab more), else the problems and how many
 *                      elements need their focus indicator settled by screenshots
 *   focusArea(i, on)   focuses (or blurs) the i-th of those and returns the area to photograph
 *   finish(changed, wide)  focus-indicator verdicts from the screenshots, the skip link, text
 *                      spacing and (on wide viewports) text resize; says whether Python must
 *                      press one more Tab for the skip link ({next: "tab"})
 *   afterSkipTab()     did that Tab land inside the main content?
 *   keys()             last, as it may change the page: role="button" and the Space key
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
  async scan(axeOptions) {
    window.scrollTo(0, 0);
    const axeResults = await runAxe(axeOptions);
    const custom = [checkReflow(), checkDirection(), checkTables(), checkLinkColour(), checkClickHandlers(),
      checkSelectNavigation()].concat(checkImages(), checkForms()).filter(Boolean);
    const presses = prepareKeyboard();
    return { axe: axeResults.violations, incomplete: axeResults.incomplete, custom: custom, presses: presses,
      images: animatedCandidates() };
  },
  afterTabs(force) {
    if (walk && !walk.wrapped && !force) return { pending: walk.stops.length };
    judged = judgeWalk();
    const custom = Object.keys(judged.found).map(id => problem(id, judged.found[id])).filter(Boolean);
    return { custom: custom, review: judged.review.length };
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
    return { custom: custom.filter(Boolean), next: skipState ? 'tab' : 'done' };
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
