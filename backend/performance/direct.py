"""The figures counted straight from the cases: for days the daily roll-up does not stand for
(today, yesterday, days changed since it was built), for cases that moved department after the
period, and as the reference the roll-up is tested against.

Each query groups the chosen cases into a few hundred rows at most (by department, form,
channel, status, or working days taken).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Collection

from sqlalchemy import case, func, literal, null, select, tuple_, union_all
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from backend.performance import definitions as d
from backend.performance.calendar import working_days
from backend.performance.period import Period
from backend.performance.scope import cases_received
from backend.storage.models import Report

# What each case counts towards, as bits of one number the database groups by.
FLAGS = {"within": 1, "missed": 2, "pending": 4, "overdue": 8, "moved": 16, "demo": 32}

Histograms = dict[tuple[str, str], Counter[int]]  # (department, form) -> working days -> cases


def _flag(condition: object) -> object:
    return case((condition, 1), else_=0)


def case_facts(dialect: str, period: Period, department: str | None, holidays: Collection[dt.date],
               today: dt.date, where: ColumnElement[bool] | None = None, held_now: bool = False):  # noqa: ANN201
    """One row per case received in the period (and ``where`` says): its groups, its figures as one
    number of FLAGS (one column to group by rather than a sum for each), and its working days taken."""
    window = (period.start, max(today, period.end))  # cases come in, and are answered, in here
    conditions = {"within": d.within_target_clause(), "missed": d.missed_target_clause(today),
                  "pending": Report.first_response_on.is_(None) & (Report.due_date >= today),
                  "overdue": d.overdue_clause(today), "moved": Report.reassigned_at.is_not(None),
                  "demo": Report.demo.is_(True)}
    flags = sum((_flag(conditions[name]) * bit for name, bit in FLAGS.items()), literal(0))
    query = cases_received(
        period, department, Report.form_slug, Report.form_title, Report.channel, Report.status, flags.label("flags"),
        working_days(dialect, Report.received_on, Report.first_response_on, holidays, window).label("response_days"),
        working_days(dialect, Report.received_on, Report.closed_on, holidays, window).label("closing_days"),
        held_now=held_now,
    )
    if where is not None:
        query = query.where(where)
    return query.subquery("cases")


def grouped(session: Session, cases) -> tuple[list, Histograms, Histograms]:  # noqa: ANN001
    """One statement, one pass over the cases: the counts by department, form, channel, status and
    flags, and the working-day histograms to first response and to closing."""
    groups: list[tuple] = []
    histograms: dict[str, Histograms] = {"r": defaultdict(Counter), "c": defaultdict(Counter)}
    for kind, dept, slug, title, channel, status, flags, days, count in session.execute(_grouping(session, cases)):
        if kind == "n":
            groups.append((dept, slug, title, channel, status, flags, count))
        elif days is not None:
            histograms[kind][(dept, slug)][int(days)] += count
    return groups, histograms["r"], histograms["c"]


def _grouping(session: Session, cases):  # noqa: ANN001, ANN202 (a SQLAlchemy statement)
    """Rows of (kind, department, form, title, channel, status, days, cases, flags...): kind "n" the
    counts, "r" days to first response, "c" days to closing. PostgreSQL groups the three ways in
    one scan (GROUPING SETS, no copy of the cases); SQLite has no grouping sets, so it adds up a
    common table of the cases three times (UNION ALL)."""
    c = cases.c
    if session.get_bind().dialect.name == "postgresql":
        # GROUPING() says which set a row adds up: bit 2 status, bit 1 response days, bit 0 closing days.
        sets = func.grouping(c.status, c.response_days, c.closing_days)
        kind = case((sets == 3, "n"), (sets == 5, "r"), else_="c")
        return select(kind, c.dept, c.form_slug, c.form_title, c.channel, c.status, c.flags,
                      func.coalesce(c.response_days, c.closing_days), func.count()).group_by(func.grouping_sets(
                          tuple_(c.dept, c.form_slug, c.form_title, c.channel, c.status, c.flags),
                          tuple_(c.dept, c.form_slug, c.response_days), tuple_(c.dept, c.form_slug, c.closing_days)))
    cases = cases.element.cte("cases")
    c = cases.c
    counts = select(literal("n"), c.dept, c.form_slug, c.form_title, c.channel, c.status, c.flags, null(),
                    func.count()).group_by(c.dept, c.form_slug, c.form_title, c.channel, c.status, c.flags)
    answered = select(literal("r"), c.dept, c.form_slug, null(), null(), null(), null(), c.response_days,
                      func.count()).where(c.response_days.is_not(None)).group_by(c.dept, c.form_slug, c.response_days)
    closed = select(literal("c"), c.dept, c.form_slug, null(), null(), null(), null(), c.closing_days,
                    func.count()).where(c.closing_days.is_not(None)).group_by(c.dept, c.form_slug, c.closing_days)
    return union_all(counts, answered, closed)


def day_channels(session: Session, window: Period, department: str | None, where: ColumnElement[bool],
                 held_now: bool = False) -> list[tuple[dt.date, str, int]]:
    """Cases received a day by channel, in ``window`` (and ``where`` says), for ``department``."""
    cases = cases_received(window, department, Report.received_on, Report.channel, with_department=False,
                           held_now=held_now).where(where).subquery()
    return [tuple(row) for row in session.execute(select(cases.c.received_on, cases.c.channel, func.count())
                                                  .group_by(cases.c.received_on, cases.c.channel))]
