"""The states a case can be in, each open or closed: the one place they are defined."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Status:
    key: str
    label: str
    is_open: bool


STATUSES: dict[str, Status] = {s.key: s for s in (
    Status("received", "Received", True),
    Status("in-progress", "In progress", True),
    Status("scheduled", "Scheduled", True),
    Status("resolved", "Resolved", False),
    Status("closed-not-fixed", "Closed, not fixed", False),
    Status("duplicate", "Duplicate", False),
    Status("passed-on", "Passed to another organisation", False),
)}
OPEN = frozenset(k for k, s in STATUSES.items() if s.is_open)


def label(key: str) -> str:
    return STATUSES[key].label if key in STATUSES else key
