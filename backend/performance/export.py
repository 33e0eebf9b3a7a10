"""The CSV downloads: the figures on screen, and the cases behind them, one row per case.

The cases file is for committee papers, so it holds no names, emails, phone numbers, postcodes or
answers: only what the columns below say. It is written as the database hands rows over, a
batch at a time, so memory stays flat at any size.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
from collections.abc import Collection, Iterable, Iterator

from sqlalchemy import case
from sqlalchemy.orm import Session

from backend.cases.statuses import label
from backend.performance import definitions as d
from backend.performance.calendar import prepare, working_days
from backend.performance.figures import Figures, channel_name
from backend.performance.period import Period
from backend.performance.present import all_tables, notes, scope_label
from backend.performance.scope import cases_received
from backend.storage.models import Report
from portal.timezone import LONDON

CASE_COLUMNS = ("Reference", "Form", "Department", "Channel", "Received", "First response", "Closed", "Status",
                "Due date", "Within target", "Working days to first response")
BATCH = 5000
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: object) -> object:
    # A spreadsheet would run a cell starting like a formula; a leading apostrophe keeps it text.
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_STARTS) else value


def csv_lines(rows: Iterable[Iterable[object]], *, guarded: bool = False) -> Iterator[str]:
    """CSV text, a chunk of lines at a time (``guarded``: the rows' text is already made safe)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for count, row in enumerate(rows, 1):
        writer.writerow(row if guarded else [_safe(v) for v in row])
        if count % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def figures_rows(f: Figures) -> Iterator[tuple[object, ...]]:
    yield ("Performance report", scope_label(f), f.period.label)
    for note in notes(f):
        yield (note,)
    for table in all_tables(f):
        yield ()
        yield (table.title,)
        yield table.headers
        yield from table.rows


@functools.lru_cache(maxsize=4096)
def _london_offset(year: int, month: int, day: int, hour: int) -> dt.timedelta:
    return dt.datetime(year, month, day, hour, tzinfo=dt.UTC).astimezone(LONDON).utcoffset()


def _local(moment: dt.datetime | None) -> str:
    """'2026-08-25 10:00' in London, for a stored time; the zone's offset is looked up once an hour
    of the calendar, not worked out again for each of a million rows."""
    if moment is None:
        return ""
    offset = moment.utcoffset()
    utc = moment.replace(tzinfo=None) - offset if offset else moment.replace(tzinfo=None)
    return (utc + _london_offset(utc.year, utc.month, utc.day, utc.hour)).isoformat(" ", "minutes")


def case_rows(session: Session, period: Period, department: str | None, holidays: Collection[dt.date],
              today: dt.date) -> Iterator[tuple[object, ...]]:
    """The header, then one row per case received in the period, oldest first, streamed."""
    dialect = session.get_bind().dialect.name
    window = (period.start, max(today, period.end))
    verdict = case((d.within_target_clause(), "yes"), (d.missed_target_clause(today), "no"), else_="not yet due")
    query = (cases_received(period, department, Report.reference, Report.form_title, Report.channel,
                            Report.created_at, Report.first_response_at, Report.closed_at, Report.status,
                            Report.due_date, verdict.label("verdict"),
                            working_days(dialect, Report.received_on, Report.first_response_on, holidays, window)
                            .label("days"))
             .order_by(Report.received_on, Report.id))
    yield CASE_COLUMNS
    prepare(session)
    texts: dict[object, object] = {}  # titles, departments, channels and statuses: few, so made safe once
    result = session.execute(query.execution_options(yield_per=BATCH))
    for dept, ref, title, channel, created, answered_at, closed, status, due, verdict, days in result:
        yield (ref, texts.get(title) or texts.setdefault(title, _safe(title)),
               texts.get(dept) or texts.setdefault(dept, _safe(dept)),
               texts.get(("c", channel)) or texts.setdefault(("c", channel), _safe(channel_name(channel))),
               _local(created), _local(answered_at), _local(closed),
               texts.get(("s", status)) or texts.setdefault(("s", status), _safe(label(status))),
               due.isoformat() if isinstance(due, dt.date) else due, verdict, "" if days is None else days)
