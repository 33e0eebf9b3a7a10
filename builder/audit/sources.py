"""Which Markdown file (and line) is behind a problem on a page.

The build writes ``_audit/sources.json``, mapping each page's URL path to its Markdown source
relative to the project root.  For an element from the page body we look for its image
``src``, link ``href``, link text, id, name, opening tag or text in that file and report
``file:line``; for anything else just the file.  Pages not in the map (the A–Z and other
generated pages) have no source; their template is reported instead.
"""

from __future__ import annotations

import contextlib
import json
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

SOURCES_FILE = "_audit/sources.json"
_MIN_NEEDLE = 3


class SourceMap:
    """Maps page URLs to Markdown files and elements to lines in them."""

    def __init__(self, site_dir: Path, project_root: Path | None = None) -> None:
        self.site_dir = site_dir
        self.roots = [project_root] if project_root else [site_dir.resolve().parent, Path.cwd()]
        self._map: dict[str, str] = {}
        self._texts: dict[str, list[str] | None] = {}
        path = site_dir / SOURCES_FILE
        if path.is_file():
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                loaded = {}
            if isinstance(loaded, dict):
                self._map = {str(k): str(v) for k, v in loaded.items()}

    def source_file(self, url: str) -> str | None:
        """The Markdown file behind the page at ``url``, as written in sources.json."""
        for key in _url_variants(url):
            if key in self._map:
                return self._map[key]
        return None

    def locate(self, url: str, anchor: dict | None) -> str | None:
        """``file:line`` where the element described by ``anchor`` comes from, else ``file``."""
        source = self.source_file(url)
        if source is None:
            return None
        lines = self._lines(source)
        if lines is None or not anchor or not anchor.get("in_main"):
            return source
        line = find_line(lines, anchor)
        return f"{source}:{line}" if line else source

    def _lines(self, source: str) -> list[str] | None:
        if source not in self._texts:
            self._texts[source] = None
            for root in self.roots:
                path = root / source
                if path.is_file():
                    with contextlib.suppress(OSError, UnicodeDecodeError):
                        self._texts[source] = path.read_text(encoding="utf-8").splitlines()
                    break
        return self._texts[source]


def _url_variants(url: str) -> list[str]:
    variants = [url]
    if url.endswith("/index.html"):
        variants.append(url[: -len("index.html")])
    elif url.endswith("/"):
        variants += [url + "index.html", url.rstrip("/") or "/"]
    elif url.endswith(".html"):
        variants += [url[: -len(".html")] + "/", url[: -len(".html")]]
    else:
        variants.append(url + "/")
    return variants


def _body_start(lines: list[str]) -> int:
    """Index of the first line after YAML front matter (0 if there is none)."""
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() in ("---", "..."):
                return i + 1
    return 0


def needles(anchor: dict) -> list[str]:
    """Strings to look for in the Markdown, most specific first."""
    found: list[str] = []

    def add(value: str | None) -> None:
        if value and len(value.strip()) >= _MIN_NEEDLE and value not in found:
            found.append(value.strip())

    src = anchor.get("src")
    if src:
        add(src)
        add(unquote(src))
        base = posixpath.basename(urlsplit(src).path)
        if "." in base:
            add(base)
    href = anchor.get("href")
    if href and href not in ("/", "#"):
        add(href)
        add(unquote(href))
        path = urlsplit(href).path.rstrip("/")
        if path.count("/") > 1:
            add(path)
    add(anchor.get("link_text"))
    add(anchor.get("alt"))
    if anchor.get("id"):
        add(f'id="{anchor["id"]}"')
        add("{#" + anchor["id"] + "}")
    if anchor.get("name"):
        add(f'name="{anchor["name"]}"')
    add(anchor.get("open_tag"))
    text = anchor.get("text") or ""
    if len(text) >= 8:
        add(text[:60])
        words = text.split()
        if len(words) > 4:
            add(" ".join(words[:4]))
    return found


def find_line(lines: list[str], anchor: dict) -> int | None:
    """1-based line of the first needle found in the Markdown body, or None."""
    start = _body_start(lines)
    for needle in needles(anchor):
        for number in range(start, len(lines)):
            if needle in lines[number]:
                return number + 1
    return None
