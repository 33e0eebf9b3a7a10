"""Command-line jobs: `flask --app backend db upgrade`, `outbox deliver` (mail, and
reports to back-office systems), `drafts purge`, `staff add`.

`dev` (for `make run`) composes the builder and the backend, so it lives above both, in devserver.py.
"""

from __future__ import annotations

from pathlib import Path

import click
from alembic import command as alembic
from alembic.config import Config as AlembicConfig
from flask import Flask, current_app
from flask.cli import AppGroup

db_cli = AppGroup("db", help="The database's structure.")
outbox_cli = AppGroup("outbox", help="Email waiting to be sent.")
drafts_cli = AppGroup("drafts", help="Forms residents started but did not send.")


def alembic_config(app: Flask) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    config.set_main_option("sqlalchemy.url", app.config["SQLALCHEMY_DATABASE_URI"].replace("%", "%%"))
    return config


def upgrade_database(app: Flask) -> None:
    """Bring the database to the newest migration (creating it if it is new)."""
    with app.app_context():
        alembic.upgrade(alembic_config(app), "head")


@db_cli.command("upgrade")
def db_upgrade() -> None:
    """Create or update the database tables."""
    upgrade_database(current_app._get_current_object())  # type: ignore[attr-defined]
    click.echo("Database is up to date.")


@outbox_cli.command("deliver")
@click.option("--loop", is_flag=True, help="Keep delivering every few seconds until stopped.")
@click.option("--every", default=5.0, show_default=True, help="Seconds between rounds with --loop.")
def outbox_deliver(loop: bool, every: float) -> None:
    """Send the email and back-office deliveries that are due; temporary failures are retried later,
    permanent ones marked failed."""
    from backend.mail.outbox import deliver_forever  # noqa: PLC0415

    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def say(sent: int, failed: int, delivered: int, undelivered: int) -> None:
        if sent or failed or delivered or undelivered or not loop:
            click.echo(f"Sent {sent}, failed {failed} (temporary failures are retried later).")
            click.echo(f"Reports delivered to back-office systems {delivered}, failed {undelivered}.")

    if loop:
        deliver_forever(app, every, work=deliver_round, on_round=say)
    say(*deliver_round(app))


def deliver_round(app: Flask) -> tuple[int, int, int, int]:
    """One round of the outbox: the mail that is due, then the reports due at back-office systems."""
    from backend.delivery.sending import deliver_due  # noqa: PLC0415
    from backend.mail.outbox import deliver  # noqa: PLC0415

    return (*deliver(app), *deliver_due(app))


@drafts_cli.command("purge")
@click.option("--older-than-hours", default=24, show_default=True, help="Delete drafts older than this.")
def drafts_purge(older_than_hours: int) -> None:
    """Delete unfinished forms and their photos (run it daily, e.g. from cron)."""
    import datetime as dt  # noqa: PLC0415

    from backend.resident.drafts import purge_old_drafts  # noqa: PLC0415

    count = purge_old_drafts(dt.timedelta(hours=older_than_hours))
    click.echo(f"Deleted {count} unfinished form{'s' if count != 1 else ''}.")


def init_app(app: Flask) -> None:
    app.cli.add_command(db_cli)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(drafts_cli)
    from backend.staff.cli import staff_cli  # noqa: PLC0415

    app.cli.add_command(staff_cli)
    from backend.performance.cli import report_cli  # noqa: PLC0415
    from backend.performance.demo import demo_data  # noqa: PLC0415

    app.cli.add_command(report_cli)
    app.cli.add_command(demo_data)
