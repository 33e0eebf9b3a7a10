/* Words broken mid-word in table cells at phone widths (WCAG 1.4.10 reflow, read as people do:
 * "011 / 6 / 496 / 000" is not a phone number). Self-contained; checks.js calls
 * window.__portalBrokenWords() from scan() and reports what it returns as the rule 'broken-words'.
 *
 * A word is a run of two or more characters with no space, hyphen or slash (places where a
 * line may break as readers expect). It is broken when its characters sit on more than one line.
 */
(() => {
  if (window.__portalBrokenWords) return;
  const PHONE_WIDTH = 400;   // only judged at the audit's 320 px viewport
  const MAX_CELLS = 20;
  const WORD = /[^\s\-\u2010-\u2015\/]{2,}/g;

  function lines(range) {
    const tops = new Set();
    for (const rect of range.getClientRects()) if (rect.width > 0) tops.add(Math.round(rect.top));
    return tops.size;
  }

  function brokenWordIn(cell) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      for (const match of text.data.matchAll(WORD)) {
        range.setStart(text, match.index);
        range.setEnd(text, match.index + match[0].length);
        if (lines(range) > 1) return match[0];
      }
    }
    return null;
  }

  /* [{element, summary}] for each table cell with a word split over two lines. */
  window.__portalBrokenWords = function () {
    if (document.documentElement.clientWidth > PHONE_WIDTH) return [];
    const found = [];
    for (const cell of document.querySelectorAll('td, th')) {
      if (!cell.getClientRects().length) continue;
      const word = brokenWordIn(cell);
      if (word) {
        found.push({ element: cell, summary: 'The word "' + word + '" is split over two lines in this ' +
          'table cell at ' + document.documentElement.clientWidth + ' px.' });
        if (found.length >= MAX_CELLS) break;
      }
    }
    return found;
  };
})();
