"""Turn an editor's Markdown body into HTML, catching authoring slips on the way.

Bodies are read with markdown-it: its tokens carry source lines, so each slip is reported at its
line (``builder.bodychecks`` has the checks: images without alternative text, links with no
text or text such as "click here", level-1 headings in the body and skipped heading levels, raw
HTML). Raw HTML is off: editors write Markdown, the theme writes the markup.

markdown-it-pyrs (the same rules in Rust, ``builder.bodytree``) reads nearly every body, about
ten times faster; the few it cannot give exactly the same results for are read with
markdown-it-py's tokens, here, as they always were.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

from builder.bodychecks import BodyChecks, RenderedBody, UrlForSource
from builder.bodytree import NeedsTokens, render_tree
from builder.phonelinks import link_phone_numbers
from builder.tables import label_table_cells
from portal.errors import Problems

__all__ = ["RenderedBody", "UrlForSource", "render_body", "render_tokens"]

_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")


def render_body(
    body: str, *, path: str, first_line: int, folder: str, url_for_source: UrlForSource,
    problems: Problems,
) -> RenderedBody:
    """Render ``body`` (which starts at file line ``first_line``) and record problems.

    Links to other Markdown files (``council-tax.md``, relative to ``folder`` inside the
    content folder) are rewritten to those pages' URLs by ``url_for_source``, so editors can
    link by file name as well as by path.
    """
    checks = BodyChecks(path, folder, url_for_source)
    try:
        checks.result.html = render_tree(body, first_line, checks)
    except NeedsTokens:
        checks = BodyChecks(path, folder, url_for_source)
        checks.result.html = render_tokens(body, first_line, checks)
    problems.extend(checks.problems)
    return checks.result


def render_tokens(body: str, first_line: int, checks: BodyChecks) -> str:
    """The HTML of ``body`` read with markdown-it-py, its problems told to ``checks``."""
    tokens = _MARKDOWN.parse(body)
    block_line = first_line
    for index, token in enumerate(tokens):
        if token.map is not None:
            block_line = first_line + token.map[0]
        if token.type == "heading_open":
            checks.heading(int(token.tag[1]), block_line)
        elif token.type == "inline" and token.children:
            checks.inline_start()
            _check_inline(token.children, block_line, checks)
            if tokens[index - 1].type != "heading_open":
                checks.promise(block_line, token.content)
    label_table_cells(tokens)
    link_phone_numbers(tokens)
    return _MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {})


def _check_inline(children: list[Token], line: int, checks: BodyChecks) -> None:
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "link_open":
            child.attrs["href"] = checks.link_open(str(child.attrs.get("href", "")), line)
        elif child.type == "link_close":
            checks.link_close(line)
        elif child.type == "image":
            child.attrs["src"] = checks.image(str(child.attrs.get("src", "")), line,
                                              alt_blank=not child.content.strip(), alt=child.content)
        elif child.type == "text":
            checks.text(child.content, line)
        elif child.type == "code_inline":
            checks.code(child.content)
