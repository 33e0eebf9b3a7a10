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

from markdown_it.token import Token

from portal.errors import Problems

_PROMISE = re.compile(
    r"\b(?:[\w-]+\s+)?form\s+on\s+this\s+page\b"
    r"|\b(?:pay|apply|book|order|subscribe|renew|claim|report)\s+online\s+(?:using|through|with|by|at|here)\b"
    r"|\buse\s+(?:the|our)\s+online\s+(?:[\w-]+\s+){0,3}?form\b",
    re.IGNORECASE,
)


def promise_in(inline: Token) -> str | None:
    """The words promising a form or payment in one paragraph or list item, unless it links to one."""
    found = _PROMISE.search(inline.content)
    if found is None:
        return None
    for child in inline.children or []:
        href = str(child.attrs.get("href", "")) if child.type == "link_open" else ""
        # A link to one of our forms, or to another organisation's service, keeps the promise.
        if href.startswith(("/forms/", "/submit/", "https://", "http://")):
            return None
    return found.group(0)


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
