"""Writing a preview rebuild (``builder.previewsession``): only the pages whose output changes.

A content page is written again when its key (``builder.incremental.page_key``, the rule a full
build uses to skip pages) changed; a page whose file went is removed. The derived pages (home,
A–Z, categories, What's on, form start pages, sitemap, feeds) show what pages are called, where
they are and what they say of themselves (front matter), never their bodies: after an edit to a
page's body only (``listing_key`` unchanged) none is drawn. Otherwise our generator writes them as
a full build does, and each is drawn only if what its template lists changed (``_SHOWS``: the A–Z
its entries, a category page its services...); a template not named there is always drawn again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican.utils import sanitised_join
from pelican.writers import Writer

from builder.build import _write_sources as write_sources  # the full build's own
from builder.incremental import page_key, pages_in_language
from builder.translations import language_code

# Front matter a derived page never shows: where links, promises and fields are in the file
# (for messages only), which move with every edit to the body.
_ONLY_FOR_MESSAGES = frozenset({"local_links", "local_images", "promises", "field_lines"})


@dataclass
class Outputs:
    """What the last build wrote: each content page's key, the derived pages, what they list."""

    content: dict[str, str] = field(default_factory=dict)
    derived: set[str] = field(default_factory=set)
    listing: str = ""
    derived_keys: dict[str, str | None] = field(default_factory=dict)  # of those drawn since

    @classmethod
    def after_full_build(cls, state: Any, pages: list[Any]) -> Outputs:
        keys = state.page_keys
        return cls(content=dict(keys.current), derived=set(keys.written) - set(keys.current),
                   listing=listing_key(pages, keys.site_key))


def listing_key(pages: list[Any], site_key: str) -> str:
    """Hash of everything the derived pages are made from: every page's address and front matter."""
    digest = hashlib.sha256(site_key.encode())
    for page in pages:
        digest.update(_once(page, "_portal_listing", lambda p: "\x00".join((p.source_path, p.url, repr(sorted(
            (k, repr(v)) for k, v in p.metadata.items() if k not in _ONLY_FOR_MESSAGES))))).encode())
    return digest.hexdigest()


def _once(page: Any, name: str, make: Callable[[Any], Any]) -> Any:
    """``make(page)``, kept on the page: what it is made from (a page's file) never changes for a
    page object, since an edited file is read into a new one."""
    found = page.__dict__.get(name)
    if found is None:
        found = page.__dict__[name] = make(page)
    return found


def _listed(pages: list[Any]) -> list[tuple]:
    return [_once(p, "_portal_listed", lambda p: (p.url, p.title, p.summary, language_code(p))) for p in pages]


# What each derived page's template shows of the site model (``portal``) beyond the site's
# settings, theme and forms (``site_key``) and which pages exist in its language (``page_url``).
_SHOWS: dict[str, Callable[[Any, dict], object]] = {
    "a-to-z": lambda m, _kw: [(g.letter, [(e.label, e.synonym, _listed(e.targets)) for e in g.entries])
                              for g in m.az],
    "category": lambda _m, kw: (kw["category"], _listed(kw["services"])),
    "home": lambda m, _kw: [c for c, _services in m.categories],
    "whats-on": lambda m, _kw: [(*_listed([e])[0], e.event_date, e.event_time, e.place) for e in m.upcoming_events],
    "form-start": lambda m, kw: _listed([s for s in [m.service(kw["form"].service)] if s is not None]),
    "hub": lambda _m, _kw: (),
    "search": lambda _m, _kw: (),
    "404": lambda _m, _kw: (),
}


class _Recording(Writer):
    """Pelican's writer, noting the name of each file it writes; with ``keys``, a derived page
    whose key is unchanged is not drawn again (its file is as a full build would write it)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.names: set[str] = set()
        self.keys: dict[str, str] | None = None
        self.listing = ""

        self.seeding = False  # keys only: the files are a full build's, just written

    def write_file(self, name: str, *args: Any, **kwargs: Any) -> None:
        self.names.add(name)
        if self.keys is not None:
            key = self._key(kwargs)
            same = key is not None and self.keys.get(name) == key
            self.keys[name] = key
            if self.seeding or same and os.path.isfile(os.path.join(self.output_path, name)):
                self._written_files.add(sanitised_join(self.output_path, name))
                return
        super().write_file(name, *args, **kwargs)

    def _key(self, kwargs: dict) -> str | None:
        shows = _SHOWS.get(kwargs.get("template_name", ""))
        model = kwargs.get("portal")
        if shows is None or model is None:
            return None  # drawn every time
        parts = (kwargs["template_name"], self.listing_of_language(model), repr(kwargs.get("alternates")),
                 repr(shows(model, kwargs)))
        return hashlib.sha256("\x00".join(parts).encode()).hexdigest()

    def listing_of_language(self, model: Any) -> str:
        return self.listing + pages_in_language(model)


def seed_derived_keys(capture: Any, outputs: Outputs) -> None:
    """Work out the derived pages' keys as the full build just wrote them, drawing none."""
    generator, state = capture.pages_generator, capture.state
    writer = _Recording(generator.output_path, settings=generator.settings)
    writer.keys, writer.listing, writer.seeding = outputs.derived_keys, state.page_keys.site_key, True
    capture.portal_generator.generate_output(writer)


def write_changes(capture: Any, outputs: Outputs, pages: list[Any], output_dir: Path) -> bool:
    """Write what changed since ``outputs`` for ``pages`` (in Pelican's order), remove what went,
    and update ``outputs``; whether any content page changed (for the search index)."""
    state, generator = capture.state, capture.pages_generator
    model, keys, settings = state.model, state.page_keys, generator.settings
    writer = _Recording(generator.output_path, settings=settings)
    names = set()
    changed = 0
    for page in pages:
        name = page.save_as
        names.add(name)
        key = page_key(page, model, keys.site_key)
        if outputs.content.get(name) == key and (output_dir / name).is_file():
            # Pelican's own record, so a derived page taking this address is still refused.
            writer._written_files.add(sanitised_join(generator.output_path, name))
            continue
        writer.write_file(name, generator.get_template(page.template), generator.context, page=page,
                          relative_urls=settings["RELATIVE_URLS"], override_output=True, url=page.url,
                          **state.context_for(page))
        outputs.content[name] = key
        changed += 1
    for name in [n for n in outputs.content if n not in names]:
        del outputs.content[name]
        _remove(output_dir, name)
        changed += 1
    listing = listing_key(pages, keys.site_key)
    if listing != outputs.listing:
        writer.names, writer.keys, writer.listing = set(), outputs.derived_keys, keys.site_key
        capture.portal_generator.generate_output(writer)
        for name in outputs.derived - writer.names:
            if name.endswith(".html"):  # as a full build prunes: pages only
                _remove(output_dir, name)
        outputs.derived, outputs.listing = writer.names, listing
        write_sources(output_dir, model)
    keys.current = dict(outputs.content)
    keys.save()
    return bool(changed)


def _remove(output_dir: Path, name: str) -> None:
    target = output_dir / name
    target.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        os.rmdir(target.parent)  # the page's own folder, if nothing else is in it
