"""Read a Markdown body with markdown-it-pyrs (markdown-it in Rust) for speed, with the same
results as markdown-it-py's tokens give.

markdown-it-pyrs keeps markdown-it's rules, so its HTML is markdown-it-py's, but it gives a tree
of nodes with byte offsets rather than a token stream with line maps, and renders only from the
source. So this walks the tree in document order, telling ``BodyChecks`` what markdown-it-py's
token walk would (the line of each heading and block from its offset, then one more line per
line break, as the tokens count them), and applies the changes the tokens would have carried to
the rendered HTML instead: link and image addresses, table cell labels, phone links.

Where the two parsers part ways (this markdown-it-pyrs follows an older markdown-it in a few
corners), or the tree lacks what a check needs, ``render_tree`` raises ``NeedsTokens`` saying
which, and ``builder.body`` reads the body with markdown-it-py as before. Each case has an example
in tests/test_build_body.py; none occurs in the sample council's content."""

from __future__ import annotations

import re

from markdown_it_pyrs import MarkdownIt, Node

from builder.bodychecks import BodyChecks
from builder.phonelinks import link_phone_numbers_in_html
from builder.promises import may_promise
from builder.tables import heading_label, label_table_cells_in_html

# markdown-it-py's "commonmark" preset with raw HTML off (as builder.body sets it), and tables.
_PARSER = MarkdownIt("zero").enable_many([
    "blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph", "reference",
    "autolink", "backticks", "emphasis", "entity", "escape", "image", "link", "newline", "table",
])
_CONTAINERS = {"blockquote", "bullet_list", "ordered_list", "list_item"}
_NO_TEXT = {"fence", "code_block", "hr", "definition"}
_INLINE = {"text", "text_special", "softbreak", "hardbreak", "link", "autolink", "image", "em",
           "strong", "code_inline"}
# A line with a pipe above one of only dashes and colons: markdown-it-py (after markdown-it 14) can
# read a one-column table there, markdown-it-pyrs a heading or a rule.
_ONE_COLUMN_TABLE = re.compile(r"\|[^\n]*\n[ \t>]*[-:][-: \t]*(?:\n|$)")
# A quoted line (perhaps in a list item) followed by one that is neither quoted nor blank (a "lazy"
# continuation); or a quote inside a quote (a line with fewer '>'s continues the inner one lazily).
_LAZY_QUOTE_LINE = re.compile(r"^[ ]*(?:(?:[-+*]|\d{1,9}[.)])[ ]+)*>(?:[^\n]*\n(?![ ]*>)[ ]*[^\s]|[ ]?>)",
                              re.MULTILINE)
# A row that starts like a list item (markdown-it-py ends the table there, even at "2)" or an empty item).
_LIST_ITEM = re.compile(r"[ >]*(?:[-+*]|\d{1,9}[.)])(?:[ ]|$)")
_ITEM_MARKER = re.compile(rb"[ ]*(?:[-+*]|\d{1,9}[.)])")
_SPACE = re.compile(rb"[\s>]*")
_URL_ATTRIBUTE = re.compile(r'<a href="([^"]*)"|<img src="([^"]*)"')
# Where markdown-it-py's paragraph content drops a container's marks: each line's leading '>'s and spaces.
_LINE_PREFIX = re.compile(r"\n[ \t>]*")


class NeedsTokens(Exception):
    """This body's results are only exact from markdown-it-py's tokens (see the module's text)."""


def render_tree(body: str, first_line: int, checks: BodyChecks) -> str:
    """The HTML of ``body`` (which starts at file line ``first_line``), its problems told to ``checks``."""
    if "\r" in body or "\0" in body:
        raise NeedsTokens("markdown-it normalises these before parsing, and offsets would move")
    if "\t" in body:
        raise NeedsTokens("the two expand tabs in indentation differently")
    if ">" in body and _LAZY_QUOTE_LINE.search(body):
        raise NeedsTokens("the two end a quote's paragraph differently at a line without '>'")
    if not body.endswith("\n") and ("```" in body or "~~~" in body):
        raise NeedsTokens("a code block left open at the end: markdown-it-pyrs adds a line break")
    if "|" in body and _ONE_COLUMN_TABLE.search(body):
        raise NeedsTokens("markdown-it-py may read a one-column table where markdown-it-pyrs reads a heading")
    if "`" in body and "[" in body:
        # Such as "[`code": markdown-it 0.6 (in Rust) panics on some of these (its issue 40).
        raise NeedsTokens("markdown-it-pyrs can fail on a backtick after a '['")
    if "*_" in body or "_*" in body:
        raise NeedsTokens("the two pair up '*' and '_' next to each other differently")
    walk = _Walk(body, first_line, checks)
    tree, html = _parsed(body)
    walk.blocks(tree.children, len(walk.source), in_container=False)
    if any(old != new for old, new in walk.urls):
        html = _rewrite_urls(html, walk.urls)
    if walk.labels is not None:
        try:
            html = label_table_cells_in_html(html, walk.labels)
        except ValueError as exc:
            raise NeedsTokens("table cells in the HTML and in the tree do not pair up") from exc
    return link_phone_numbers_in_html(html)


def _parsed(body: str) -> tuple[Node, str]:
    try:
        return _PARSER.tree(body), _PARSER.render(body)
    except BaseException as exc:  # a panic in Rust arrives as pyo3's PanicException, a BaseException
        if type(exc).__name__ == "PanicException":
            raise NeedsTokens("markdown-it-pyrs failed") from exc
        raise


def _escape(text: str) -> str:
    """As markdown-it escapes attribute values."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _rewrite_urls(html: str, urls: list[tuple[str, str]]) -> str:
    """Give each link and image, in document order, the URL the checks worked out for it."""
    found = list(_URL_ATTRIBUTE.finditer(html))
    if len(found) != len(urls):
        raise NeedsTokens("links in the HTML and in the tree do not pair up")
    pieces, last = [], 0
    for match, (old, new) in zip(found, urls, strict=True):
        value_at = 1 if match.group(1) is not None else 2
        if match.group(value_at) != _escape(old):
            raise NeedsTokens("links in the HTML and in the tree do not pair up")
        pieces += [html[last:match.start(value_at)], _escape(new)]
        last = match.end(value_at)
    pieces.append(html[last:])
    return "".join(pieces)


class _Walk:
    """One body's walk: the checks it feeds, and what the HTML must be given afterwards."""

    def __init__(self, body: str, first_line: int, checks: BodyChecks) -> None:
        self.source = body.encode()  # offsets are in UTF-8 bytes
        self.first_line = first_line
        self.checks = checks
        self.may_promise = may_promise(_LINE_PREFIX.sub("\n", body) if ">" in body else body)
        self.urls: list[tuple[str, str]] = []  # (as parsed, as it should be) of every link and image
        self.labels: list[str] | None = None  # data-label of every body cell, once a table is met
        self.line = first_line
        self.in_link = False
        self.text: list[str] = []  # adjacent text nodes, which markdown-it-py's tokens join
        self.words: list[str] = []  # the text and code of the current run, for a table heading

    def line_at(self, offset: int) -> int:
        return self.first_line + self.source.count(b"\n", 0, offset)

    def written(self, start: int, end: int) -> str:
        return self.source[start:end].decode()

    def text_from(self, offset: int, *, item: bool) -> int:
        """Where a tight list item's text starts: after ``offset`` (the item's marker, if ``item``,
        else the block before the text), the spaces, line breaks and quote marks."""
        if item:
            offset = _ITEM_MARKER.match(self.source, offset).end()  # type: ignore[union-attr]
        return _SPACE.match(self.source, offset).end()  # type: ignore[union-attr]

    def blocks(self, nodes: list[Node], end: int, *, in_container: bool, item: int | None = None) -> None:
        """Walk block nodes; in a tight list item (starting at offset ``item``), runs of inline
        nodes are its hidden paragraphs."""
        run: list[Node] = []
        # Where a run's text starts, worked out from block offsets: markdown-it-pyrs's offsets of
        # inline nodes go astray after a code span that holds a line break.
        run_from = self.text_from(item, item=True) if item is not None else 0
        for node in nodes:
            name = node.name
            if name in _INLINE:
                run.append(node)
                continue
            start, stop = node.srcmap or (end, end)
            if run:
                if name in ("fence", "code_block"):
                    raise NeedsTokens("markdown-it-pyrs starts a line before code after an item's text")
                self.paragraph(run, self.text_from(run_from, item=False), start, in_container=True)
                run = []
            run_from = stop
            if name == "paragraph":
                self.paragraph(node.children, start, stop, in_container=in_container)
            elif name in ("heading", "lheading"):
                line = self.line_at(start)
                self.checks.heading(node.meta["level"], line)
                self.inline(node.children, line)
            elif name in _CONTAINERS:
                if name == "blockquote" and all(child.name == "definition" for child in node.children):
                    raise NeedsTokens("markdown-it-pyrs writes an empty quote with a line break inside")
                self.blocks(node.children, stop, in_container=True, item=start if name == "list_item" else None)
            elif name == "table":
                self.table(node, in_container)
            elif name not in _NO_TEXT:
                raise NeedsTokens(f"no walk for a {name} node")
        if run:
            self.paragraph(run, self.text_from(run_from, item=False), end, in_container=True)

    def paragraph(self, children: list[Node], start: int, end: int, *, in_container: bool) -> None:
        line = self.line_at(start)
        self.inline(children, line)
        if not self.may_promise:
            return
        content = self.written(start, end).strip()
        if in_container and "\n" in content:
            if may_promise(_LINE_PREFIX.sub("\n", content)):
                raise NeedsTokens("a promise across lines inside a list or quote")
            return
        self.checks.promise(line, content)

    def table(self, table: Node, in_container: bool) -> None:
        if self.labels is None:
            self.labels = []
        headings: list[str] = []
        for part in table.children:
            for row in part.children:
                if part.name == "tbody" and _LIST_ITEM.match(self.written(*row.srcmap)):  # type: ignore[misc]
                    raise NeedsTokens("markdown-it-py ends a table at any list item, markdown-it-pyrs not")
                for column, cell in enumerate(row.children):
                    if cell.children:
                        start, end = cell.srcmap  # type: ignore[misc]
                        self.paragraph(cell.children, start, end, in_container=in_container)
                    if part.name == "thead":
                        headings.append(heading_label(self.words) if cell.children else "")
                    else:
                        self.labels.append(headings[column] if column < len(headings) else "")

    def inline(self, children: list[Node], line: int) -> None:
        if not children:
            return
        self.checks.inline_start()
        self.line, self.in_link, self.words = line, False, []
        self.flat(children)
        self.flush()

    def flush(self) -> None:
        if self.text:
            content = "".join(self.text)
            self.text = []
            self.words.append(content)
            self.checks.text(content, self.line)

    def flat(self, nodes: list[Node]) -> None:
        """Inline nodes in the order of markdown-it-py's flat list of inline tokens."""
        for node in nodes:
            name = node.name
            if name in ("text", "text_special"):
                self.text.append(node.meta["content"])
                continue
            self.flush()
            if name in ("softbreak", "hardbreak"):
                self.line += 1
            elif name in ("em", "strong"):
                self.flat(node.children)
                self.flush()
            elif name in ("link", "autolink"):
                url = node.meta["url"]
                self.urls.append((url, self.checks.link_open(url, self.line)))
                self.in_link = True
                self.flat(node.children)
                self.flush()
                self.in_link = False
                self.checks.link_close(self.line)
            elif name == "image":
                if self.in_link:
                    raise NeedsTokens("an image inside a link")
                url = node.meta["url"]
                self.urls.append((url, self.checks.image(url, self.line, alt_blank=_blank(node.children))))
            elif name == "code_inline":
                code = "".join(child.meta["content"] for child in node.children)
                self.words.append(code)
                self.checks.code(code)
            else:
                raise NeedsTokens(f"no walk for a {name} node")


def _blank(alt: list[Node]) -> bool:
    """Whether an image's alternative text, as written, is only spaces and line breaks."""
    _check_alt(alt)
    return all(node.name == "softbreak" or (node.name == "text" and not node.meta["content"].strip())
               for node in alt)


def _check_alt(nodes: list[Node]) -> None:
    for node in nodes:
        # markdown-it-pyrs leaves these out of an alt attribute; markdown-it-py keeps their text.
        if node.name in ("text_special", "hardbreak"):
            raise NeedsTokens("an escape, entity or hard line break in an image's alternative text")
        _check_alt(node.children)
