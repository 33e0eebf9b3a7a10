"""What residents may see of a case: its status, dates and public history, never internal notes.

In the language of the page (``portal.wording``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from backend.cases.statuses import label
from backend.cases.tracked import TrackedReport, TrackedUpdate
from backend.performance.definitions import is_overdue
from backend.storage.models import Report, ReportUpdate
from portal.wording import gettext as _

__all__ = ["Entry", "is_overdue", "public_timeline"]  # is_overdue: defined once, in performance


@dataclass(frozen=True)
class Entry:
    when: dt.datetime
    heading: str
    text: str | None
    by_resident: bool


def public_timeline(report: Report | TrackedReport, *, include_resident: bool) -> list[Entry]:
    """The history a resident sees, oldest first. The anonymous tracking page leaves out what
    residents wrote themselves, which may hold personal details."""
    entries = [Entry(report.created_at, _("Received"), None, False)]
    for update in report.updates:
        if update.visibility != "public" or (update.author == "resident" and not include_resident):
            continue
        entries.append(Entry(update.created_at, _heading(update), update.text, update.author == "resident"))
    return entries


def _heading(update: ReportUpdate | TrackedUpdate) -> str:
    if update.author == "resident":
        return _("You added")
    if update.status:
        return _("Status changed to: %(status)s") % {"status": _(label(update.status))}
    return _("Update from the council")
