"""The states a case can be in, each open or closed: the one place they are defined."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Status:
    key: str
    label: str
    is_open: bool
    # Its name in Open311 updates (mySociety's extended statuses, as FixMyStreet reads them).
    open311: str


STATUSES: dict[str, Status] = {s.key: s for s in (
    Status("received", "Received", True, "open"),
    Status("in-progress", "In progress", True, "in_progress"),
    Status("scheduled", "Scheduled", True, "action_scheduled"),
    Status("resolved", "Resolved", False, "fixed"),
    Status("closed-not-fixed", "Closed, not fixed", False, "no_further_action"),
    Status("duplicate", "Duplicate", False, "duplicate"),
    Status("passed-on", "Passed to another organisation", False, "not_councils_responsibility"),
)}
OPEN = frozenset(k for k, s in STATUSES.items() if s.is_open)


def label(key: str) -> str:
    return STATUSES[key].label if key in STATUSES else key
