"""What "first response", "closed" and "overdue" mean: defined here once, for the reports, the
queue's overdue filter and the case page alike.

- **First response**: the first update by staff that the resident sees: a public reply or a change
  of status. Internal notes, reassignments and the resident's own additions are not responses.
- **Closed**: the case's status is a closed one (``backend.statuses``); it was closed when it last
  moved to a closed status. A case reopened since is open again, and has no closing time.
- **Overdue**: open, and past its due date (the form's ``target_days`` working days after it came in).
- **Within target**: first responded to on or before its due date.

Each case carries these moments as columns (``Report.first_response_at`` and friends), kept up to
date here as sessions flush, whatever code wrote the update: so reports add them up in SQL, at any
size, without reading case histories.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, case, event
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from backend.cases.statuses import OPEN
from backend.cases.tracked import TrackedReport
from backend.storage.models import Report, ReportUpdate, as_utc, utcnow
from portal.timezone import LONDON


def london_date(moment: dt.datetime) -> dt.date:
    """The calendar day in the council's time zone: what a working-day count starts from."""
    return as_utc(moment).astimezone(LONDON).date()


def today() -> dt.date:
    return dt.datetime.now(LONDON).date()


def is_response(update: ReportUpdate) -> bool:
    return update.author == "staff" and (update.visibility == "public" or update.status is not None)


def is_open(status: str) -> bool:
    return status in OPEN


def is_overdue(report: Report | TrackedReport, on: dt.date | None = None) -> bool:
    return is_open(report.status) and report.due_date < (on or today())


def open_clause() -> ColumnElement[bool]:
    return Report.status.in_(sorted(OPEN))


def overdue_clause(on: dt.date) -> ColumnElement[bool]:
    """SQL for :func:`is_overdue`, for the queue's filter and the reports."""
    return and_(open_clause(), Report.due_date < on)


def within_target_clause() -> ColumnElement[bool]:
    return and_(Report.first_response_on.is_not(None), Report.first_response_on <= Report.due_date)


def missed_target_clause(on: dt.date) -> ColumnElement[bool]:
    """Responded late, or not yet responded to and already past the due date."""
    return (Report.first_response_on > Report.due_date) | (
        Report.first_response_on.is_(None) & (Report.due_date < on))


def target_verdict(on: dt.date) -> ColumnElement[str]:
    """SQL for "Within target" as the cases CSV says it: yes, no, or not yet due."""
    return case((within_target_clause(), "yes"), (missed_target_clause(on), "no"), else_="not yet due")


# --- Keeping the columns up to date ---------------------------------------------------------------

def _note_report(report: Report) -> None:
    if report.created_at is None:
        report.created_at = utcnow()
    if report.received_on is None:
        report.received_on = london_date(report.created_at)
    if report.received_department is None:
        report.received_department = report.department
    if is_open(report.status or "received"):
        report.closed_at = report.closed_on = None
    elif report.closed_at is None:  # closed without an update saying when (an import, say): now
        report.closed_at = utcnow()
        report.closed_on = london_date(report.closed_at)


def _note_update(update: ReportUpdate) -> None:
    report = update.report
    if report is None:
        return
    if update.created_at is None:
        update.created_at = utcnow()
    if update.department:
        report.reassigned_at = update.created_at
    if is_response(update) and (report.first_response_at is None
                                or as_utc(update.created_at) < as_utc(report.first_response_at)):
        report.first_response_at = update.created_at
        report.first_response_on = london_date(update.created_at)
    if update.status is not None:
        if is_open(update.status):
            report.closed_at = report.closed_on = None
        else:
            report.closed_at = update.created_at
            report.closed_on = london_date(update.created_at)


@event.listens_for(Session, "before_flush")
def _keep_case_moments(session: Session, _context: Any, _instances: Any) -> None:
    for obj in list(session.new):
        if isinstance(obj, ReportUpdate):
            _note_update(obj)
    for obj in [*session.new, *session.dirty]:
        if isinstance(obj, Report):
            _note_report(obj)
