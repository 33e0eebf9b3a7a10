// Site search with Pagefind's index. Only the search page loads this; with it off the page
// tells the resident to use the A to Z, and every other page works without JavaScript.
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

async function search() {
  if (!query.trim()) {
    show([element("p", "Type what you are looking for, such as \u201cbins\u201d or \u201ccouncil tax\u201d.")]);
    return;
  }
  let pagefind;
  try {
    pagefind = await import("/pagefind/pagefind.js");
  } catch {
    return; // The no-JavaScript message already points to the A to Z.
  }
  const found = await pagefind.search(query);
  const data = await Promise.all(found.results.slice(0, 20).map((r) => r.data()));
  const heading = element("h2", `${found.results.length} result${found.results.length === 1 ? "" : "s"} for \u201c${query}\u201d`);
  if (!data.length) {
    const help = element("p", "Check the spelling or use other words. You can also find services in the ");
    help.append(element("a", "services A to Z", { href: "/a-to-z/" }), ".");
    show([heading, help]);
    return;
  }
  const list = element("ol", "", { class: "search-results" });
  for (const item of data) {
    const li = element("li");
    li.append(element("a", item.meta.title || item.url, { href: item.url }));
    li.append(element("p", item.meta.description || ""));
    list.append(li);
  }
  show([heading, list]);
  document.title = `${found.results.length} results for \u201c${query}\u201d \u2013 ${document.title}`;
}

search();
