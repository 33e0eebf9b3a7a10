"""Case statuses in Open311's words, both ways, from the one list in ``backend.cases.statuses``.

Requests say only ``open`` or ``closed``; updates use mySociety's extended values, each status's
``open311`` name. Values other systems send (their own extended vocabulary) are read back here.
"""

from __future__ import annotations

from backend.cases.statuses import STATUSES

_FROM_OPEN311 = {s.open311: s.key for s in STATUSES.values()}
# Extended values FixMyStreet and back-office systems use that have no status of their own here.
_ALIASES = {"investigating": "in-progress", "unable_to_fix": "closed-not-fixed", "wont_fix": "closed-not-fixed",
            "internal_referral": "passed-on", "not_responsible": "passed-on"}


def request_status(key: str) -> str:
    """``open`` or ``closed``, as GeoReport v2 requests say."""
    return "open" if key not in STATUSES or STATUSES[key].is_open else "closed"


def update_status(key: str) -> str:
    """The extended value for an update."""
    return STATUSES[key].open311 if key in STATUSES else "open"


def from_open311(value: str, current: str) -> str | None:
    """Our status for a value another system sent (any case); None if we do not know it.

    Plain ``open`` or ``closed`` keep a status that already says so, rather than flatten it."""
    value = value.strip().lower().replace(" ", "_")
    if value == "closed":
        return current if request_status(current) == "closed" else "resolved"
    if value == "open":
        return current if request_status(current) == "open" else "received"
    return _FROM_OPEN311.get(value) or _ALIASES.get(value)


def known_values() -> list[str]:
    """Every value ``from_open311`` reads, for error messages and the API document."""
    return sorted({"open", "closed", *_FROM_OPEN311, *_ALIASES})
