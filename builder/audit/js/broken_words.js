/* Words broken mid-word in table cells at phone widths (WCAG 1.4.10 reflow, read as people do:
 * "011 / 6 / 496 / 000" is not a phone number, "Tele/pho/ne" not a heading).
 *
 * A word is a run of two or more characters with no space, hyphen or slash (places where a line
 * may break as readers expect). It is broken when its characters sit on more than one line. */

const BROKEN_WORDS_WIDTH = 400;   // judged at the audit's 320 px viewport only
const BROKEN_WORD = /[^\s\-\u2010-\u2015\/]{2,}/g;

function linesOf(range) {
  const tops = new Set();
  for (const rect of range.getClientRects()) if (rect.width > 0) tops.add(Math.round(rect.top));
  return tops.size;
}

function brokenWordIn(cell) {
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    for (const match of text.data.matchAll(BROKEN_WORD)) {
      range.setStart(text, match.index);
      range.setEnd(text, match.index + match[0].length);
      if (linesOf(range) > 1) return match[0];
    }
  }
  return null;
}

function checkBrokenWords() {
  const width = document.documentElement.clientWidth;
  if (width > BROKEN_WORDS_WIDTH) return null;
  const nodes = [];
  for (const cell of document.querySelectorAll('td, th')) {
    if (!cell.getClientRects().length) continue;
    const word = brokenWordIn(cell);
    if (word) nodes.push(node(cell, 'The word "' + word + '" is split over two lines in this table cell at ' +
      width + ' px.'));
  }
  return problem('broken-words', nodes);
}
