"""The cases CSV written by PostgreSQL itself: each row comes back as its finished line of CSV.

At a million cases, Python turning each row's times into London times and quoting its texts was
the whole cost of the download. On PostgreSQL the database does that work in C (each time
``AT TIME ZONE`` London as ISO text; the formula guard and CSV quoting as string functions), and
Python only joins batches of lines from a server-side cursor: memory stays flat at any size.

The lines are byte for byte what ``export.case_rows`` and ``csvtext.csv_lines`` write on SQLite
(the csv module's minimal quoting, ``\\r\\n`` line ends): ``tests/test_backend_performance_export``
holds the two databases' files for the same cases side by side.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator, Mapping

from sqlalchemy import Select, String, case, cast, func, literal, literal_column, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from backend.cases.reports import CHANNELS
from backend.cases.statuses import STATUSES
from backend.performance import definitions as d
from backend.performance.calendar import prepare, working_days
from backend.performance.csvtext import FORMULA_STARTS, cell
from backend.performance.period import Period
from backend.performance.scope import cases_received
from backend.storage.models import Report
from portal.timezone import TIME_ZONE

BATCH = 20000  # lines fetched from the server-side cursor, and sent on, at a time


def _guarded(text: ColumnElement[str]) -> ColumnElement[str]:
    """A leading apostrophe for a text a spreadsheet would run as a formula, as ``csvtext.safe``."""
    return case((func.left(text, 1).in_(FORMULA_STARTS), literal("'", String).concat(text)), else_=text)


def _quoted(text: ColumnElement[str]) -> ColumnElement[str]:
    """The csv module's minimal quoting: in double quotes, doubled inside, only when the text holds
    a comma, a double quote or a line break."""
    needs = func.strpos(text, ",") + func.strpos(text, '"') + func.strpos(text, "\r") + func.strpos(text, "\n")
    return case((needs > 0, func.concat('"', func.replace(text, '"', '""'), '"')), else_=text)


def _cell(text: ColumnElement[str]) -> ColumnElement[str]:
    return _quoted(_guarded(text))


def _cells_by_key(column: ColumnElement[str], names: Mapping[str, str],
                  otherwise: ColumnElement[str]) -> ColumnElement[str]:
    """The finished cell for each known key, quoted once here by the csv module itself; an
    unknown key's name is made a cell in SQL."""
    finished = {key: cell(name) for key, name in names.items()}
    return case(*((column == key, cell) for key, cell in finished.items()), else_=_cell(otherwise))


def _channel_cell(column: ColumnElement[str]) -> ColumnElement[str]:
    """``figures.channel_name`` as a cell: a channel no name was given for reads "API", "Post box"."""
    spaced = func.replace(column, "-", " ")
    unnamed = case((func.length(column) <= 3, func.upper(column)),
                   else_=func.concat(func.upper(func.left(spaced, 1)), func.lower(func.substr(spaced, 2))))
    return _cells_by_key(column, CHANNELS, unnamed)


def _london(moment: ColumnElement[dt.datetime]) -> ColumnElement[str]:
    """'2026-08-25 10:00' in London (``prepare`` sets ISO dates: the text of a time starts so)."""
    local = func.timezone(literal_column(f"'{TIME_ZONE}'"), moment)  # a constant of the code, not input
    return func.coalesce(func.left(cast(local, String), 16), "")


def case_lines(session: Session, period: Period, department: str | None, holidays: Collection[dt.date],
               today: dt.date) -> Iterator[str]:
    """The cases CSV's rows after its header, as text, a batch of lines at a time (PostgreSQL only)."""
    prepare(session)
    compiled = lines_query(period, department, holidays, today).compile(
        dialect=session.get_bind().dialect, compile_kwargs={"render_postcompile": True})
    raw = session.connection().connection.driver_connection
    with raw.cursor(name="performance_cases_csv") as cursor:  # server-side: BATCH lines in memory at most
        cursor.itersize = BATCH
        cursor.execute(str(compiled), compiled.params)
        while batch := cursor.fetchmany(BATCH):
            yield "".join([row[0] for row in batch])


def lines_query(period: Period, department: str | None, holidays: Collection[dt.date], today: dt.date) -> Select:
    """SELECT one finished CSV line (with its line end) per case, oldest first."""
    window = (period.start, max(today, period.end))
    days = working_days("postgresql", Report.received_on, Report.first_response_on, holidays, window)
    statuses = {k: s.label for k, s in STATUSES.items()}
    # Each case's texts are worked out once, in a subquery kept apart (OFFSET 0): otherwise the
    # planner copies the department's expression into every place the cell below reads it.
    cases = cases_received(
        period, department, Report.reference, Report.form_title.label("form"),
        _channel_cell(Report.channel).label("channel"), _london(Report.created_at).label("received"),
        _london(Report.first_response_at).label("answered"), _london(Report.closed_at).label("closed"),
        _cells_by_key(Report.status, statuses, Report.status).label("status"),
        func.coalesce(func.to_char(Report.due_date, "YYYY-MM-DD"), "").label("due"),
        d.target_verdict(today).label("verdict"),
        func.coalesce(cast(days, String), "").label("days"), Report.received_on, Report.id,
    ).offset(0).subquery()
    c = cases.c
    # concat_ws would leave out a NULL with its comma: every cell is text, never NULL.
    cells = (_quoted(c.reference), _cell(c.form), _cell(c.dept), c.channel, c.received, c.answered, c.closed,
             c.status, c.due, c.verdict, c.days)
    line = func.concat(func.concat_ws(",", *cells), "\r\n")
    return select(line).order_by(c.received_on, c.id)
