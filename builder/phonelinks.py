"""Phone numbers in an editor's Markdown become ``tel:`` links, so residents on a phone can tap
them. Numbers already inside a link, or in code, are left as they are."""

from __future__ import annotations

from markdown_it.token import Token

from portal.phones import shown_number, split_phone_numbers, tel_href


def link_phone_numbers(tokens: list[Token]) -> None:
    """Rewrite the text of every inline token so phone numbers are links."""
    for token in tokens:
        if token.type == "inline" and token.children:
            token.children = _linked(token.children)


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
