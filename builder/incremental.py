"""Rebuild only what changed: skip pages whose inputs are as they were, remove pages that went.

A content page's HTML depends on its own file, its category, contact and related services, the
site's settings, the theme and today's date. ``page_key`` hashes exactly those, and
``IncrementalWriter`` leaves a page's file alone when its key and file are unchanged. Pages the
plugin derives from every service (home, A–Z, categories) are always written.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican.utils import sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from builder.parallel_writes import DeferredWrites, Running
from builder.translations import counterparts

# Output folders the build writes outside Pelican's writer, never pruned as stale.
_KEEP = ("pagefind", "_audit", "theme", "images", "documents")


@dataclass
class PageKeys:
    """The key of each written page, kept between builds in the cache folder."""

    path: Path
    site_key: str = ""
    previous: dict[str, str] = field(default_factory=dict)
    current: dict[str, str] = field(default_factory=dict)
    written: set[str] = field(default_factory=set)
    # Content pages actually rewritten, and stale pages removed: when both are 0 the search index,
    # made only from content pages, is still right.
    rewritten: int = 0
    removed: int = 0

    @classmethod
    def load(cls, path: Path) -> PageKeys:
        try:
            previous = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            previous = {}
        return cls(path=path, previous=previous)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.current, sort_keys=True), encoding="utf-8")

    def unchanged(self, name: str, key: str, output_dir: Path) -> bool:
        self.current[name] = key
        self.written.add(name)
        same = self.previous.get(name) == key and (output_dir / name).is_file()
        self.rewritten += not same
        return same

    def prune(self, output_dir: Path) -> int:
        """Delete pages written by an earlier build that this build did not make; count them."""
        removed = 0
        for root, dirs, files in os.walk(output_dir):
            if root == str(output_dir):
                dirs[:] = [d for d in dirs if d not in _KEEP]  # not even walked: the index alone has thousands
                prefix = ""
            else:
                prefix = Path(root).relative_to(output_dir).as_posix() + "/"
            for name in files:
                if name.endswith(".html") and prefix + name not in self.written:
                    os.unlink(os.path.join(root, name))
                    removed += 1
        self.removed += removed
        return removed

    @property
    def content_changed(self) -> bool:
        return bool(self.rewritten or self.removed)


def page_key(page: Any, model: Any, site_key: str) -> str:
    """Hash of everything a content page's HTML is made from, its language links included."""
    alternates = repr(counterparts(model, page)) if model.versions else ""
    model = model.model_of(page)
    category = model.category_of(page)
    contact = model.contact_for(page)
    parts = [site_key, _own_part(page), repr(category), repr(contact),
             repr([(s.title, s.url) for s in model.related(page)]) if page.kind == "service" else "",
             alternates, "" if model.language.is_default else pages_in_language(model)]
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def _own_part(page: Any) -> str:
    """Hash of the page's own HTML and front matter, worked out once per page object (the
    preview's rebuilds keep pages between edits; an edited file makes a new one)."""
    content = page.content
    kept = page.__dict__.get("_portal_own_key")
    if kept is None or kept[0] is not content:
        metadata = repr(sorted((k, repr(v)) for k, v in page.metadata.items()))
        kept = page.__dict__["_portal_own_key"] = (
            content, hashlib.sha256(f"{content}\x00{metadata}".encode()).hexdigest())
    return kept[1]


def pages_in_language(model: Any) -> str:
    """The addresses of another language's pages: the layout's links (contact, privacy...) go to
    the page in that language where there is one, so adding or removing one changes every page."""
    found = model.__dict__.get("_page_addresses")
    if found is None:
        prefix = model.language.prefix + "/"
        found = model.__dict__["_page_addresses"] = repr(sorted(
            u for u in (model.root or model).known_urls if u.startswith(prefix)))
    return found


class IncrementalWriter(Writer):
    """Pelican's writer, skipping content pages whose key says nothing they show has changed,
    and keeping the others to be written on every core (``start_deferred``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deferred = DeferredWrites()

    def write_file(self, name: str, template: Any, context: dict, *args: Any, **kwargs: Any) -> None:
        state = self.settings["PORTAL"]
        page = kwargs.get("page")
        keys: PageKeys = state.page_keys
        if page is not None and state.model is not None:
            kwargs.update(state.context_for(page))  # its language's words, listings and links
            path = sanitised_join(self.output_path, name)
            if keys.unchanged(name, page_key(page, state.model, keys.site_key), Path(self.output_path)):
                # Pelican's own record of written paths, so a second write to it is still refused.
                self._written_files.add(path)
                return
            if not args and not kwargs.get("paginated"):
                # Every content page comes with override_output (the plugin fixes each page's
                # save_as once, through Pelican's override_save_as): it is deferred all the same.
                if self._claim(path, bool(kwargs.get("override_output"))):
                    self.deferred.add(name, template, context, **kwargs)
                return
        elif name:
            keys.written.add(name)
        super().write_file(name, template, context, *args, **kwargs)

    def _claim(self, path: str, override: bool) -> bool:
        """Pelican's check that no two pages take one address (``Writer._open_w``), made now, in
        the order Pelican asks; False where Pelican would skip the write (an overridden file)."""
        if path in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{path}" a second time (was previously overwritten)')
            return False
        if path in self._written_files and not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{path}" as Pelican has already '
                "written to it previously (set `override=True` if intended)")
        if override:
            self._overridden_files.add(path)
        self._written_files.add(path)
        return True

    def start_deferred(self) -> Running:
        """Write the kept content pages, on every core when there are many; while workers write
        them, this process starts the search index (``builder.searchrun``)."""
        state = self.settings["PORTAL"]
        running = self.deferred.start(self._write_claimed, state.workers)
        if running.pool is not None and state.search_run is not None:
            try:
                state.search_run.during_writes(state.model, state.problems, state.page_keys.rewritten)
            except BaseException:
                running.wait()
                raise
        return running

    def _write_claimed(self, name: str, *args: Any, **kwargs: Any) -> None:
        # Claimed by ``_claim`` already, so Pelican's check must not refuse this very write.
        path = sanitised_join(self.output_path, name)
        self._written_files.discard(path)
        self._overridden_files.discard(path)
        super().write_file(name, *args, **kwargs)
