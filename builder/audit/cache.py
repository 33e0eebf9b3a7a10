"""Results cache: an unchanged page is not audited again.

An entry holds the raw results of one page at one viewport.  Its key is the sha256 of the
page's HTML and URL, the viewport, the site's CSS/JS/font files (the "theme hash"), the
axe-core version and this audit's version, so any change to those audits the page again.
Entries live under ``<cache_dir>/<theme-key>/``; older theme folders beyond the last few
are removed, which keeps the cache from growing without end.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

from .model import Page, Viewport

THEME_SUFFIXES = (".css", ".js", ".mjs", ".woff", ".woff2", ".ttf", ".otf")
KEEP_THEMES = 3


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def theme_hash(site_dir: Path) -> str:
    """sha256 over every CSS, JS and font file of the site (paths and contents)."""
    digest = hashlib.sha256()
    files = sorted(p for p in site_dir.rglob("*") if p.suffix.lower() in THEME_SUFFIXES and p.is_file()
                   and "_audit" not in p.relative_to(site_dir).parts)
    for path in files:
        digest.update(path.relative_to(site_dir).as_posix().encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _is_generation(name: str) -> bool:
    return len(name) == 20 and all(c in "0123456789abcdef" for c in name)


class AuditCache:
    """Raw results by (page, viewport), for one theme, axe-core and audit version."""

    def __init__(self, cache_dir: Path, *, theme: str, axe_version: str, audit_version: str) -> None:
        generation = sha256_text(f"{audit_version}\0{axe_version}\0{theme}")[:20]
        self.root = cache_dir
        self.dir = cache_dir / generation

    def key(self, page: Page, viewport: Viewport) -> str:
        return sha256_text(f"{page.url}\0{page.sha256}\0{viewport.name}:{viewport.width}x{viewport.height}")

    def _path(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key}.json"

    def get(self, page: Page, viewport: Viewport) -> dict[str, Any] | None:
        try:
            return json.loads(self._path(self.key(page, viewport)).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, page: Page, viewport: Viewport, raw: dict[str, Any]) -> None:
        path = self._path(self.key(page, viewport))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(raw, separators=(",", ":")), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass  # a cache that cannot be written only makes the next run slower

    def prune(self) -> None:
        """Keep this generation and the few most recently used others."""
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            os.utime(self.dir)
            others = sorted((d for d in self.root.iterdir()
                             if d.is_dir() and d != self.dir and _is_generation(d.name)),
                            key=lambda d: d.stat().st_mtime, reverse=True)
        except OSError:
            return
        for old in others[KEEP_THEMES - 1:]:
            shutil.rmtree(old, ignore_errors=True)
