"""The preview's search index after a rebuild of a few pages (``builder.previewsession``).

``search-index.json`` (and each language's) is written at once, before the rebuild returns: only
the changed pages' documents are made again (``builder.searchindex``), and the backend's server
search reads the file as it is. Pagefind has no way to change one page of its index, so it
indexes every record again, in the background (``builder.search.Indexing``, into a folder of its
own that then replaces ``pagefind/``); a newer rebuild's index waits for the one being made and
replaces it. A full build's own background index is waited for first, so two never overlap.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from builder.search import Indexing
from builder.searchindex import Documents, search_index_texts, write_search_index


class PreviewSearch:
    """The search index of the preview's output folder, kept up to date after each rebuild."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.run: Any = None  # the last full build's builder.searchrun.SearchRun
        self.documents = Documents()
        self._lock = threading.Lock()
        self._pending: list[dict] | None = None
        self._worker: threading.Thread | None = None

    def follow(self, run: Any, model: Any) -> None:
        """A full build made ``run``'s index of ``model`` (perhaps still in the background); updates
        follow it. Each page's document is made now, so the first edit's update makes only its own."""
        self.run = run
        self.documents = Documents()
        search_index_texts(model, self.documents)

    def update(self, model: Any) -> None:
        """Write the search JSON for ``model`` now, and start Pagefind on it if anything changed."""
        self._wait_for_full_build()
        texts = search_index_texts(model, self.documents)
        pages = len(model.services) + len(model.events) + len(model.pages)
        if len(self.documents.pages) > 2 * (pages + sum(len(o.own_pages) for o in model.others.values())):
            self.documents = Documents()  # mostly pages as they were before edits: start again
        written = write_search_index(self.output, model, texts)
        if written or not (self.output / "pagefind" / "pagefind.js").is_file():
            with self._lock:
                self._pending = [json.loads(text) for text in texts.values()]
                if self._worker is None:
                    self._worker = threading.Thread(target=self._index, daemon=True)
                    self._worker.start()

    def wait(self) -> None:
        """Until the index of the last update (or full build) is in place."""
        self._wait_for_full_build()
        while True:
            with self._lock:
                worker = self._worker
            if worker is None:
                return
            worker.join()

    def stop(self) -> None:
        """A full build is about to start: drop what is queued and let what is running end."""
        with self._lock:
            self._pending = None
        self.wait()

    def _wait_for_full_build(self) -> None:
        thread = getattr(self.run, "thread", None)
        if thread is not None:
            thread.join()

    def _index(self) -> None:
        while True:
            with self._lock:
                indexes, self._pending = self._pending, None
                if indexes is None:
                    self._worker = None
                    return
            run = self.run
            Indexing.start(indexes, run.records, self.output / "pagefind", scratch=run.scratch).finish()
