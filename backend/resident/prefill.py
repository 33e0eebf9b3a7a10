"""Answers a link to a form may fill in: the footer's "Report a problem with this page" link
passes the page's address as ``?page_address=``, so residents need not copy it.

Only an address on this site is taken, as the site's base address plus the path (no query or
fragment, which might hold a token); anything else is ignored and the question is left empty.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from portal.text import clean_or_empty, single_line

PAGE_ADDRESS = "page_address"
_ADDRESS = single_line(500)


def same_site_address(value: str | None, base_url: str, *also: str) -> str | None:
    """``base_url`` + the path of ``value`` when it is a path or an address on this site (or on one
    of ``also``, such as the backend's own public address); None otherwise."""
    text = clean_or_empty(value, _ADDRESS)
    if not text or "\\" in text:
        return None
    parts = urlsplit(text)
    if parts.scheme or parts.netloc:
        hosts = {urlsplit(u).netloc.lower() for u in (base_url, *also) if u}
        if parts.scheme not in ("http", "https") or parts.netloc.lower() not in hosts:
            return None
    elif not text.startswith("/") or text.startswith("//"):
        return None
    path = parts.path or "/"
    return clean_or_empty(base_url.rstrip("/") + path, _ADDRESS) or None


def prefilled(field_names: set[str], args: Mapping[str, str], base_url: str, public_url: str) -> dict[str, str]:
    """The answers the link's query parameters fill in, for the questions the form asks."""
    answers: dict[str, str] = {}
    if PAGE_ADDRESS in field_names:
        address = same_site_address(args.get(PAGE_ADDRESS), base_url, public_url)
        if address:
            answers[PAGE_ADDRESS] = address
    return answers
