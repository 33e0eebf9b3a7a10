"""What site search indexes, written once: ``output/search-index.json`` (``portal.sitesearch``).

Services, forms' start pages, events and plain pages, each as its title, summary, keywords and
body words. The browser's Pagefind index (``builder.search``) and the backend's server search
are both made from this file, so the two searches find the same pages for the same words.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from builder.sitemodel import SiteModel
from portal.forms import start_url
from portal.sitesearch import SearchDocument, SearchIndex, unique_words

INDEX_FILE = "search-index.json"
_TAG = re.compile(r"<[^>]+>")


def search_documents(model: SiteModel) -> list[SearchDocument]:
    """Every page residents may search for, in a stable order."""
    documents = [_page(page, "service") for page in model.services]
    for form in model.forms.values():
        words = " ".join([*form.you_will_need, form.notice or "", form.what_happens_next or ""])
        documents.append(SearchDocument(url=start_url(form.slug), title=form.title, kind="form",
                                        summary=form.summary or "", words=unique_words(words)))
    documents += [_page(page, "event") for page in model.events]
    documents += [_page(page, "page") for page in model.pages]
    return documents


def search_index_json(model: SiteModel) -> str:
    """The text of ``search-index.json`` for ``model``."""
    return SearchIndex(search_documents(model), language=model.site.language).to_json()


def write_search_index(output_dir: Path, model: SiteModel, text: str | None = None) -> bool:
    """Write ``output_dir/search-index.json`` (``text``, if already made); False if it was already just that."""
    target = output_dir / INDEX_FILE
    text = search_index_json(model) if text is None else text
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return False
    target.write_text(text, encoding="utf-8")
    return True


def _page(page: object, kind: str) -> SearchDocument:
    body = html.unescape(_TAG.sub(" ", getattr(page, "content", "") or ""))
    return SearchDocument(url="/" + page.url, title=page.title, summary=page.summary, kind=kind,
                          keywords=tuple(getattr(page, "keywords", None) or ()), words=unique_words(body))
