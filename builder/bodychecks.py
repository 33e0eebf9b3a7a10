"""The authoring checks on a Markdown body, and where its links go, whichever parser read it.

The body renderer (``builder.body``) walks a parsed body in document order and tells a
``BodyChecks`` what it meets: headings, and in each run of inline text (a paragraph, a heading,
a table cell) its links, images, text and code, counting the line breaks it passes. This module
turns that into problems at the right line (images without alternative text, links with no text
or text such as "click here", level-1 and skipped headings, raw HTML) and into the URLs links
and images point to (``council-tax.md`` becomes that page's address). Both readers of a body,
markdown-it-pyrs's tree and markdown-it-py's tokens, report to it, so each rule has one home.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field

from builder.promises import promise_in
from builder.rawhtml import raw_html_message
from portal.errors import Problems

_VAGUE_LINK_TEXT = {
    "click here", "here", "click", "read more", "more", "more info", "more information",
    "link", "this link", "this page", "go", "find out more",
}

UrlForSource = Callable[[str], "str | None"]


@dataclass
class RenderedBody:
    html: str
    # (line, href) of every link and image that stays on this site, checked once all pages are known.
    local_links: list[tuple[int, str]] = field(default_factory=list)
    local_images: list[tuple[int, str]] = field(default_factory=list)
    # (line, words) of each promise of an online form with no link to one (see builder.promises).
    promises: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class BodyChecks:
    """What one body's walk has found so far: its problems and its links."""

    path: str
    folder: str
    url_for_source: UrlForSource
    problems: Problems = field(default_factory=Problems)
    result: RenderedBody = field(default_factory=lambda: RenderedBody(html=""))
    _last_level: int = 1
    # The link being read in the current run of inline text: its href, its words, whether it has an image.
    _link: str | None = None
    _link_text: list[str] = field(default_factory=list)
    _has_image: bool = False
    # The URLs the current run of inline text links to, after rewriting (for its promise).
    _hrefs: list[str] = field(default_factory=list)

    def heading(self, level: int, line: int) -> None:
        if level == 1:
            self.problems.error(self.path, line, "a level-1 heading ('# ') is only for the page "
                                "title; start headings in the body with '## '")
        elif level > self._last_level + 1:
            self.problems.error(self.path, line, f"heading jumps from level {self._last_level} to "
                                f"{level}; use {'#' * (self._last_level + 1)} here")
        self._last_level = level

    def inline_start(self) -> None:
        """A new run of inline text begins (links never cross from one to the next)."""
        self._link = None
        self._hrefs = []

    def link_open(self, href: str, line: int) -> str:
        """A link starts; returns the URL it should have."""
        href = self._local_href(href, line)
        self._link, self._link_text, self._has_image = href, [], False
        self._hrefs.append(href)
        return href

    def link_close(self, line: int) -> None:
        if self._link is None:
            return
        words = " ".join("".join(self._link_text).split())
        if not words and not self._has_image:
            self.problems.error(self.path, line, f"link to '{self._link}' has no text; "
                                "write what it links to between the brackets")
        elif words.lower().strip(".!:") in _VAGUE_LINK_TEXT:
            self.problems.error(self.path, line, f"link text '{words}' does not say where it goes; "
                                "use the title of the page it links to")
        self._link = None

    def image(self, src: str, line: int, *, alt_blank: bool, alt: str = "") -> str:
        """An image; returns the URL it should have. ``alt`` is its alternative text as written,
        needed only inside a link (whose words it joins)."""
        self._has_image = True
        if alt_blank:
            self.problems.error(self.path, line, f"image '{src}' has no alternative text; describe "
                                "it between the brackets: ![A map of the recycling centre](...)")
        src = self._local_href(src, line, self.result.local_images)
        if self._link is not None:
            self._link_text.append(alt)
        return src

    def text(self, content: str, line: int) -> None:
        """A run of text (as markdown-it joins it: escapes and entities decoded)."""
        if self._link is not None:
            self._link_text.append(content)
        if "<" in content:
            message = raw_html_message(content)
            if message:
                self.problems.error(self.path, line, message)

    def code(self, content: str) -> None:
        if self._link is not None:
            self._link_text.append(content)

    def promise(self, line: int, content: str) -> None:
        """The run of inline text just walked (``content`` as written) may promise a form."""
        found = promise_in(content, self._hrefs)
        if found:
            self.result.promises.append((line, found))

    def _local_href(self, href: str, line: int, into: list[tuple[int, str]] | None = None) -> str:
        """Record a link (or, ``into`` local_images, an image) that stays on this site and return
        its URL; leave others alone."""
        if not href or href.startswith(("#", "mailto:", "tel:", "//")) or "://" in href:
            return href
        target, _, anchor = href.partition("#")
        if target.endswith(".md"):
            source = target.lstrip("/") if target.startswith("/") else \
                posixpath.normpath(posixpath.join(self.folder, target))
            url = self.url_for_source(source)
            if url is None:
                self.problems.error(self.path, line, f"link to '{href}' points to no page; link to "
                                    "a file in services/, whats-on/ or pages/, or to a path such as "
                                    "/contact/")
                return href
            target = url
        elif not target.startswith("/"):
            target = "/" + posixpath.normpath(posixpath.join(self.folder, target))
        (self.result.local_links if into is None else into).append((line, target))
        return target + (f"#{anchor}" if anchor else "")
