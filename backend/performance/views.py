"""The performance page for managers and admins, and its two CSV downloads.

URLs: ``/staff/performance`` (the page), ``/staff/performance/figures.csv`` and
``/staff/performance/cases.csv``; all take the same query (``period``, ``from``, ``to`` and, for
admins, ``department``). A manager sees their own department whatever the query says; admins
see every department or pick one; other officers are refused (``access.manager_required``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import Blueprint, Response, current_app, g, render_template, request, stream_with_context
from markupsafe import Markup

from backend.council import forms_of, known_departments, site_config
from backend.performance import charts, definitions, rollup, rollup_months
from backend.performance.csvtext import csv_lines
from backend.performance.export import case_csv, figures_rows
from backend.performance.figures import Figures, channel_name, compute, days_read
from backend.performance.period import PRESETS, Period, PeriodError, preset_period, read_period
from backend.performance.present import all_tables, notes, scope_label
from backend.storage.db import db
from backend.web.access import manager_required, sees_reports

bp = Blueprint("performance", __name__, url_prefix="/staff/performance")
log = logging.getLogger(__name__)
REFRESH_DAYS = 7  # days of the roll-up a page load may build; `flask report rollup` builds the rest
REFRESH_MONTHS = 3  # and whole months


@bp.app_context_processor
def _staff_rules() -> dict[str, object]:
    return {"sees_reports": sees_reports}  # the staff bar links here for those who may follow the link


@dataclass(frozen=True)
class Choice:
    period: Period
    department: str | None
    errors: list[tuple[str, str]]


def department_choices() -> list[str]:
    """The departments forms send cases to (reading every case's department would cost a scan)."""
    return known_departments(current_app)


def _choice() -> Choice:
    """The period and department asked for; a manager's own department whatever was asked."""
    today = definitions.today()
    args = request.args
    errors = []
    try:
        period = read_period(args.get("period"), args.get("from"), args.get("to"), today)
    except PeriodError as exc:
        errors.append((exc.field, str(exc)))
        period = preset_period("last-month", today)
    if not g.staff.is_admin:
        return Choice(period, g.staff.department, errors)
    department = args.get("department", "").strip() or None
    if department is not None and department not in department_choices():
        errors.append(("department", "Select a department from the list"))
        department = None
    return Choice(period, department, errors)


def _figures(choice: Choice) -> Figures:
    site = site_config(current_app)
    # A few stale days and months of the daily roll-up built again (and kept) for the next look;
    # the figures are the same without.
    today, span = definitions.today(), days_read(choice.period)
    if (rollup.refresh(db.session.connection(), *span, today, REFRESH_DAYS)
            + rollup_months.refresh(db.session, *span, today, site.bank_holidays, REFRESH_MONTHS)):
        db.session.commit()
    return compute(db.session, choice.period, choice.department, forms_of(current_app), site.bank_holidays,
                   site.contact_costs)


def chart_markup(f: Figures, brand: str, focus: str) -> dict[str, Markup]:
    labels = [f"{m.month:%b %y}" for m in f.months]
    colours = charts.palette(brand, focus, len(f.channels))
    series = [charts.Series(channel_name(c), [m.counts.get(c, 0) for m in f.months], colour)
              for c, colour in zip(f.channels, colours, strict=True)]
    first, last = f.months[0].month, f.months[-1].month
    span = f"{first:%B %Y} to {last:%B %Y}"
    shares = [None if m.web_share is None else m.web_share * 100 for m in f.months]
    known = [s for s in shares if s is not None]
    trend = (f"Web share went from {known[0]:.0f}% to {known[-1]:.0f}%." if len(known) > 1 else
             "Too few months with cases to show a trend.")
    return {
        "shift": charts.stacked_bars(
            "chart-shift", f"Cases per month by channel, {span}",
            f"Stacked bars, one per month, split by channel. {scope_label(f)}: "
            f"{sum(m.total for m in f.months):,} cases in 13 months. The table below gives every figure.",
            labels, series),
        "web": charts.line("chart-web", f"Share of cases received online, {span}",
                           f"A line of the web share each month, from 0 to 100%. {trend} "
                           "The table below gives every figure.", labels, shares, brand),
    }


def _query_without(*names: str) -> dict[str, str]:
    return {k: v for k, v in request.args.items() if k not in names}


@bp.get("/")
@manager_required
def page() -> tuple[str, int] | str:
    choice = _choice()
    figures = _figures(choice)
    site = site_config(current_app)
    log.info("staff %s viewed performance figures", g.staff.id)
    body = render_template(
        "performance/page.html", f=figures, choice=choice, errors=choice.errors, presets=PRESETS,
        tables={t.key: t for t in all_tables(figures)}, notes=notes(figures), scope=scope_label(figures),
        charts=chart_markup(figures, site.colours.brand, site.colours.focus),
        departments=[(d, d) for d in department_choices()] if g.staff.is_admin else [], query=_query_without(),
    )
    return (body, 400) if choice.errors else body


def _csv(name: str, lines: object) -> Response:
    response = Response(lines, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _file_name(kind: str, choice: Choice) -> str:
    where = "".join(c if c.isalnum() else "-" for c in (choice.department or "all-departments").lower())
    return f"{kind}-{where}-{choice.period.start:%Y%m%d}-{choice.period.end:%Y%m%d}.csv"


@bp.get("/figures.csv")
@manager_required
def figures_csv() -> Response:
    choice = _choice()
    return _csv(_file_name("performance", choice), csv_lines(figures_rows(_figures(choice))))


@bp.get("/cases.csv")
@manager_required
def cases_csv() -> Response:
    choice = _choice()
    log.info("staff %s downloaded the cases behind performance figures", g.staff.id)
    site = site_config(current_app)
    lines = case_csv(db.session, choice.period, choice.department, site.bank_holidays, definitions.today())
    return _csv(_file_name("cases", choice), stream_with_context(lines))
