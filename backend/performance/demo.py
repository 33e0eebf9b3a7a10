"""``flask --app backend demo-data --cases 5000``: fill the embedded database with believable
synthetic cases over the last 13 months, so `make run` shows the performance page with figures.

Demo cases are marked (``Report.demo``; the page says how many it counts), have no names,
emails or answers, and are replaced when the command runs again. It refuses to run in production.
"""

from __future__ import annotations

import datetime as dt

import click
from flask import current_app
from sqlalchemy import delete, func, insert, select

from backend.commands import upgrade_database
from backend.council import forms_of, site_config
from backend.performance import definitions, rollup
from backend.performance.period import add_months
from backend.performance.synthetic import SyntheticCase, synthetic_cases
from backend.storage.db import db
from backend.storage.models import Report, ReportUpdate
from portal import dates

BATCH = 1000


@click.command("demo-data")
@click.option("--cases", "count", default=5000, show_default=True, type=click.IntRange(1, 200_000),
              help="How many synthetic cases to make.")
@click.option("--months", default=13, show_default=True, type=click.IntRange(1, 36),
              help="Spread them over this many months, up to today.")
def demo_data(count: int, months: int) -> None:
    """Fill the database with synthetic cases, marked as demo data (not in production)."""
    if current_app.config.get("PRODUCTION"):
        raise click.ClickException("demo-data refuses to run in production: it would mix made-up cases "
                                   "with residents' real ones.")
    upgrade_database(current_app._get_current_object())  # type: ignore[attr-defined]  # a fresh machine
    today = definitions.today()
    start = add_months(today, 1 - months)
    removed = _remove_demo_cases()
    forms = list(forms_of(current_app).values())
    site = site_config(current_app)
    batch: list[SyntheticCase] = []
    for case in synthetic_cases(forms, start, today, count, site.bank_holidays, today,
                                seed=int(dt.datetime.now().timestamp())):
        batch.append(case)
        if len(batch) >= BATCH:
            _write(batch)
    _write(batch)
    # Written in bulk, past the ORM: the roll-up's days are stale until built again.
    rollup.mark_stale(db.session.connection(), [start + dt.timedelta(days=i) for i in range((today - start).days + 1)])
    rollup.backfill(db.session.connection(), today)
    db.session.commit()
    again = f" (replacing {removed:,} earlier demo cases)" if removed else ""
    click.echo(f"Added {count:,} demo cases from {dates.long_date(start)} to {dates.long_date(today)}{again}. "
               "They are marked as demo data; run the command again to replace them. See them at "
               "/staff/performance as a manager or admin "
               "(flask --app backend staff add EMAIL --department NAME --role manager).")


def _write(batch: list[SyntheticCase]) -> None:
    if not batch:
        return
    ids = db.session.scalars(insert(Report).returning(Report.id, sort_by_parameter_order=True),
                             [case.report_row() for case in batch]).all()
    updates = [row for case, report_id in zip(batch, ids, strict=True) for row in case.update_rows(report_id)]
    if updates:
        db.session.execute(insert(ReportUpdate), updates)
    batch.clear()


def _remove_demo_cases() -> int:
    demo_ids = select(Report.id).where(Report.demo)
    removed = db.session.scalar(select(func.count()).select_from(demo_ids.subquery())) or 0
    rollup.forget_demo_days(db.session.connection())
    db.session.execute(delete(ReportUpdate).where(ReportUpdate.report_id.in_(demo_ids)))
    db.session.execute(delete(Report).where(Report.demo))
    return removed
