"""``flask --app backend report performance``: the page's figures for a committee report, as a
plain table, CSV, Markdown, or a standalone printable HTML page with the charts."""

from __future__ import annotations

import time

import click
from flask import current_app, render_template
from flask.cli import AppGroup

from backend.council import forms_of, site_config
from backend.performance import definitions, rollup, rollup_months
from backend.performance.csvtext import csv_lines
from backend.performance.export import figures_rows
from backend.performance.figures import Figures, compute
from backend.performance.period import Period, PeriodError, read_period
from backend.performance.present import Table, all_tables, notes, scope_label
from backend.performance.views import chart_markup
from backend.staff.cli import department_named
from backend.storage.db import db

report_cli = AppGroup("report", help="Reports for managers, councillors and committees.")
FORMATS = ("table", "csv", "html", "md")


def _text_table(table: Table) -> str:
    widths = [max(len(str(row[i])) if i < len(row) else 0 for row in [table.headers, *table.rows])
              for i in range(len(table.headers))]
    lines = [table.title, "=" * len(table.title),
             "  ".join(h.ljust(w) for h, w in zip(table.headers, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in table.rows]
    return "\n".join(lines)


def _md_cell(value: object) -> str:
    return str(value).replace("|", "\\|")


def _md_table(table: Table) -> str:
    lines = [f"## {table.title}", "", "| " + " | ".join(map(_md_cell, table.headers)) + " |",
             "|" + "|".join("---" for _ in table.headers) + "|"]
    lines += ["| " + " | ".join(map(_md_cell, row)) + " |" for row in table.rows]
    return "\n".join(lines)


def render(f: Figures, fmt: str) -> str:
    """The report in ``fmt``: one of FORMATS."""
    title = f"Performance: {scope_label(f)}, {f.period.label}"
    if fmt == "csv":
        return "".join(csv_lines(figures_rows(f)))
    if fmt == "md":
        return "\n\n".join([f"# {title}", *notes(f), *map(_md_table, all_tables(f))]) + "\n"
    if fmt == "html":
        site = site_config(current_app)
        return render_template("performance/standalone.html", f=f, title=title, notes=notes(f),
                               tables={t.key: t for t in all_tables(f)},
                               charts=chart_markup(f, site.colours.brand, site.colours.focus))
    return "\n\n".join([title, *notes(f), *map(_text_table, all_tables(f))]) + "\n"


@report_cli.command("performance")
@click.option("--from", "start", required=True, help="First day, like 2026-04-01.")
@click.option("--to", "end", required=True, help="Last day, like 2026-09-30.")
@click.option("--department", default=None, help="One department, as the forms name it (default: all).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def performance(start: str, end: str, department: str | None, fmt: str) -> None:
    """Print the performance figures for a period (and a department)."""
    try:
        period: Period = read_period("custom", start, end, definitions.today())
    except PeriodError as exc:
        raise click.ClickException(f"--{exc.field}: {exc}") from None
    chosen = department_named(department) if department else None
    site = site_config(current_app)
    figures = compute(db.session, period, chosen, forms_of(current_app), site.bank_holidays, site.contact_costs)
    click.echo(render(figures, fmt), nl=False)




@report_cli.command("rollup")
@click.option("--all", "everything", is_flag=True,
              help="Build every day again (after cases were changed other than through the backend).")
def rollup_command(everything: bool) -> None:
    """Build the days of the performance roll-up that are stale or missing (run it nightly): a
    month at a time, each committed, safe beside a live site."""
    started = time.perf_counter()
    with db.engine.connect() as connection:  # its own transactions: one a batch of days
        if everything:
            rollup.mark_all_stale(connection)
            connection.commit()
        built = rollup.backfill(connection, definitions.today(), commit=True)
    months = rollup_months.backfill(db.session, definitions.today(), site_config(current_app).bank_holidays)
    db.session.commit()
    click.echo(f"Built {built:,} days and {months:,} months of the performance roll-up "
               f"in {time.perf_counter() - started:.1f} s.")
