"""When a build makes its search index: beside the page writes if it can, after them if it must.

Pagefind reads only the records of ``search-index.json`` (``builder.search``), and those are
known as soon as the site model is. So a build that writes its content pages on worker
processes starts Pagefind at the same moment (``during_writes``), writing into a folder of its
own; ``after_build`` puts that index in place once the build has ended without errors, or
throws it away. A build whose writes were not handed to workers indexes after them, as before;
the preview server's does so in the background, ``search-index.json`` included, so the edited
page shows first. Either way ``search-index.json`` and ``pagefind/`` come out the same.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

from builder.search import Indexing, build_search_index
from builder.searchindex import INDEX_FILE, search_index_texts, write_search_index
from builder.sitemodel import SiteModel
from portal.errors import Problems


@dataclass
class SearchRun:
    """One build's search index: ``search`` is True, False or "background" (see ``build_site``)."""

    output_dir: Path
    cache_dir: Path
    search: bool | str
    texts: dict[str, str] | None = None  # search-index.json and each language's, once made
    indexing: Indexing | None = None
    thread: threading.Thread | None = None  # the preview's index, being made in the background

    def during_writes(self, model: SiteModel, problems: Problems, pages_rewritten: int) -> None:
        """The content pages are being written by workers: start Pagefind now if it will be needed."""
        if self.search is not True or problems.errors:
            return
        target = self.output_dir / INDEX_FILE
        if not pages_rewritten and target.is_file():
            return  # pages removed since the last build are only known later: ``after_build`` decides
        self.texts = search_index_texts(model)
        if self._pagefind_is_there() and self._written_already(self.texts):
            return
        self.indexing = Indexing.start([json.loads(text) for text in self.texts.values()], self.records,
                                       self.output_dir / "pagefind", scratch=self.scratch)

    def after_build(self, model: SiteModel | None, problems: Problems, content_changed: bool) -> None:
        """Write ``search-index.json`` and the Pagefind index, from a good build only, so a failed
        one never leaves Pagefind behind the file; and only when a page changed (site.yaml, forms
        and theme changes rewrite every page)."""
        if problems.errors or model is None:
            self.cancel()
            return
        if self.indexing is not None:
            write_search_index(self.output_dir, model, self.texts)
            self.indexing.finish()
            self.indexing = None
            return
        if self.search == "background":
            self.thread = threading.Thread(target=self._index, args=(model, content_changed), daemon=True)
            self.thread.start()
        else:
            self._index(model, content_changed)

    def cancel(self) -> None:
        if self.indexing is not None:
            self.indexing.cancel()
            self.indexing = None

    def _index(self, model: SiteModel, content_changed: bool) -> None:
        changed = (content_changed or not (self.output_dir / INDEX_FILE).is_file()) and \
            write_search_index(self.output_dir, model, self.texts)
        if self.search and (changed or not self._pagefind_is_there()):
            build_search_index(self.output_dir, self.records, scratch=self.scratch)

    def _written_already(self, texts: dict[str, str]) -> bool:
        on_disk = {p.name for p in self.output_dir.glob("search-index*.json")}
        return on_disk == set(texts) and all(
            (self.output_dir / name).read_text(encoding="utf-8") == text for name, text in texts.items())

    @property
    def records(self) -> Path:
        """Where Pagefind's records are staged, kept between builds."""
        return self.cache_dir / "search-records"

    @property
    def scratch(self) -> Path:
        """Where Pagefind writes an index before it replaces ``output/pagefind``."""
        return self.cache_dir / "pagefind-next"

    def _pagefind_is_there(self) -> bool:
        return (self.output_dir / "pagefind" / "pagefind.js").is_file()

