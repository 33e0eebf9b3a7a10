"""UK telephone numbers in text: how one is recognised and the ``tel:`` link it becomes.

One rule for the builder (Markdown bodies), the theme (notices, opening hours) and site.yaml's
contacts, so every number a resident sees on a phone can be tapped to call.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

NO_BREAK = "\u00a0"
# A national number (0116 496 0000, 0800 123 4567, 01164960000), optionally after the Relay UK
# textphone prefix 18001; digits either side mean it is part of something else.
PHONE_NUMBER = re.compile(r"(?<![\d+])(?:18001 ?)?0\d{2,4}(?: ?\d{3,4}){1,2}(?![\d])")


def comparable_number(number: str | None) -> str | None:
    """A number as its national digits, so ``+44 (0)116 496 0123``, ``0044 116 4960123`` and
    ``0116 496 0123`` compare equal; None when it is not a telephone number at all."""
    digits = re.sub(r"[\s().-]", "", number or "")
    for international in ("+440", "+44", "00440", "0044"):
        if digits.startswith(international):
            digits = "0" + digits[len(international):]
            break
    return digits if digits.isdigit() and len(digits) >= 6 else None


def tel_href(number: str) -> str:
    """``tel:+441164960000`` for a national number; a Relay UK number keeps its prefix as dialled."""
    digits = re.sub(r"\D", "", number)
    return "tel:+44" + digits[1:] if digits.startswith("0") else "tel:" + digits


def split_phone_numbers(text: str) -> list[tuple[str, bool]]:
    """``text`` in pieces, each flagged True when it is a phone number."""
    pieces: list[tuple[str, bool]] = []
    last = 0
    for match in PHONE_NUMBER.finditer(text):
        if match.start() > last:
            pieces.append((text[last:match.start()], False))
        pieces.append((match.group(0), True))
        last = match.end()
    if last < len(text):
        pieces.append((text[last:], False))
    return pieces


def shown_number(number: str) -> str:
    """The number as shown: a Relay UK number may break after its prefix, never inside the number
    (the theme keeps other numbers whole with CSS)."""
    prefix, _, rest = number.partition(" ")
    return f"{prefix} {rest.replace(' ', NO_BREAK)}" if prefix == "18001" and rest else number


def phone_links(text: str) -> Markup:
    """``text`` as escaped HTML with each phone number a ``tel:`` link (a Jinja filter)."""
    return Markup("").join(
        Markup('<a href="{}">{}</a>').format(tel_href(piece), shown_number(piece)) if is_phone else escape(piece)
        for piece, is_phone in split_phone_numbers(text))
