// Site search with Pagefind's index. Only the search page loads this; with it off the page
// tells the resident to use the A to Z (or, with the backend deployed, the server answers).
// Its words come from the page (search.html, in the page's language), and Pagefind searches the
// index of the page's <html lang>: the Welsh search page finds Welsh pages.
const results = document.getElementById("search-results");
const input = document.getElementById("search-page");
const query = new URLSearchParams(window.location.search).get("q") || "";
input.value = query;

function show(nodes) {
  results.replaceChildren(...nodes);
}

function element(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text) node.textContent = text;
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  return node;
}

// Residents type phrases ("my bins were missed"). Pagefind matches pages holding every word, so
// each word is searched on its own: a word that matches nothing, or a common word, never hides a
// page. Pages rank by how many words they match, then by Pagefind's score (titles and keywords
// weigh more; services more than plain pages), as portal/sitesearch.py ranks for the server.
const STOP_WORDS = new Set((results.dataset.stopWords || "").split(" "));
const CANDIDATES = 30;
const WORDS = results.dataset;

function say(template, count) {
  return template.replace("{count}", count).replace("{query}", query);
}

function wordsOf(text) {
  // Letters and digits of any alphabet (Welsh ŵ, Urdu script), not just a to z.
  const words = text.toLowerCase().replace(/’/g, "'").match(/[\p{L}\p{M}\p{N}]+(?:'\p{L}+)?/gu) || [];
  return [...new Set(words.filter((w) => !STOP_WORDS.has(w)))];
}

async function rank(pagefind, text) {
  const byId = new Map();
  const words = wordsOf(text);
  for (const word of words.length ? words : [text]) {
    const found = await pagefind.search(word);
    for (const result of found.results) {
      const entry = byId.get(result.id) || { result, matched: 0, score: 0 };
      entry.matched += 1;
      entry.score += result.score;
      byId.set(result.id, entry);
    }
  }
  const order = (a, b) => b.matched - a.matched || b.score - a.score;
  const best = [...byId.values()].sort(order).slice(0, CANDIDATES);
  const wanted = text.toLowerCase().trim().replace(/\s+/g, " ");
  for (const entry of best) {
    entry.data = await entry.result.data();
    // A query that is one of the page's keywords, word for word, is what the editor said it is for.
    const keywords = (entry.data.meta.keywords || "").toLowerCase().split("|");
    if (keywords.includes(wanted)) entry.score += 10;
  }
  return { count: byId.size, data: best.sort(order).map((entry) => entry.data) };
}

async function search() {
  if (!query.trim()) {
    show([element("p", WORDS.prompt)]);
    return;
  }
  let pagefind;
  try {
    pagefind = await import("/pagefind/pagefind.js");
  } catch {
    return; // The no-JavaScript message already points to the A to Z.
  }
  const ranked = await rank(pagefind, query);
  const found = { results: { length: ranked.count } };
  const data = ranked.data.slice(0, 20);
  const count = found.results.length;
  const heading = element("h2", say(count === 1 ? WORDS.resultOne : WORDS.resultMany, count));
  if (!data.length) {
    show([heading, document.getElementById("search-no-results").content.cloneNode(true)]);
    return;
  }
  const list = element("ol", "", { class: "search-results" });
  for (const item of data) {
    const li = element("li");
    li.append(element("a", item.meta.title || item.url, { href: item.url }));
    // A form's start page shares its service's title: say which is which.
    const online = item.meta.kind === "form" ? `${WORDS.onlineForm} ` : "";
    li.append(element("p", online + (item.meta.description || "")));
    list.append(li);
  }
  show([heading, list]);
  document.title = `${say(WORDS.resultMany, count)} \u2013 ${document.title}`;
}

search();
