"""axe-core: where its script comes from, how it is run, and how its rules are classed.

The script is the ``axe.min.js`` bundled in the pinned ``axe-playwright-python`` wheel, so it
is installed with the project and nothing is fetched at run time.  Rules tagged with a WCAG
2.0/2.1/2.2 A or AA tag are violations; best-practice rules are warnings, except the few this
project treats as failures (``PROMOTED``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
WARNING_TAGS = ("best-practice",)

# Best-practice or obsolete rules that still break pages for people, so they fail the build:
# a duplicate id breaks in-page links, labels and ARIA references; a skipped heading level
# breaks navigation by headings.  Criterion shown in reports for each.
PROMOTED: dict[str, str] = {
    "duplicate-id": "4.1.1",
    "duplicate-id-active": "4.1.1",
    "heading-order": "1.3.1",
}

RUN_OPTIONS: dict = {
    "runOnly": {"type": "tag", "values": [*WCAG_TAGS, *WARNING_TAGS]},
    "rules": {rule: {"enabled": True} for rule in PROMOTED},
    "resultTypes": ["violations"],
    "elementRef": True,
}

_CRITERION = re.compile(r"^wcag(\d)(\d)(\d+)$")


@lru_cache(maxsize=1)
def axe_source() -> str:
    """The text of axe.min.js from the installed axe-playwright-python package."""
    return resources.files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def axe_version() -> str:
    """axe-core's version, read from the banner of the bundled script (e.g. "4.12.1")."""
    match = re.search(r"axe v(\d+\.\d+\.\d+)", axe_source()[:200])
    return match.group(1) if match else "unknown"


def criteria(rule_id: str, tags: list[str]) -> list[str]:
    """WCAG success criteria named by an axe rule's tags, e.g. ["1.4.3"]."""
    found = []
    for tag in tags:
        match = _CRITERION.match(tag)
        if match:
            found.append(".".join(match.groups()))
    if not found and rule_id in PROMOTED:
        found.append(PROMOTED[rule_id])
    return found


def is_violation(rule_id: str, tags: list[str]) -> bool:
    """True for WCAG A/AA rules and promoted rules; False for best-practice warnings."""
    return rule_id in PROMOTED or any(tag in WCAG_TAGS for tag in tags)
