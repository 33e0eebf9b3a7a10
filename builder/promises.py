"""Promises of an online form or payment in a page's text, and whether the page keeps them.

"Use the form on this page" on a page with no form sends a resident looking for something that
is not there. The body renderer notes each paragraph or list item that promises a form or an
online payment and does not link to one; once every form is known, a page that still has no
form of its own is warned about, at the line of the promise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from portal.errors import Problems

_PROMISE = re.compile(
    r"\b(?:[\w-]+\s+)?form\s+on\s+this\s+page\b"
    r"|\b(?:pay|apply|book|order|subscribe|renew|claim|report)\s+online\s+(?:using|through|with|by|at|here)\b"
    r"|\buse\s+(?:the|our)\s+online\s+(?:[\w-]+\s+){0,3}?form\b",
    re.IGNORECASE,
)
# Every promise holds one of these (in lower case), each starting with a word that re finds
# fast: the quick test that spares most text the full search. Only for ASCII text: under
# IGNORECASE four non-ASCII letters (such as the long s) match ASCII ones, which lower() keeps.
_CLUES = [re.compile(clue) for clue in (
    r"form\s+on\s+this\s+page", r"online\s+(?:using|through|with|by|at|here)\b", r"the\s+online\b",
    r"our\s+online\b")]


def _search(text: str) -> re.Match[str] | None:
    if text.isascii():
        lower = text.lower()
        if not any(clue.search(lower) for clue in _CLUES):
            return None
    return _PROMISE.search(text)


def promise_in(content: str, hrefs: Iterable[str]) -> str | None:
    """The words promising a form or payment in one paragraph or list item (its Markdown
    ``content``), unless one of the ``hrefs`` it links to is one."""
    found = _search(content)
    if found is None:
        return None
    # A link to one of our forms, or to another organisation's service, keeps the promise.
    if any(href.startswith(("/forms/", "/submit/", "https://", "http://")) for href in hrefs):
        return None
    return found.group(0)


def may_promise(text: str) -> bool:
    """False when no part of ``text`` (a whole body, say) can hold a promise: the quick test that
    lets a body's paragraphs go unsearched."""
    return _search(text) is not None


def check_promises(pages: Iterable[Any], forms_for: Any, problems: Problems) -> None:
    """Warn about each promise on a page that has no online form (``forms_for(page)`` is empty)."""
    for page in pages:
        promises = getattr(page, "promises", None) or []
        if not promises or forms_for(page):
            continue
        for line, words in promises:
            problems.warning(page.source_file, line, f"'{words}' promises an online form or payment, "
                             "but this page has none; link to the form (/forms/...), add 'form:' to "
                             "the front matter, or say how to do it instead (phone, email or visit)")
