"""The daily roll-up: each settled day's cases added up once, so a year's figures read a few
thousand rows instead of half a million cases.

One row of ``performance_rollup`` adds up the cases received on one London day that share its
other columns, as they stand now (their department today, their status today):

- kind ``n``: by department, form, status and due date: cases, answered within target, answered
  late, not answered yet, ever moved between departments, demo data. Whether an unanswered case
  is missed, pending or overdue depends on "today", so that is decided when the rows are read.
- kind ``k``: by department and channel: cases.
- kind ``r`` and ``c``: by department, form and the day of the first response (``r``) or of
  closing (``c``): cases. Working days are counted when the rows are read, with the bank
  holidays of site.yaml as they are then.
- kinds ``K``, ``R``, ``C``, ``N`` and ``M``: whole months added up once more (``rollup_months``).

``performance_rollup_day`` says which days the rows stand for (``fresh``). Every change to a case
through the ORM marks its received day stale in the same transaction (``_mark_changed_days``);
the page and ``flask report rollup`` build stale and missing days again. A day is built only once
it is settled (before yesterday), and a stale, missing or recent day is counted directly from the
cases: so the figures are always those of the direct computation.

Why the marking is safe with concurrent writers (PostgreSQL, READ COMMITTED): a change upserts the
day's row (``fresh = false``), which locks it until the change commits; a build first sets
``fresh = true`` on the same row (waiting for any such change to commit), and only then reads the
cases. Either the build sees the change, or the change marks the day stale after the build. A
change to a case received today marks nothing: today is never built, and a transaction would have
to stay open for a whole day to meet a build of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Date,
    Index,
    Integer,
    String,
    Table,
    case,
    delete,
    event,
    false,
    func,
    insert,
    inspect,
    literal,
    null,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from backend.performance import definitions as d
from backend.storage.db import db
from backend.storage.models import Report

BATCH_DAYS = 31  # days built in one statement of each kind
DAY_KINDS = ("n", "k", "r", "c")
MONTH_KINDS = ("K", "R", "C", "N", "M")  # rollup_months: channels, days to respond, to close, counts, "built"

rollup = Table(
    "performance_rollup", db.metadata,
    Column("id", Integer, primary_key=True),
    Column("received_on", Date, nullable=False),
    Column("kind", String(1), nullable=False),
    Column("department", String(100), nullable=False),
    Column("form_slug", String(80)),
    Column("form_title", String(200)),
    Column("channel", String(16)),
    Column("status", String(32)),
    Column("due_date", Date),
    Column("on_day", Date),
    Column("cases", Integer, nullable=False),
    Column("within", Integer, nullable=False, server_default="0"),
    Column("late", Integer, nullable=False, server_default="0"),
    Column("unanswered", Integer, nullable=False, server_default="0"),
    Column("moved", Integer, nullable=False, server_default="0"),
    Column("demo", Integer, nullable=False, server_default="0"),
    Column("days", Integer),  # month rows: working days to first response or closing
    Column("holidays", String(16)),  # month rows: which bank holidays ``days`` were counted with
    Index("ix_performance_rollup_kind_day", "kind", "received_on"),
)

rollup_day = Table(
    "performance_rollup_day", db.metadata,
    Column("received_on", Date, primary_key=True),
    Column("fresh", Boolean, nullable=False),
)


def settled_before(today: dt.date) -> dt.date:
    """Days before this one may be built: yesterday's cases may still be in a transaction that
    began before midnight; today's certainly are."""
    return today - dt.timedelta(days=1)


# --- Knowing which days the roll-up stands for -----------------------------------------------------

def _upsert(bind: Connection, days: Iterable[dt.date], fresh: bool) -> None:
    rows = [{"received_on": day, "fresh": fresh} for day in sorted(set(days))]
    if not rows:
        return
    dialect = postgresql if bind.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(rollup_day)
    bind.execute(statement.on_conflict_do_update(index_elements=["received_on"], set_={"fresh": fresh}), rows)


def mark_stale(bind: Connection, days: Iterable[dt.date]) -> None:
    """Say that cases received on ``days`` changed outside the ORM (a bulk insert or delete)."""
    _upsert(bind, days, False)


def mark_all_stale(bind: Connection) -> None:
    """Say that any case may have changed outside the ORM: every day is built again."""
    bind.execute(update(rollup_day).values(fresh=False))


def _received_days(report: Report) -> Iterator[dt.date]:
    history = inspect(report).attrs.received_on.history
    for day in [*history.deleted, report.received_on]:
        if isinstance(day, dt.date):
            yield day
        elif day is None and report.created_at is not None:
            yield d.london_date(report.created_at)


@event.listens_for(Session, "before_flush")
def _mark_changed_days(session: Session, _context: Any, _instances: Any) -> None:
    """The days of the cases this flush writes are stale, in the same transaction (after
    ``definitions`` has worked out each case's moments: its listener was registered first)."""
    today = d.today()
    days = {day for obj in [*session.new, *session.dirty, *session.deleted] if isinstance(obj, Report)
            for day in _received_days(obj) if day < today}
    if days:
        _upsert(session.connection(), days, False)


def fresh_days(session: Session, first: dt.date, last: dt.date, today: dt.date) -> set[dt.date]:
    """The days from ``first`` to ``last`` that the roll-up stands for, as the cases are now."""
    last = min(last, settled_before(today) - dt.timedelta(days=1))
    if last < first:
        return set()
    query = select(rollup_day.c.received_on).where(rollup_day.c.fresh, rollup_day.c.received_on.between(first, last))
    return {as_date(day) for day in session.scalars(query)}


def as_date(day: dt.date | str) -> dt.date:
    return day if isinstance(day, dt.date) else dt.date.fromisoformat(day)


def ranges(days: Iterable[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Sorted days as runs of consecutive days: (first, last) of each."""
    runs: list[tuple[dt.date, dt.date]] = []
    for day in sorted(days):
        if runs and runs[-1][1] + dt.timedelta(days=1) == day:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def split(first: dt.date, last: dt.date, fresh: set[dt.date]) -> tuple[list, list]:
    """The days from ``first`` to ``last`` as (runs read from the roll-up, runs counted directly)."""
    every = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    return ranges(day for day in every if day in fresh), ranges(day for day in every if day not in fresh)


def within(column: ColumnElement, runs: list[tuple[dt.date, dt.date]]) -> ColumnElement[bool]:
    """SQL: ``column`` falls in one of the ``runs`` of days."""
    return or_(*(column.between(a, b) for a, b in runs)) if runs else false()


# --- Building days --------------------------------------------------------------------------------

def _count(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _selects(where: ColumnElement[bool]) -> list:
    """One INSERT ... SELECT for each kind of row, for the cases ``where`` says."""
    r = Report
    counts = select(r.received_on, literal("n"), r.department, r.form_slug, r.form_title, null(), r.status,
                    r.due_date, null(), func.count(), _count(d.within_target_clause()),
                    _count(r.first_response_on > r.due_date), _count(r.first_response_on.is_(None)),
                    _count(r.reassigned_at.is_not(None)), _count(r.demo.is_(True)))
    counts = counts.where(where).group_by(r.received_on, r.department, r.form_slug, r.form_title, r.status,
                                          r.due_date)
    channels = (select(r.received_on, literal("k"), r.department, null(), null(), r.channel, null(), null(), null(),
                       func.count(), 0, 0, 0, 0, 0)
                .where(where).group_by(r.received_on, r.department, r.channel))
    days = [select(r.received_on, literal(kind), r.department, r.form_slug, null(), null(), null(), null(), on,
                   func.count(), 0, 0, 0, 0, 0).where(where, on.is_not(None))
            .group_by(r.received_on, r.department, r.form_slug, on)
            for kind, on in (("r", r.first_response_on), ("c", r.closed_on))]
    return [counts, channels, *days]


COLUMNS = ("received_on", "kind", "department", "form_slug", "form_title", "channel", "status", "due_date",
           "on_day", "cases", "within", "late", "unanswered", "moved", "demo")


def build(bind: Connection, days: Iterable[dt.date]) -> int:
    """Add up the cases received on ``days`` again (and forget the rows of their whole months,
    ``rollup_months``); the caller commits. Returns the days built."""
    runs = ranges(days)
    for run in _batches(runs):
        _upsert(bind, _days_of(run), True)  # first: waits for any change to these days to commit (see above)
        months = {day.replace(day=1) for day in _days_of(run)}
        bind.execute(delete(rollup).where(within(rollup.c.received_on, run) & rollup.c.kind.in_(DAY_KINDS)))
        bind.execute(delete(rollup).where(rollup.c.received_on.in_(months), rollup.c.kind.in_(MONTH_KINDS)))
        for query in _selects(within(Report.received_on, run)):
            bind.execute(insert(rollup).from_select(COLUMNS, query))
    return sum((b - a).days + 1 for a, b in runs)


def _days_of(runs: list[tuple[dt.date, dt.date]]) -> list[dt.date]:
    return [a + dt.timedelta(days=i) for a, b in runs for i in range((b - a).days + 1)]


def _batches(runs: list[tuple[dt.date, dt.date]]) -> Iterator[list[tuple[dt.date, dt.date]]]:
    """Runs cut into groups of at most BATCH_DAYS days."""
    days = _days_of(runs)
    for i in range(0, len(days), BATCH_DAYS):
        yield ranges(days[i:i + BATCH_DAYS])


def unbuilt_days(bind: Connection, first: dt.date, last: dt.date, today: dt.date) -> list[dt.date]:
    """The settled days from ``first`` to ``last`` (none before the first case) that were marked
    stale, then those never built, oldest first in each."""
    last = min(last, settled_before(today) - dt.timedelta(days=1))
    earliest = bind.execute(select(func.min(Report.received_on))).scalar()
    if earliest is None:
        return []
    first = max(first, as_date(earliest))
    if last < first:
        return []
    state = {as_date(day): fresh for day, fresh in bind.execute(
        select(rollup_day.c.received_on, rollup_day.c.fresh).where(rollup_day.c.received_on.between(first, last)))}
    every = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    return [day for day in every if state.get(day) is False] + [day for day in every if day not in state]


def backfill(bind: Connection, today: dt.date, commit: bool = False) -> int:
    """Build every settled day from the first case received to the day before yesterday that is
    stale or missing, a batch of days at a time (committing each batch when asked: a live
    database's staff then wait on a batch of days at most). Returns the days built."""
    built = 0
    for run in _batches(ranges(unbuilt_days(bind, dt.date.min, today, today))):
        built += build(bind, _days_of(run))
        if commit:
            bind.commit()
    if built > BATCH_DAYS and bind.dialect.name == "postgresql":
        bind.execute(text("ANALYZE performance_rollup"))  # so the planner knows its new size now
    return built


def forget_demo_days(bind: Connection) -> None:
    """Before demo cases are deleted in bulk (outside the ORM): their days are stale."""
    demo_days = select(Report.received_on).where(Report.demo)
    bind.execute(update(rollup_day).where(rollup_day.c.received_on.in_(demo_days)).values(fresh=False))


def refresh(bind: Connection, first: dt.date, last: dt.date, today: dt.date, limit: int) -> int:
    """Build at most ``limit`` of the stale or missing settled days from ``first`` to ``last``,
    oldest first (the caller commits): a page pays for a few, and counts the rest directly."""
    days = unbuilt_days(bind, first, last, today)[:limit]
    return build(bind, days) if days else 0
