"""The browser's search index, made by Pagefind (a binary shipped in a PyPI wheel).

Pagefind reads not the built pages but one small page per document of ``search-index.json``
(``builder.searchindex``), so the browser search and the backend's server search index exactly
the same words. Weights make a word in a title or keyword count for more than one in the body,
and plain pages (Cookies, Privacy) count for less than services.
"""

from __future__ import annotations

import html
import json
import subprocess
import tempfile
import threading
from pathlib import Path

from pagefind_bin import get_executable

from builder.searchindex import INDEX_FILE

# Pagefind weights (0 to 10) by kind of page: title, keywords, summary, body.
_WEIGHTS = {"page": (4.0, 3.0, 1.0, 0.25)}
_SERVICE_WEIGHTS = (10.0, 8.0, 4.0, 1.0)


def build_search_index(output_dir: Path) -> None:
    """Index ``output_dir/search-index.json`` into ``output_dir/pagefind``."""
    data = json.loads((output_dir / INDEX_FILE).read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="search-") as staging:
        for document in data["documents"]:
            target = Path(staging) / document["url"].strip("/") / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_record(document, data.get("language", "en")), encoding="utf-8")
        subprocess.run([str(get_executable()), "--site", staging, "--output-path",
                        str(output_dir / "pagefind"), "--silent"], check=True)


def _record(document: dict, language: str) -> str:
    title, keywords, summary, body = _WEIGHTS.get(document["kind"], _SERVICE_WEIGHTS)
    e = html.escape
    words = " ".join(document["keywords"])
    return (f'<!DOCTYPE html><html lang="{e(language)}"><head><title>{e(document["title"])}</title></head>'
            f'<body><main data-pagefind-body data-pagefind-meta="kind:{e(document["kind"])}">'
            f'<span data-pagefind-meta="keywords" hidden>{e("|".join(document["keywords"]))}</span>'
            f'<h1 data-pagefind-weight="{title}" data-pagefind-meta="title">{e(document["title"])}</h1>'
            f'<p data-pagefind-weight="{summary}" data-pagefind-meta="description">{e(document["summary"])}</p>'
            f'<p data-pagefind-weight="{keywords}">{e(words)}</p>'
            f'<p data-pagefind-weight="{body}">{e(" ".join(document["words"]))}</p></main></body></html>')


def refresh_search_index_later(output_dir: Path) -> threading.Thread:
    """Re-index in the background, for the preview server: an edited page shows at once and
    search catches up a moment later, instead of the editor waiting for both."""
    thread = threading.Thread(target=build_search_index, args=(output_dir,), daemon=True)
    thread.start()
    return thread
