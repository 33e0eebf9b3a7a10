"""Reports leave the portal for the department's own system, as its form's ``delivery:`` says:
an email to a mailbox, a signed webhook, or an Open311 server (whose updates come back by
``open311 pull-updates``). ``queue_for`` runs inside the report's own transaction, so a report
is never stored without its delivery, nor delivered without being stored."""

from __future__ import annotations

from flask import Flask, current_app
from sqlalchemy import select

from backend.mail import outbox
from backend.storage.db import db
from backend.storage.models import Delivery, Report
from portal.forms import FormSpec


def queue_for(report: Report, spec: FormSpec) -> None:
    """Queue the report's delivery in the caller's transaction (nothing if the form names none)."""
    method = spec.delivery.method if spec.delivery else None
    if method == "email":
        from backend.delivery.payloads import email  # noqa: PLC0415

        outbox.enqueue(spec.delivery.to, *email(report, spec))
    elif method in ("webhook", "open311"):
        db.session.add(Delivery(report=report, method=method, target=spec.delivery.target))


def deliveries_of(report: Report) -> list[Delivery]:
    """The report's deliveries, for the case page: where it went, its reference there, or failure."""
    return list(db.session.scalars(select(Delivery).where(Delivery.report_id == report.id).order_by(Delivery.id)))


def init_app(app: Flask) -> None:
    from backend.delivery import admin, pull  # noqa: PLC0415

    app.register_blueprint(admin.bp)
    app.cli.add_command(pull.open311_cli)
    app.jinja_env.globals["deliveries_of"] = deliveries_of


def deliver_due_now() -> tuple[int, int]:
    """Send due deliveries with the current app (for the outbox commands)."""
    from backend.delivery.sending import deliver_due  # noqa: PLC0415

    return deliver_due(current_app._get_current_object())  # type: ignore[attr-defined]
