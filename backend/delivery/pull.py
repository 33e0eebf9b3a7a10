"""`flask --app backend open311 pull-updates`: fetch each back-office Open311 server's
``servicerequestupdates`` since the last run and apply them to the cases we sent it (run it every
few minutes, e.g. from cron). Status changes and notes reach the resident as staff updates do."""

from __future__ import annotations

import datetime as dt
import logging
import os

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from backend.council import forms_of
from backend.delivery.open311client import DeliveryError, fetch_updates
from backend.open311.formats import Open311Error
from backend.open311.incoming import apply_update, clean_text
from backend.storage.db import db
from backend.storage.models import Delivery, Open311Sync, Report, as_utc, utcnow
from portal.formdelivery import DeliverySpec

log = logging.getLogger(__name__)
open311_cli = AppGroup("open311", help="Back-office Open311 servers that reports are sent to.")
FIRST_RUN = dt.timedelta(days=7)  # how far back the first run looks
OVERLAP = dt.timedelta(minutes=5)  # a late-written update is still seen; repeats are ignored


def _endpoints(app: Flask) -> dict[str, DeliverySpec]:
    return {spec.delivery.endpoint: spec.delivery for spec in forms_of(app).values()
            if spec.delivery and spec.delivery.method == "open311" and spec.delivery.endpoint}


def pull_endpoint(endpoint: str, delivery: DeliverySpec, now: dt.datetime) -> int:
    """Apply one server's new updates; returns how many changed a case. Raises DeliveryError."""
    sync = db.session.get(Open311Sync, endpoint)
    start = max((as_utc(sync.last_run_at) if sync else now - FIRST_RUN) - OVERLAP, now - dt.timedelta(days=90))
    api_key = os.environ.get(delivery.api_key_env or "", "")
    if not api_key:
        raise DeliveryError(f"the environment variable {delivery.api_key_env} is not set on the server")
    applied = 0
    for update in fetch_updates(endpoint, api_key, start, now, delivery.jurisdiction_id):
        external_id, update_id = update.get("service_request_id", ""), update.get("update_id", "")
        report = db.session.scalar(select(Report).join(Delivery, Delivery.report_id == Report.id).where(
            Delivery.method == "open311", Delivery.target == endpoint, Delivery.external_id == external_id))
        if report is None or not update_id:
            continue  # a request FixMyStreet or the phone line made, not one of ours
        text = update.get("description")
        try:
            clean_text(text)
        except Open311Error as exc:  # the status still counts; a note we cannot show safely does not
            log.warning("note of update %s for report %s left out: %s", update_id[:40], report.id, exc.descriptions[0])
            text = None
        try:
            if apply_update(report, source=endpoint, update_id=update_id, status=update.get("status"), text=text):
                applied += 1
        except Open311Error as exc:
            log.warning("update %s for report %s not applied: %s", update_id[:40], report.id, exc.descriptions[0])
    if sync is None:
        db.session.add(Open311Sync(endpoint=endpoint, last_run_at=now))
    else:
        sync.last_run_at = now
    db.session.commit()
    return applied


@open311_cli.command("pull-updates")
def pull_updates() -> None:
    """Fetch and apply the back-office servers' updates since the last run."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    problems = 0
    for endpoint, delivery in _endpoints(app).items():
        try:
            count = pull_endpoint(endpoint, delivery, utcnow())
        except DeliveryError as exc:
            db.session.rollback()
            problems += 1
            click.echo(f"{endpoint}: not fetched ({exc}); the next run tries again from the same point.", err=True)
            continue
        click.echo(f"{endpoint}: {count} update{'s' if count != 1 else ''} applied.")
    if problems:
        raise SystemExit(1)
