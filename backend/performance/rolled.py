"""The figures read from the daily roll-up (``rollup``), for the days it stands for: the same
rows ``direct`` counts from the cases, from a few thousand rows rather than every case.

Rows are for the department that holds each case now; ``figures`` corrects for cases that moved
after the period, which ``direct`` counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from backend.cases.statuses import OPEN
from backend.performance.calendar import working_days
from backend.performance.rollup import rollup, within

Runs = list[tuple[dt.date, dt.date]]


def _chosen(kinds: tuple[str, ...], runs: Runs, department: str | None):  # noqa: ANN202
    r = rollup.c
    conditions = [r.kind.in_(kinds) if len(kinds) > 1 else r.kind == kinds[0], within(r.received_on, runs)]
    if department is not None:
        conditions.append(r.department == department)
    return conditions


def counts(session: Session, runs: Runs, months: list[dt.date], department: str | None,
           today: dt.date) -> list[tuple]:
    """(department, form, title, status, received, within, missed, pending, overdue, moved, demo):
    whether an unanswered case is missed, pending or overdue is decided here, against ``today``
    (a whole month's rows carry their latest due date, and are read only once it has passed)."""
    r = rollup.c
    due = r.due_date < today

    def total(value: object) -> object:
        return func.coalesce(func.sum(value), 0)

    rows = []
    for kind, where in (("n", runs), ("N", [(m, m) for m in months])):
        if where:
            query = (select(r.department, r.form_slug, r.form_title, r.status, total(r.cases), total(r.within),
                            total(r.late + case((due, r.unanswered), else_=0)),
                            total(case((r.due_date >= today, r.unanswered), else_=0)),
                            total(case((r.status.in_(sorted(OPEN)) & due, r.cases), else_=0)),
                            total(r.moved), total(r.demo))
                     .where(*_chosen((kind,), where, department))
                     .group_by(r.department, r.form_slug, r.form_title, r.status))
            rows += [tuple(row) for row in session.execute(query)]
    return rows


def channels(session: Session, runs: Runs, months: list[dt.date], department: str | None,
             by_day: bool = False) -> list[tuple]:
    """(channel, cases), or (day, channel, cases) when ``by_day`` (a whole month's rows: its first day)."""
    r = rollup.c
    keys = (r.received_on, r.channel) if by_day else (r.channel,)
    rows = []
    for kind, where in (("k", runs), ("K", [(m, m) for m in months])):
        if where:
            query = select(*keys, func.sum(r.cases)).where(*_chosen((kind,), where, department)).group_by(*keys)
            rows += [tuple(row) for row in session.execute(query)]
    return rows


def histograms(session: Session, runs: Runs, months: list[dt.date], department: str | None,
               holidays: Collection[dt.date], between: tuple[dt.date, dt.date]) -> list[tuple]:
    """(kind "r" or "c", department, form, working days, cases): days to first response and to
    closing; counted here for days, already counted in the rows of whole ``months``."""
    r = rollup.c
    rows = []
    if runs:
        days = working_days(session.get_bind().dialect.name, r.received_on, r.on_day, holidays, between)
        query = (select(r.kind, r.department, r.form_slug, days, func.sum(r.cases))
                 .where(*_chosen(("r", "c"), runs, department)).group_by(r.kind, r.department, r.form_slug, days))
        rows += [tuple(row) for row in session.execute(query)]
    if months:
        query = (select(func.lower(r.kind), r.department, r.form_slug, r.days, func.sum(r.cases))
                 .where(*_chosen(("R", "C"), [(m, m) for m in months], department))
                 .group_by(r.kind, r.department, r.form_slug, r.days))
        rows += [tuple(row) for row in session.execute(query)]
    return rows
