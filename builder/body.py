"""Turn an editor's Markdown body into HTML, catching authoring slips on the way.

markdown-it-py is used because its tokens carry source line numbers, so each slip is reported
at its line: images without alternative text, links with no text or text such as "click here",
level-1 headings in the body (the page title is the only one) and skipped heading levels.
Raw HTML is off: editors write Markdown, the theme writes the markup.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from builder.phonelinks import link_phone_numbers
from builder.promises import promise_in
from builder.rawhtml import raw_html_message
from builder.tables import label_table_cells
from portal.errors import Problems

_VAGUE_LINK_TEXT = {
    "click here", "here", "click", "read more", "more", "more info", "more information",
    "link", "this link", "this page", "go", "find out more",
}

_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")


@dataclass
class RenderedBody:
    html: str
    # (line, href) of every link and image that stays on this site, checked once all pages are known.
    local_links: list[tuple[int, str]] = field(default_factory=list)
    local_images: list[tuple[int, str]] = field(default_factory=list)
    # (line, words) of each promise of an online form with no link to one (see builder.promises).
    promises: list[tuple[int, str]] = field(default_factory=list)


UrlForSource = Callable[[str], "str | None"]


def render_body(
    body: str, *, path: str, first_line: int, folder: str, url_for_source: UrlForSource,
    problems: Problems,
) -> RenderedBody:
    """Render ``body`` (which starts at file line ``first_line``) and record problems.

    Links to other Markdown files (``council-tax.md``, relative to ``folder`` inside the
    content folder) are rewritten to those pages' URLs by ``url_for_source``, so editors can
    link by file name as well as by path.
    """
    tokens = _MARKDOWN.parse(body)
    result = RenderedBody(html="")
    last_level = 1
    block_line = first_line
    for index, token in enumerate(tokens):
        if token.map is not None:
            block_line = first_line + token.map[0]
        if token.type == "heading_open":
            level = int(token.tag[1])
            if level == 1:
                problems.error(path, block_line, "a level-1 heading ('# ') is only for the page "
                               "title; start headings in the body with '## '")
            elif level > last_level + 1:
                problems.error(path, block_line, f"heading jumps from level {last_level} to "
                               f"{level}; use {'#' * (last_level + 1)} here")
            last_level = level
        elif token.type == "inline" and token.children:
            links = _Links(path, folder, url_for_source, problems, result)
            _check_inline(token.children, block_line, links)
            promise = promise_in(token) if tokens[index - 1].type != "heading_open" else None
            if promise:
                result.promises.append((block_line, promise))
    label_table_cells(tokens)
    link_phone_numbers(tokens)
    result.html = _MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {})
    return result


@dataclass
class _Links:
    """What checking the links of one body needs to carry around."""

    path: str
    folder: str
    url_for_source: UrlForSource
    problems: Problems
    result: RenderedBody


def _check_inline(children: list[Token], line: int, links: _Links) -> None:
    path, problems = links.path, links.problems
    link: Token | None = None
    link_text: list[str] = []
    has_image = False
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "link_open":
            link, link_text, has_image = child, [], False
            child.attrs["href"] = _local_href(str(child.attrs.get("href", "")), line, links)
        elif child.type == "link_close" and link is not None:
            words = " ".join("".join(link_text).split())
            if not words and not has_image:
                problems.error(path, line, f"link to '{link.attrs.get('href')}' has no text; "
                               "write what it links to between the brackets")
            elif words.lower().strip(".!:") in _VAGUE_LINK_TEXT:
                problems.error(path, line, f"link text '{words}' does not say where it goes; "
                               "use the title of the page it links to")
            link = None
        elif child.type == "image":
            has_image = True
            src = str(child.attrs.get("src", ""))
            if not child.content.strip():
                problems.error(path, line, f"image '{src}' has no alternative text; describe "
                               "it between the brackets: ![A map of the recycling centre](...)")
            child.attrs["src"] = _local_href(src, line, links, links.result.local_images)
            if link is not None:
                link_text.append(child.content)
        elif link is not None and child.type in ("text", "code_inline"):
            link_text.append(child.content)
        if child.type == "text" and "<" in child.content:
            message = raw_html_message(child.content)
            if message:
                problems.error(path, line, message)


def _local_href(href: str, line: int, links: _Links, into: list[tuple[int, str]] | None = None) -> str:
    """Record a link (or, ``into`` local_images, an image) that stays on this site and return its
    URL; leave others alone."""
    if not href or href.startswith(("#", "mailto:", "tel:", "//")) or "://" in href:
        return href
    target, _, anchor = href.partition("#")
    if target.endswith(".md"):
        source = target.lstrip("/") if target.startswith("/") else \
            posixpath.normpath(posixpath.join(links.folder, target))
        url = links.url_for_source(source)
        if url is None:
            links.problems.error(links.path, line, f"link to '{href}' points to no page; link to "
                                 "a file in services/, whats-on/ or pages/, or to a path such as "
                                 "/contact/")
            return href
        target = url
    elif not target.startswith("/"):
        target = "/" + posixpath.normpath(posixpath.join(links.folder, target))
    (links.result.local_links if into is None else into).append((line, target))
    return target + (f"#{anchor}" if anchor else "")
