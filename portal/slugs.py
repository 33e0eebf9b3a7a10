"""Slugs: the lowercase-words-joined-by-hyphens names in addresses (forms, services, choices)."""

from __future__ import annotations

import re

SLUG_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_SLUG = re.compile(SLUG_PATTERN)


def is_slug(value: str) -> bool:
    """Whether ``value`` is already a slug, like 'report-a-pothole'."""
    return _SLUG.fullmatch(value) is not None


def slugify(value: str) -> str:
    """The slug a text would have: 'Report a Pothole!' becomes 'report-a-pothole' ('' if no letters)."""
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
