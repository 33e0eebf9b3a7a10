"""Pages that reload or redirect themselves with ``<meta http-equiv="refresh">``.

Loading such a page in the browser would leave it while it is being checked ("Execution
context was destroyed").  The audit takes the tag out, checks the page as it is, and reports
the redirect: a failure of WCAG 2.2.1 when it waits first (people lose their place while
reading), a warning when it goes at once (a "page moved" stub) or after 20 hours or more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_EQUIV = re.compile(r"""http-equiv\s*=\s*["']?\s*refresh\b""", re.IGNORECASE)
_CONTENT = re.compile(r"""content\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_DELAY = re.compile(r"""^\s*(\d+(?:\.\d*)?)\s*(?:[;,]\s*(?:url\s*=\s*)?["']?([^"']*)["']?)?""", re.IGNORECASE)
TWENTY_HOURS = 20 * 3600  # WCAG 2.2.1's exception


@dataclass(frozen=True)
class Refresh:
    delay: float
    target: str   # "" when the page reloads itself
    tag: str      # the <meta> tag as written

    @property
    def fails(self) -> bool:
        return 0 < self.delay < TWENTY_HOURS

    def summary(self) -> str:
        where = f"to {self.target}" if self.target else "itself (reloads)"
        if self.fails:
            return (f"This page redirects {where} after {self.delay:g} seconds, before some people have finished "
                    "reading it and without a way to stop it. Link to the new page instead, or redirect at once "
                    "on the server.")
        return (f"This page redirects {where}" + (" at once" if self.delay == 0 else f" after {self.delay:g} s") +
                "; the audit checked the page itself. A redirect on the server is better.")


def find_refresh(html: str) -> Refresh | None:
    """The page's meta refresh, if it has one that says when (``content="5; url=..."``)."""
    for tag in _META.findall(html[:50000]):
        if not _EQUIV.search(tag):
            continue
        content = _CONTENT.search(tag)
        value = next((g for g in content.groups() if g is not None), "") if content else ""
        match = _DELAY.match(value)
        if match:
            return Refresh(delay=float(match.group(1)), target=(match.group(2) or "").strip(), tag=tag)
    return None


def without_refresh(html: str, refresh: Refresh) -> str:
    """The page's HTML with its meta refresh tag taken out."""
    return html.replace(refresh.tag, "", 1)
