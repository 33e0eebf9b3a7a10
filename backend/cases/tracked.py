"""A report as the tracking page reads it: the report and its history in one statement, as driver
rows, without the ORM session.

The tracking page is the backend's most read page and it only reads: loading ORM objects into a
session cost more than the rest of the request put together (``backend.storage.rows``). The page's
helpers (``answer_rows``, ``public_timeline``, ``is_overdue``, ``matches``) take these objects as
they take a ``Report``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Connection

from backend.storage.models import Report, ReportUpdate
from backend.storage.rows import fetch


@dataclass(frozen=True)
class TrackedUpdate:
    created_at: dt.datetime
    visibility: str
    author: str
    status: str | None
    text: str | None


@dataclass(frozen=True)
class TrackedReport:
    """What the tracking page shows of a report, and the details it can be tracked with. It has no
    photos: the tracking page shows none (``answers.shown_to``)."""

    id: int
    reference: str
    form_slug: str
    form_title: str
    status: str
    answers: dict[str, Any]
    created_at: dt.datetime
    due_date: dt.date
    email: str | None
    phone: str | None
    postcode: str | None
    updates: list[TrackedUpdate] = field(default_factory=list)


_REPORT = [Report.__table__.c[name] for name in (
    "id", "reference", "form_slug", "form_title", "status", "answers", "created_at", "due_date",
    "email", "phone", "postcode")]
_UPDATE = [ReportUpdate.__table__.c[name] for name in ("created_at", "visibility", "author", "status", "text")]
_SELECT = (f"SELECT {', '.join([f'report.{c.name}' for c in _REPORT] + [f'report_update.{c.name}' for c in _UPDATE])} "
           "FROM report LEFT OUTER JOIN report_update "
           "ON report_update.report_id = report.id AND report_update.visibility = 'public' "
           "WHERE {key} = ? ORDER BY report_update.id")
_BY = {"id": _SELECT.format(key="report.id"), "reference": _SELECT.format(key="report.reference")}


def read_tracked(connection: Connection, key: str, value: int | str) -> TrackedReport | None:
    """The report whose ``key`` ("id" or "reference") is ``value``, with its public history, oldest
    first (internal notes are never read); None if there is none."""
    rows = fetch(connection, _BY[key], [*_REPORT, *_UPDATE], value)
    if not rows:
        return None
    width = len(_REPORT)
    report = TrackedReport(*rows[0][:width])
    report.updates.extend(TrackedUpdate(*row[width:]) for row in rows if row[width] is not None)
    return report
