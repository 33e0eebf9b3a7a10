"""Whole months of the daily roll-up added up once more, so a year reads a few thousand rows.

A year of days to first response and to closing is some 150,000 daily rows (each day, form and
answering day); a month's rows, with the working days already counted, are a few hundred. The
month rows (``rollup`` kinds ``K`` channels, ``R`` and ``C`` working days, ``N`` the counts with
their latest due date, and ``M`` saying the month was built, with which bank holidays and its
latest due date) are used for a month when every one of its days is fresh and they were counted
with today's bank holidays (``N``: once every case in it is past its due date, so that missed,
pending and overdue are decided alike); otherwise its days are read as usual.

Building a day forgets its month's rows (``rollup.build``). Building a month first locks its days'
rows in ``performance_rollup_day`` and checks they are all fresh, so no day can be built again
or marked stale while the month is added up from them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Collection, Iterable

from sqlalchemy import Connection, delete, func, insert, literal, null, select
from sqlalchemy.orm import Session

from backend.performance.calendar import working_days
from backend.performance.period import add_months
from backend.performance.rollup import COLUMNS, MONTH_KINDS, as_date, fresh_days, rollup, rollup_day, settled_before


def holidays_key(holidays: Collection[dt.date]) -> str:
    return hashlib.sha256(",".join(sorted(h.isoformat() for h in holidays)).encode()).hexdigest()[:16]


def _last_day(month: dt.date) -> dt.date:
    return add_months(month, 1) - dt.timedelta(days=1)


def whole_months(first: dt.date, last: dt.date, fresh: set[dt.date]) -> list[dt.date]:
    """The calendar months from ``first`` to ``last`` whose every day is ``fresh``."""
    months = []
    month = first if first.day == 1 else add_months(first, 1)
    while _last_day(month) <= last:
        end = _last_day(month)
        if all(month + dt.timedelta(days=i) in fresh for i in range((end - month).days + 1)):
            months.append(month)
        month = add_months(month, 1)
    return months


def built(session: Session, months: list[dt.date], holidays: Collection[dt.date],
          due_before: dt.date | None = None) -> list[dt.date]:
    """Of ``months``, those with month rows counted with these bank holidays (and, when asked,
    whose cases were all due before ``due_before``)."""
    if not months:
        return []
    r = rollup.c
    query = select(r.received_on).where(r.kind == "M", r.holidays == holidays_key(holidays), r.received_on.in_(months))
    if due_before is not None:
        query = query.where(r.due_date.is_(None) | (r.due_date < due_before))
    found = {as_date(m) for m in session.scalars(query)}
    return [m for m in months if m in found]


def build(bind: Connection, months: Iterable[dt.date], holidays: Collection[dt.date], today: dt.date) -> int:
    """Add up the day rows of each month in ``months`` whose days are all fresh (the caller commits)."""
    r = rollup.c
    key = holidays_key(holidays)
    count = 0
    for month in months:
        end = _last_day(month)
        if end >= settled_before(today):  # a month whose last day is not settled yet
            continue
        days = (end - month).days + 1
        locked = bind.execute(select(rollup_day.c.received_on).where(
            rollup_day.c.fresh, rollup_day.c.received_on.between(month, end))
            .order_by(rollup_day.c.received_on).with_for_update()).all()  # in the order builds lock them
        if len(locked) != days:
            continue
        in_month = r.received_on.between(month, end)
        bind.execute(delete(rollup).where(r.received_on == month, r.kind.in_(MONTH_KINDS)))
        empty = [null()] * 4
        bind.execute(insert(rollup).from_select(
            [*COLUMNS, "days", "holidays"],
            select(literal(month), literal("K"), r.department, null(), null(), r.channel, *empty[:3],
                   func.sum(r.cases), 0, 0, 0, 0, 0, null(), null())
            .where(r.kind == "k", in_month).group_by(r.department, r.channel)))
        taken = working_days(bind.dialect.name, r.received_on, r.on_day, holidays)
        for kind in ("r", "c"):
            bind.execute(insert(rollup).from_select(
                [*COLUMNS, "days", "holidays"],
                select(literal(month), literal(kind.upper()), r.department, r.form_slug, *empty, null(),
                       func.sum(r.cases), 0, 0, 0, 0, 0, taken, literal(key))
                .where(r.kind == kind, in_month).group_by(r.department, r.form_slug, taken)))
        bind.execute(insert(rollup).from_select(
            [*COLUMNS, "days", "holidays"],
            select(literal(month), literal("N"), r.department, r.form_slug, r.form_title, null(), r.status,
                   func.max(r.due_date), null(), *(func.sum(c) for c in (r.cases, r.within, r.late, r.unanswered,
                                                                         r.moved, r.demo)), null(), null())
            .where(r.kind == "n", in_month).group_by(r.department, r.form_slug, r.form_title, r.status)))
        latest_due = bind.execute(select(func.max(r.due_date)).where(r.kind == "n", in_month)).scalar()
        bind.execute(insert(rollup).values(received_on=month, kind="M", department="", cases=0, holidays=key,
                                           due_date=latest_due))
        count += 1
    return count


def refresh(session: Session, first: dt.date, last: dt.date, today: dt.date, holidays: Collection[dt.date],
            limit: int | None = None) -> int:
    """Build the months from ``first`` to ``last`` (at most ``limit``) whose days are all fresh but
    whose month rows are missing, or were counted with other bank holidays (the caller commits)."""
    months = whole_months(first, last, fresh_days(session, first, last, today))
    done = set(built(session, months, holidays))
    return build(session.connection(), [m for m in months if m not in done][:limit], holidays, today)


def backfill(session: Session, today: dt.date, holidays: Collection[dt.date]) -> int:
    """Every month since the first case that can be built, each committed."""
    first = session.scalar(select(func.min(rollup_day.c.received_on)))
    if first is None:
        return 0
    first = first if isinstance(first, dt.date) else dt.date.fromisoformat(first)
    count = 0
    month = first.replace(day=1)
    while month < today:
        count += refresh(session, month, _last_day(month), today, holidays)
        session.commit()
        month = add_months(month, 1)
    return count
