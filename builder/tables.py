"""Markdown tables that read on a phone: each body cell carries its column's heading.

The theme's CSS stacks a ``table.stack`` at narrow widths into rows of "Label: value", taking the
label from each cell's ``data-label``; that needs no JavaScript. This fills those in on the
tokens markdown-it parsed, before they are rendered.
"""

from __future__ import annotations

from markdown_it.token import Token


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


def _plain_text(inline: Token) -> str:
    """The words of a heading cell, without its Markdown (``**Cost**`` reads "Cost")."""
    if inline.type != "inline":
        return ""
    words = [c.content for c in inline.children or [] if c.type in ("text", "code_inline")]
    return " ".join("".join(words).split())
