"""The preview server's rebuilds: after an edit to Markdown pages, only what the edit changes.

The preview's first build is a full one (``build_site``); while it runs, ``capture`` keeps what
Pelican made of the site: its pages generator (pages, context, reader), our generator (the site
model, templates) and the build's state. After that, when only content pages changed (files in
``services/``, ``whats-on/`` or ``pages/``), ``PreviewSession.rebuild`` re-reads just those files,
makes the site model and runs the checks across files again from the pages in memory, and writes
(``builder.quickwrite``) the content pages whose key changed (the edited page, the pages listing
it as related, its translations' language links) and the derived pages (home, A–Z, categories,
sitemap) only when what they list changed; then the search index (``builder.previewsearch``).

Anything else (site.yaml, forms, the theme or templates, images, a new day) and any error goes to
a full build as before, so problems are reported as file:line exactly as a full build reports
them, and the next good full build is captured again. The output equals a full build's of the same
content (``tests/test_build_preview_session.py``).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.contents import Page
from pelican.utils import order_content

from builder import unchanged
from builder.build import FORMS_DIR, THEME_DIR, BuildResult, build_site
from builder.contentmodel import STAFF_NOTES_SUFFIX
from builder.pelican_plugin import BuildState, PortalGenerator
from builder.previewsearch import PreviewSearch
from builder.quickwrite import Outputs, seed_derived_keys, write_changes
from builder.translations import language_code
from portal.errors import Problems

# Set while the preview's full build runs, so the signal handlers below keep what it made.
_capturing: Capture | None = None


@dataclass
class Capture:
    """What a full build left in memory, for the rebuilds after it."""

    pages_generator: Any = None
    portal_generator: Any = None
    # The problems found before the checks across files (site.yaml, forms, reading): the
    # rebuilds make the others again.
    base_problems: Problems | None = None

    @property
    def state(self) -> BuildState:
        return self.pages_generator.settings["PORTAL"]

    @property
    def complete(self) -> bool:
        return self.pages_generator is not None and self.portal_generator is not None


def _keep_pages(generator: Any) -> None:
    if _capturing is None:
        return
    _capturing.pages_generator = generator
    problems = generator.settings["PORTAL"].problems
    _capturing.base_problems = Problems(errors=list(problems.errors), warnings=list(problems.warnings))
    for page in generator.pages:
        _keep_as_read(page)


def _keep_generators(generators: list[Any]) -> None:
    if _capturing is not None:
        _capturing.portal_generator = next((g for g in generators if isinstance(g, PortalGenerator)), None)


signals.page_generator_finalized.connect(_keep_pages)
signals.all_generators_finalized.connect(_keep_generators)


def _is_page(name: str) -> bool:
    """Whether Pelican reads a file so named in a folder of content pages (its IGNORE_FILES: editors'
    lock files, staff notes)."""
    return name.endswith(".md") and not name.endswith(STAFF_NOTES_SUFFIX) and not name.startswith(".")


def _keep_as_read(page: Any) -> None:
    # A translation's links are rewritten to its language's pages (builder.translations) on every
    # build, from the HTML as read: keep that, since which pages exist may change.
    if language_code(page):
        page.portal_as_read = page._content


class PreviewSession:
    """The preview's builds of ``content`` into ``output``: full when it must, else only what changed."""

    def __init__(self, content: Path, output: Path, *, forms: Path = FORMS_DIR, theme: Path = THEME_DIR,
                 cache_dir: Path | None = None, clock: Callable[[], dt.datetime] | None = None) -> None:
        self.content, self.output = content.resolve(), output.resolve()
        self.forms, self.theme, self.cache_dir = forms, theme, cache_dir
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.capture: Capture | None = None
        self.outputs: Outputs | None = None
        self.search = PreviewSearch(self.output)
        self.last_was_full = True

    def build(self, changed: Iterable[Path] | None = None) -> BuildResult:
        """Bring the output up to date after ``changed`` files changed (None: build it all)."""
        changed = None if changed is None else {Path(p) for p in changed}
        if changed is not None and self.capture is not None and self._only_pages(changed):
            result = self._rebuild({p for p in changed if _is_page(p.name)})
            if result is not None:
                self.last_was_full = False
                return result
        self.last_was_full = True
        return self._full()

    def wait_for_search(self) -> None:
        """Until the search index (search-index*.json and Pagefind's) matches the pages."""
        self.search.wait()

    def _full(self) -> BuildResult:
        global _capturing  # noqa: PLW0603 (the preview's builds run one at a time, in one thread)
        self.search.stop()
        self.capture, self.outputs = None, None
        _capturing = capture = Capture()
        try:
            result = build_site(self.content, self.output, theme_dir=self.theme, forms_dir=self.forms,
                                cache_dir=self.cache_dir, now=self.clock(), search="background")
        finally:
            _capturing = None
        if capture.complete and not result.problems.errors:
            state = capture.state
            self.capture = capture
            self.outputs = Outputs.after_full_build(state, capture.pages_generator.pages)
            seed_derived_keys(capture, self.outputs)
            self.search.follow(state.search_run, state.model)
        return result

    def _only_pages(self, changed: set[Path]) -> bool:
        """Whether every changed file is in a folder of content pages (services/, whats-on/,
        pages/): a content page, or a file the build does not read there (an editor's swap file,
        staff notes), which changes nothing."""
        folders = self.capture.pages_generator.settings["PAGE_PATHS"]
        for path in changed:
            try:
                parts = path.resolve().relative_to(self.content).parts
            except ValueError:
                return False
            if len(parts) != 2 or parts[0] not in folders:
                return False
        return True

    def _rebuild(self, changed: set[Path]) -> BuildResult | None:
        """Only what ``changed`` pages change; None when a full build must do it (any error)."""
        capture, outputs = self.capture, self.outputs
        assert capture is not None and outputs is not None
        state, generator = capture.state, capture.pages_generator
        now = self.clock()
        if now.date() != state.today:
            return None
        pages = {page.source_path: page for page in generator.pages}
        for path in changed:
            source = os.path.abspath(path)
            pages.pop(source, None)
            if os.path.isfile(source):
                page = self._read(source)
                if page is None:
                    return None
                pages[source] = page
        ordered = order_content(list(pages.values()), generator.settings["PAGE_ORDER_BY"])
        for page in ordered:
            if language_code(page):
                # Back to the HTML as read; Pelican keeps each page's content once worked out.
                page._content = page.portal_as_read
                Page.get_content.cache.pop((page, page.get_siteurl()), None)
        generator.pages = generator.context["pages"] = ordered
        base = capture.base_problems
        state.problems = Problems(errors=list(base.errors), warnings=list(base.warnings))
        state.rejected, state.model, state.now = [], None, now
        state.helpers.clear()  # the layout's address helpers are bound to the model they were made with
        capture.portal_generator.generate_context()  # the site model and the checks across files
        result = BuildResult(problems=state.problems)
        if state.problems.errors or state.model is None:
            self.capture = None  # half made: the full build starts afresh
            return None
        model = state.model
        result.pages = len(model.services) + len(model.events) + len(model.pages)
        unchanged.forget(state.search_run.cache_dir)
        content_changed = write_changes(capture, outputs, ordered, self.output)
        if content_changed:
            self.search.update(model)
        return result

    def _read(self, source: str) -> Any:
        """The page Pelican would make of ``source``, read afresh; None if it has problems."""
        generator = self.capture.pages_generator
        generator.readers._cache.pop(source, None)  # read it, whatever its modification time says
        try:
            page = generator.readers.read_file(
                base_path=generator.path, path=os.path.relpath(source, generator.path), content_class=Page,
                context=generator.context, preread_signal=signals.page_generator_preread,
                preread_sender=generator, context_signal=signals.page_generator_context,
                context_sender=generator)
        except Exception:  # noqa: BLE001 (its problems are the full build's to report, at their lines)
            return None
        if not page.is_valid() or page.status != "published":
            return None
        generator.add_source_path(page)
        _keep_as_read(page)
        return page
