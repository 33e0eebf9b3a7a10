"""Markdown tables that read on a phone: each body cell carries its column's heading.

The theme's CSS stacks a ``table.stack`` at narrow widths into rows of "Label: value", taking the
label from each cell's ``data-label``; that needs no JavaScript. This fills those in, either on
the tokens markdown-it-py parsed, before they are rendered, or on the HTML markdown-it-pyrs
rendered, given the labels its tree walk found (``builder.bodytree``): the same attributes in
the same order either way.
"""

from __future__ import annotations

import re

from markdown_it.token import Token

_TABLE_OR_BODY_CELL = re.compile(r"<table>|<td[^>]*>")


def heading_label(words: list[str]) -> str:
    """A heading cell's label from the words of its text and code, in order (``**Cost**`` reads "Cost")."""
    return " ".join("".join(words).split())


def label_table_cells(tokens: list[Token]) -> None:
    """Give every ``table`` the class ``stack`` and every body cell its column heading as ``data-label``."""
    headings: list[str] = []
    column = 0
    in_head = False
    for index, token in enumerate(tokens):
        if token.type == "table_open":
            token.attrSet("class", "stack")
            headings = []
        elif token.type in ("thead_open", "thead_close"):
            in_head = token.type == "thead_open"
        elif token.type == "th_open" and in_head:
            headings.append(_plain_text(tokens[index + 1]))
        elif token.type == "tr_open":
            column = 0
        elif token.type == "td_open":
            if column < len(headings) and headings[column]:
                token.attrSet("data-label", headings[column])
            column += 1


def label_table_cells_in_html(html: str, labels: list[str]) -> str:
    """The same on rendered HTML (no raw HTML in it): ``labels`` holds every body cell's, in order
    ("" for none); ValueError if the HTML's cells and the labels do not pair up."""
    cells = iter(labels)

    def labelled(match: re.Match[str]) -> str:
        tag = match.group(0)
        if tag == "<table>":
            return '<table class="stack">'
        label = next(cells, None)
        if label is None:
            raise ValueError("more body cells in the HTML than labels")
        return f'{tag[:-1]} data-label="{_escape(label)}">' if label else tag

    html = _TABLE_OR_BODY_CELL.sub(labelled, html)
    if next(cells, None) is not None:
        raise ValueError("fewer body cells in the HTML than labels")
    return html


def _plain_text(inline: Token) -> str:
    if inline.type != "inline":
        return ""
    return heading_label([c.content for c in inline.children or [] if c.type in ("text", "code_inline")])


def _escape(text: str) -> str:
    """As markdown-it escapes attribute values."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
