"""The states a case can be in, each open or closed: the one place they are defined."""

from __future__ import annotations

from dataclasses import dataclass

from portal.wording import N_


@dataclass(frozen=True)
class Status:
    key: str
    label: str  # in English; residents' pages and emails show it in their language (backend/locale)
    is_open: bool
    # Its name in Open311 updates (mySociety's extended statuses, as FixMyStreet reads them).
    open311: str


STATUSES: dict[str, Status] = {s.key: s for s in (
    Status("received", N_("Received"), True, "open"),
    Status("in-progress", N_("In progress"), True, "in_progress"),
    Status("scheduled", N_("Scheduled"), True, "action_scheduled"),
    Status("resolved", N_("Resolved"), False, "fixed"),
    Status("closed-not-fixed", N_("Closed, not fixed"), False, "no_further_action"),
    Status("duplicate", N_("Duplicate"), False, "duplicate"),
    Status("passed-on", N_("Passed to another organisation"), False, "not_councils_responsibility"),
)}
OPEN = frozenset(k for k, s in STATUSES.items() if s.is_open)


def label(key: str) -> str:
    return STATUSES[key].label if key in STATUSES else key
