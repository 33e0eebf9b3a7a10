"""Updates other systems send about a case (``POST servicerequestupdates``, or fetched by
``open311 pull-updates``): applied once each, and told to the resident as a staff update is."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from backend.cases.reports import tell_resident
from backend.open311.formats import Open311Error
from backend.open311.states import from_open311, known_values
from backend.storage.db import db
from backend.storage.models import ExternalUpdate, Report, ReportUpdate
from portal.text import clean, multi_line

NOTE = multi_line(5000)  # the same limit as an officer's update to the resident


def clean_text(text: str | None) -> str | None:
    """A note to show the resident, or None; Open311Error if it could not be shown safely."""
    cleaned, problem = clean(text, NOTE)
    if problem:
        raise Open311Error(400, f"description {problem}")
    return cleaned or None


def apply_update(report: Report, *, source: str, update_id: str, status: str | None,
                 text: str | None) -> ReportUpdate | None:
    """Apply another system's update to a case, in the caller's transaction; the caller commits.

    Returns the new history entry, or None when the update was applied before or changes nothing."""
    new_status = from_open311(status, report.status) if status else None
    if status and new_status is None:
        raise Open311Error(400, f"status '{status[:40]}' is not one we know; use one of: {', '.join(known_values())}")
    text = clean_text(text)
    external = ExternalUpdate(source=source[:500], update_id=update_id[:100], report_id=report.id)
    try:
        with db.session.begin_nested():  # the unique (source, update_id) makes a repeat a no-op
            db.session.add(external)
    except IntegrityError:
        return None
    changed = new_status is not None and new_status != report.status
    if not changed and not text:
        return None
    update = ReportUpdate(report=report, visibility="public", author="system",
                          status=new_status if changed else None, text=text)
    if changed:
        report.status = new_status
    db.session.add(update)
    db.session.flush()
    external.report_update_id = update.id
    tell_resident(report, text)
    return update
