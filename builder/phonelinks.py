"""Phone numbers in an editor's Markdown become ``tel:`` links, so residents on a phone can tap
them. Numbers already inside a link, or in code, are left as they are.

Either on markdown-it-py's tokens before they are rendered, or on the HTML markdown-it-pyrs
rendered (``builder.bodytree``): there the text between tags, outside links and code, is what the
tokens' text was (markdown-it joins adjacent text, and escaping touches no digit, space or '+',
so the same numbers are found), and the links written are the ones the tokens would render.
"""

from __future__ import annotations

import re

from markdown_it.token import Token

from portal.phones import PHONE_NUMBER, shown_number, split_phone_numbers, tel_href

# What every phone number holds (PHONE_NUMBER without the look-arounds that make it slow to search
# for): the quick test that spares most pages the full search.
_CLUE = re.compile(r"0\d{2,4} ?\d{3}")
# Any tag; group 1 is "/" on a closing one, group 2 names a link or code (whose text is left alone).
_TAG = re.compile(r"<(/?)(a|code)?\b[^>]*>")


def link_phone_numbers(tokens: list[Token]) -> None:
    """Rewrite the text of every inline token so phone numbers are links."""
    for token in tokens:
        if token.type == "inline" and token.children:
            token.children = _linked(token.children)


def link_phone_numbers_in_html(html: str) -> str:
    """The same on HTML rendered by markdown-it with raw HTML off."""
    if _CLUE.search(html) is None or PHONE_NUMBER.search(html) is None:
        return html
    pieces: list[str] = []
    last, left_alone = 0, 0
    for tag in _TAG.finditer(html):
        text = html[last:tag.start()]
        pieces += [text if left_alone else _linked_html(text), tag.group(0)]
        if tag.group(2):
            left_alone += -1 if tag.group(1) else 1
        last = tag.end()
    pieces.append(_linked_html(html[last:]) if not left_alone else html[last:])
    return "".join(pieces)


def _linked_html(text: str) -> str:
    return "".join(f'<a href="{tel_href(piece)}">{shown_number(piece)}</a>' if is_phone else piece
                   for piece, is_phone in split_phone_numbers(text))


def _linked(children: list[Token]) -> list[Token]:
    result: list[Token] = []
    in_link = 0
    for child in children:
        if child.type == "link_open":
            in_link += 1
        elif child.type == "link_close":
            in_link -= 1
        if child.type != "text" or in_link:
            result.append(child)
            continue
        for piece, is_phone in split_phone_numbers(child.content):
            if not is_phone:
                result.append(_text(piece))
                continue
            link = Token("link_open", "a", 1)
            link.attrSet("href", tel_href(piece))
            result += [link, _text(shown_number(piece)), Token("link_close", "a", -1)]
    return result


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token
