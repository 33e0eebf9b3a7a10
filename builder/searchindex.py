"""What site search indexes, written once: ``output/search-index.json`` (``portal.sitesearch``).

Services, forms' start pages, events and plain pages, each as its title, summary, keywords and
body words. The browser's Pagefind index (``builder.search``) and the backend's server search
are both made from this file, so the two searches find the same pages for the same words.

Each other language has its own file, ``search-index.<code>.json``, of its own pages only (their
titles, summaries and keywords in that language): Pagefind indexes each under its ``lang``, and a
language's search page searches that index alone.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from builder.sitemodel import SiteModel
from portal.forms import start_url
from portal.sitesearch import SearchDocument, SearchIndex, unique_words

INDEX_FILE = "search-index.json"
LANGUAGE_INDEX = "search-index.{code}.json"
_TAG = re.compile(r"<[^>]+>")


def search_documents(model: SiteModel, known: Documents | None = None) -> list[SearchDocument]:
    """Every page residents may search for, in a stable order (in another language, its own pages).

    ``known`` keeps each page's document between calls (the preview's rebuilds), so only pages
    that changed have their words worked out again."""
    _page = _documents(known)
    if not model.language.is_default:
        own = [p for p in model.own_pages if p.kind in ("service", "event", "page")]
        order = {"service": 0, "event": 1, "page": 2}
        return [_page(p, p.kind) for p in sorted(own, key=lambda p: (order[p.kind], p.url))]
    documents = [_page(page, "service") for page in model.services]
    for form in model.forms.values():
        words = " ".join([*form.you_will_need, form.notice or "", form.what_happens_next or ""])
        documents.append(SearchDocument(url=start_url(form.slug), title=form.title, kind="form",
                                        summary=form.summary or "", words=unique_words(words)))
    documents += [_page(page, "event") for page in model.events]
    documents += [_page(page, "page") for page in model.pages]
    return documents


def search_index_texts(model: SiteModel, known: Documents | None = None) -> dict[str, str]:
    """The text of ``search-index.json`` and of each other language's index, by file name."""
    remembered = known.texts if known is not None else None
    texts = {INDEX_FILE: SearchIndex(search_documents(model, known), language=model.site.language).to_json(remembered)}
    for other in sorted(model.others.values(), key=lambda m: m.language.code):
        texts[LANGUAGE_INDEX.format(code=other.language.code)] = SearchIndex(
            search_documents(other, known), language=other.language.tag).to_json(remembered)
    return texts


def write_search_index(output_dir: Path, model: SiteModel, texts: dict[str, str] | None = None) -> bool:
    """Write ``output_dir/search-index.json`` and each other language's (``texts``, if already
    made); False if all were already just that."""
    texts = search_index_texts(model) if texts is None else texts
    changed = False
    for name, text in texts.items():
        changed |= _write(output_dir / name, text)
    for stale in output_dir.glob(LANGUAGE_INDEX.format(code="*")):
        if stale.name not in texts:  # a language site.yaml no longer lists
            stale.unlink()
            changed = True
    return changed


def _write(target: Path, text: str) -> bool:
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return False
    target.write_text(text, encoding="utf-8")
    return True


@dataclass
class Documents:
    """What the preview's rebuilds keep between them: each page's document, by everything it is
    made of, and each document's text in the JSON."""

    pages: dict[tuple, SearchDocument] = field(default_factory=dict)
    texts: dict[int, tuple[SearchDocument, str]] = field(default_factory=dict)


def _documents(known: Documents | None) -> Callable[[object, str], SearchDocument]:
    if known is None:
        return _page

    def remembered(page: object, kind: str) -> SearchDocument:
        key = (kind, page.url, page.title, page.summary, tuple(getattr(page, "keywords", None) or ()),
               getattr(page, "content", ""))
        found = known.pages.get(key)
        if found is None:
            found = known.pages[key] = _page(page, kind)
        return found

    return remembered


def _page(page: object, kind: str) -> SearchDocument:
    body = html.unescape(_TAG.sub(" ", getattr(page, "content", "") or ""))
    return SearchDocument(url="/" + page.url, title=page.title, summary=page.summary, kind=kind,
                          keywords=tuple(getattr(page, "keywords", None) or ()), words=unique_words(body))
