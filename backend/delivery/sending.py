"""Sending queued deliveries (webhooks and Open311 pushes), run with the outbox by
`flask --app backend outbox deliver`.

Each delivery is claimed with a guarded UPDATE that sets a lease, so several workers never send
one at the same time; a failure is retried with backoff, and after ``DELIVERY_MAX_ATTEMPTS``
it is marked failed: the case says so and admins can retry it from /staff/deliveries.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import time

import requests
from flask import Flask
from sqlalchemy import or_, select, update

from backend.council import forms_of
from backend.delivery import open311client, payloads, signing
from backend.delivery.open311client import DeliveryError
from backend.storage.db import db
from backend.storage.models import Delivery, utcnow

log = logging.getLogger(__name__)
LEASE = dt.timedelta(minutes=5)


def backoff(attempts: int) -> dt.timedelta:
    """2, 4, 8 ... minutes, at most 6 hours."""
    return dt.timedelta(minutes=min(2 ** attempts, 360))


def _secret(name: str | None) -> str:
    value = os.environ.get(name or "", "")
    if not value:
        raise DeliveryError(f"the environment variable {name} is not set on the server")
    return value


def _send(app: Flask, delivery: Delivery) -> None:
    report = delivery.report
    spec = forms_of(app).get(report.form_slug)
    if spec is None or spec.delivery is None or spec.delivery.method != delivery.method:
        raise DeliveryError(f"form {report.form_slug} no longer says to deliver by {delivery.method}")
    if delivery.method == "webhook":
        body = json.dumps(payloads.webhook(report, spec, delivery.id), ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json", signing.DELIVERY_HEADER: str(delivery.id),
                   signing.HEADER: signing.signature(_secret(spec.delivery.secret_env), body, int(time.time()))}
        try:
            response = requests.post(delivery.target, data=body, headers=headers, timeout=30)
        except requests.RequestException as exc:
            raise DeliveryError(f"{type(exc).__name__}: could not reach {delivery.target}") from None
        if not 200 <= response.status_code < 300:
            raise DeliveryError(f"HTTP {response.status_code} from {delivery.target}")
    else:
        delivery.external_id = open311client.post_request(
            delivery.target, _secret(spec.delivery.api_key_env), payloads.open311_request(report, spec))


def _claim(delivery_id: int, now: dt.datetime) -> bool:
    claimed = db.session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id, Delivery.state == "pending",
               or_(Delivery.lease_until.is_(None), Delivery.lease_until < now))
        .values(lease_until=now + LEASE))
    db.session.commit()
    return claimed.rowcount == 1


def deliver_due(app: Flask, *, limit: int = 100) -> tuple[int, int]:
    """Send deliveries that are due; return (sent, failed attempts). Safe to run in several processes."""
    now = utcnow()
    due = list(db.session.scalars(
        select(Delivery.id).where(Delivery.state == "pending", Delivery.next_attempt_at <= now,
                                  or_(Delivery.lease_until.is_(None), Delivery.lease_until < now))
        .order_by(Delivery.id).limit(limit)))
    sent = failed = 0
    for delivery_id in due:
        if not _claim(delivery_id, now):
            continue
        delivery = db.session.get(Delivery, delivery_id)
        try:
            _send(app, delivery)
        except DeliveryError as exc:
            delivery.attempts += 1
            delivery.last_error = str(exc)[:500]
            if delivery.attempts >= app.config["DELIVERY_MAX_ATTEMPTS"]:
                delivery.state = "failed"
            else:
                delivery.next_attempt_at = now + backoff(delivery.attempts)
            log.warning("delivery %s of report %s failed (attempt %s): %s", delivery.id, delivery.report_id,
                        delivery.attempts, exc)
            failed += 1
        else:
            delivery.attempts += 1
            delivery.state, delivery.sent_at, delivery.last_error = "sent", now, None
            sent += 1
        delivery.lease_until = None
        db.session.commit()
    return sent, failed
