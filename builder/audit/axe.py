"""axe-core: where its script comes from, how it is run, and how its rules are classed.

The script is the ``axe.min.js`` bundled in the pinned ``axe-playwright-python`` wheel, so it
is installed with the project and nothing is fetched at run time.  Rules tagged with a WCAG
2.0/2.1/2.2 A or AA tag are violations; best-practice rules are warnings, except the few this
project treats as failures (``PROMOTED``).  axe's experimental rules that hold on real pages run
too (``EXPERIMENTAL``), and its "needs review" results are decided rule by rule (``REVIEW``).
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
PROMOTED: dict[str, tuple[str, ...]] = {
    "duplicate-id": ("4.1.1",),
    "duplicate-id-active": ("4.1.1",),
    "heading-order": ("1.3.1",),
    # A heading with no text is announced as "heading" and nothing else, and lists as an empty
    # entry in a screen reader's headings list.
    "empty-heading": ("1.3.1", "2.4.6"),
}

# Experimental rules (off by default in axe) that gave no false alarm on the sample site, the
# backend's pages or the passing fixtures; each is a violation or warning by its tags as usual.
EXPERIMENTAL = (
    "td-has-header",               # 1.3.1: a cell of a large data table with no header
    "table-fake-caption",          # 1.3.1: a first row spanning the table, used as its caption
    "p-as-heading",                # 1.3.1: bold or large paragraphs styled to look like headings
    "label-content-name-mismatch", # 2.5.3: a visible label that is not part of the accessible name
    "focus-order-semantics",       # best practice: a focusable element with no interactive role
)

FAIL, WARN, DROP = "fail", "warn", "drop"

# axe's "needs review" (incomplete) results: axe could not decide, so we do.  Rules not listed
# here are warnings.  Each decision says why.
REVIEW: dict[str, tuple[str, str]] = {
    "th-has-data-cells": (FAIL, "a header cell that heads no data cell is never announced usefully; axe asks "
                                "only because the table may be a layout table, which this site does not use"),
    "video-caption": (FAIL, "axe asks because captions may be burned into the picture; council videos must "
                            "have a captions track that people can switch on"),
    "form-field-multiple-labels": (FAIL, "two labels for one field are read differently by each screen "
                                         "reader, or not at all"),
    "duplicate-id-aria": (FAIL, "an id that labels or describes something and is not unique points "
                                "assistive technology at the wrong element"),
    "aria-hidden-focus": (FAIL, "a focusable element hidden from screen readers is reached by Tab and "
                                "announced as nothing"),
    "empty-heading": (FAIL, "axe asks when the heading's text is hidden; hidden from everyone is still empty"),
    "color-contrast": (WARN, "text over a picture, a gradient or a pseudo-element: axe cannot see the "
                             "background, so a person must look"),
    "link-in-text-block": (DROP, "the audit's own link-distinguishable check decides this, using the "
                                 "hover and focus styles axe does not look at"),
    "css-orientation-lock": (DROP, "raised when axe cannot read a stylesheet; says nothing about the page"),
    "frame-tested": (WARN, "a frame axe could not look inside: its content needs checking on its own"),
}

RUN_OPTIONS: dict = {
    "runOnly": {"type": "tag", "values": [*WCAG_TAGS, *WARNING_TAGS]},
    "rules": {rule: {"enabled": True} for rule in (*PROMOTED, *EXPERIMENTAL)},
    "resultTypes": ["violations", "incomplete"],
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
        found.extend(PROMOTED[rule_id])
    return found


def is_violation(rule_id: str, tags: list[str]) -> bool:
    """True for WCAG A/AA rules and promoted rules; False for best-practice warnings."""
    return rule_id in PROMOTED or any(tag in WCAG_TAGS for tag in tags)


def review_level(rule_id: str) -> str | None:
    """What a "needs review" result of ``rule_id`` is: "violation", "warning" or None (dropped)."""
    decision = REVIEW.get(rule_id, (WARN, ""))[0]
    return {FAIL: "violation", WARN: "warning"}.get(decision)
