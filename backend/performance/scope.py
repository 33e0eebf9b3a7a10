"""Which cases a report counts, and in which department: the one place that decides.

A case counts in the department that held it at the end of the period: a case reassigned later
counts where it was then; one reassigned during the period counts where it ended up. Managers
are held to their own department here, whatever a URL or a command line asks for.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from backend.performance.period import Period
from backend.storage.models import Report, ReportUpdate


def department_at(moment: dt.datetime) -> ColumnElement[str]:
    """SQL for the department that held each case at ``moment``."""
    moved_since = (select(ReportUpdate.department)
                   .where(ReportUpdate.report_id == Report.id, ReportUpdate.department.is_not(None),
                          ReportUpdate.created_at < moment)
                   .order_by(ReportUpdate.created_at.desc(), ReportUpdate.id.desc()).limit(1)
                   .scalar_subquery())
    # Most cases never move after the moment: only those pay for the look into their history.
    return case((or_(Report.reassigned_at.is_(None), Report.reassigned_at < moment), Report.department),
                else_=func.coalesce(moved_since, Report.received_department, Report.department))


def cases_received(period: Period, department: str | None, *columns: ColumnElement,
                   with_department: bool = True, held_now: bool = False) -> Select:
    """SELECT ``columns`` (and ``dept``, unless told not to) for the cases received in ``period``,
    in ``department`` (None: every department). ``held_now``: in the department that holds each
    case now, rather than at the end of the period (what the daily roll-up counts)."""
    dept = Report.department if held_now else department_at(period.ends_at)
    chosen = (dept.label("dept"), *columns) if with_department else columns
    query = select(*chosen).where(Report.received_on >= period.start, Report.received_on <= period.end)
    if department is not None and held_now:
        query = query.where(Report.department == department)
    elif department is not None:
        # The first test lets the database use its department index; the second is the rule.
        query = query.where(or_(Report.department == department, Report.reassigned_at >= period.ends_at),
                            dept == department)
    return query
