"""Writing a preview rebuild (``builder.previewsession``): only the pages whose output changes.

A content page is written again when its key (``builder.incremental.page_key``, the rule a full
build uses to skip pages) changed; a page whose file went is removed. The derived pages (home,
A–Z, categories, What's on, form start pages, sitemap, feeds) show what pages are called, where
they are and what they say of themselves (front matter), never their bodies: they are all written
again, by our generator as a full build writes them, when ``listing_key`` changed, and not at all
after an edit to a page's body only.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican.utils import sanitised_join
from pelican.writers import Writer

from builder.build import _write_sources as write_sources  # the full build's own
from builder.incremental import page_key

# Front matter a derived page never shows: where links, promises and fields are in the file
# (for messages only), which move with every edit to the body.
_ONLY_FOR_MESSAGES = frozenset({"local_links", "local_images", "promises", "field_lines"})


@dataclass
class Outputs:
    """What the last build wrote: each content page's key, the derived pages, what they list."""

    content: dict[str, str] = field(default_factory=dict)
    derived: set[str] = field(default_factory=set)
    listing: str = ""

    @classmethod
    def after_full_build(cls, state: Any, pages: list[Any]) -> Outputs:
        keys = state.page_keys
        return cls(content=dict(keys.current), derived=set(keys.written) - set(keys.current),
                   listing=listing_key(pages, keys.site_key))


def listing_key(pages: list[Any], site_key: str) -> str:
    """Hash of everything the derived pages are made from: every page's address and front matter."""
    digest = hashlib.sha256(site_key.encode())
    for page in pages:
        shown = sorted((k, repr(v)) for k, v in page.metadata.items() if k not in _ONLY_FOR_MESSAGES)
        digest.update(f"\x00{page.source_path}\x00{page.url}\x00{shown!r}".encode())
    return digest.hexdigest()


class _Recording(Writer):
    """Pelican's writer, noting the name of each file it writes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.names: set[str] = set()

    def write_file(self, name: str, *args: Any, **kwargs: Any) -> None:
        self.names.add(name)
        super().write_file(name, *args, **kwargs)


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
        writer.names = set()
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
