"""A report as the tracking page reads it: the report and its history in one statement, as driver
rows, without the ORM session.

The tracking page is the backend's most read page and it only reads: loading ORM objects into a
session cost more than the rest of the request put together. The columns are converted by the
model's own column types (SQLAlchemy's result processors for the dialect), so a value reads the
same as through ``Report``; the page's helpers (``answer_rows``, ``public_timeline``,
``is_overdue``, ``matches``) take these objects as they take a ``Report``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Connection, Dialect

from backend.storage.models import Report, ReportUpdate


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
_KEYS = {"id": "report.id", "reference": "report.reference"}
_made: dict[tuple[str, str], tuple[str, list[Callable[[Any], Any] | None]]] = {}


def _statement(dialect: Dialect, key: str) -> tuple[str, list[Callable[[Any], Any] | None]]:
    """The SQL (in the driver's parameter style) and each column's converter, made once per dialect."""
    made = _made.get((dialect.name, key))
    if made is None:
        columns = ", ".join([f"report.{c.name}" for c in _REPORT] + [f"report_update.{c.name}" for c in _UPDATE])
        marker = "?" if dialect.paramstyle == "qmark" else "%s"
        sql = (f"SELECT {columns} FROM report LEFT OUTER JOIN report_update "
               f"ON report_update.report_id = report.id AND report_update.visibility = 'public' "
               f"WHERE {_KEYS[key]} = {marker} ORDER BY report_update.id")
        converters = [c.type.dialect_impl(dialect).result_processor(dialect, None) for c in (*_REPORT, *_UPDATE)]
        made = _made[(dialect.name, key)] = (sql, converters)
    return made


def read_tracked(connection: Connection, key: str, value: int | str) -> TrackedReport | None:
    """The report whose ``key`` ("id" or "reference") is ``value``, with its public history, oldest
    first (internal notes are never read); None if there is none."""
    sql, converters = _statement(connection.dialect, key)
    rows = connection.exec_driver_sql(sql, (value,)).fetchall()
    if not rows:
        return None
    converted = [[convert(v) if convert and v is not None else v for convert, v in zip(converters, row, strict=True)]
                 for row in rows]
    first = converted[0]
    width = len(_REPORT)
    report = TrackedReport(*first[:width])
    report.updates.extend(TrackedUpdate(*row[width:]) for row in converted if row[width] is not None)
    return report
