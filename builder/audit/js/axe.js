/* axe-core: run it, with a faster colour parser, and hand back its violations and its
 * "needs review" results (builder/audit/axe.py decides what each of those means). */


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

function axeNodes(nodes) {
  return nodes.slice(0, MAX_NODES).map(n => ({
    target: targetText(n.target), html: n.html, summary: n.failureSummary || '', anchor: anchorInfo(n.element),
  }));
}

/* A focus sentinel (see keyboard.js) hidden from screen readers is not the problem axe's
 * aria-hidden-focus rule looks for: focus never stays on it. */
function notSentinels(rule) {
  if (rule.id !== 'aria-hidden-focus') return rule;
  const nodes = rule.nodes.filter(n => !n.element ||
    !Array.from(n.element.querySelectorAll(TABBABLE)).concat([n.element]).filter(isFocusable).every(isSentinel));
  return Object.assign({}, rule, { nodes: nodes });
}

async function runAxe(options) {
  const result = await axe.run(document, options);
  result.violations = result.violations.map(notSentinels).filter(rule => rule.nodes.length);
  const rules = list => list.map(v => ({ id: v.id, impact: v.impact, tags: v.tags, help: v.help, helpUrl: v.helpUrl,
    nodes: axeNodes(v.nodes) }));
  const run = new Set([].concat(result.violations, result.incomplete || [], result.passes || [],
    result.inapplicable || []).map(rule => rule.id));
  return { violations: rules(result.violations), incomplete: rules(result.incomplete || []), rules: run.size };
}
