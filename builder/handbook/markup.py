"""Small pieces of Markdown and HTML the handbook's page writer needs, in one place.

Editors' text is escaped before it goes into Markdown; the public pages' HTML (rendered by the
public build's own Markdown renderer) has its headings moved down a level, to sit under the
handbook's own, and its links to the public site's pages pointed at the handbook's copies.
"""

from __future__ import annotations

import html
import re

# Python-Markdown's backslash escapes, plus '|' (tables) ; '<' and '&' become entities.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")
_HEADING = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)
_HREF = re.compile(r'(\s(?:href|src))="(/[^"]*)"')
RECORD_REPORT_URL = "/staff/cases/new/{slug}"
"""The backend's "record a phone or face-to-face report" page for a form (``backend.staff``)."""


def md(text: str) -> str:
    """``text`` as literal Markdown text: nothing in it becomes a link, emphasis or HTML."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))


def demote_headings(fragment: str, levels: int) -> str:
    """Move every heading in an HTML fragment ``levels`` down (h2 -> h3), never past h6."""
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + levels)}", fragment)


def handbook_path(public_path: str, *, services: set[str], forms: set[str], categories: set[str]) -> str | None:
    """The handbook page (relative to its root, as built) for a public address, or None.

    ``/services/x/`` -> ``services/x/``; forms, categories and the A–Z likewise. Other public
    pages have no copy in the handbook.
    """
    target, _, anchor = public_path.partition("#")
    parts = [p for p in target.split("/") if p]
    found = None
    if parts == ["a-to-z"]:
        found = "a-to-z/"
    elif len(parts) == 2 and parts[0] == "services" and parts[1] in services:
        found = f"services/{parts[1]}/"
    elif len(parts) == 2 and parts[0] == "forms" and parts[1] in forms:
        found = f"forms/{parts[1]}/"
    elif len(parts) == 2 and parts[0] == "category" and parts[1] in categories:
        found = f"categories/{parts[1]}/"
    if found is None:
        return None
    return found + (f"#{anchor}" if anchor else "")


def point_links_at_handbook(fragment: str, depth: int, **known: set[str]) -> str:
    """Rewrite root-relative links in HTML to the handbook's own pages where it has them.

    ``depth`` is how many folders deep the page is built (``services/x/index.html`` is 2), so
    links stay relative and work wherever the handbook is served. Other root-relative links
    (pages only on the public site, images) are left as they are: they open the public site.
    """
    up = "../" * depth

    def replace(match: re.Match[str]) -> str:
        attr, href = match.group(1), html.unescape(match.group(2))
        inside = handbook_path(href, **known) if attr.strip() == "href" else None
        return f'{attr}="{html.escape(up + inside)}"' if inside is not None else match.group(0)

    return _HREF.sub(replace, fragment)
