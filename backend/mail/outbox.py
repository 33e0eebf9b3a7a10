"""Email through an outbox: queued in the same transaction as the change it reports, delivered
later by `flask --app backend outbox deliver`, by SMTP or into a folder of .eml files.

Delivery never stops on one message. Each message is claimed by one worker with a guarded
UPDATE and a lease (so two workers, on SQLite or PostgreSQL, never send it twice), and is marked
sent as soon as it has gone (so a killed worker resends at most the one it was sending). A
message that cannot be built, or that the mail server refuses for good (5xx), is marked failed
with its reason and never tried again; other failures are retried later, backing off.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import time
from collections.abc import Callable
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import format_datetime, formataddr, make_msgid
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask
from sqlalchemy import or_, select, update

from backend.council import site_config
from backend.storage.db import db
from backend.storage.models import OutboxMessage, utcnow

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
# Longer than one SMTP exchange can take (30 s timeout each step), so a live worker keeps its claim.
LEASE = dt.timedelta(minutes=5)


class PermanentFailure(Exception):
    """This message can never be delivered as it stands; retrying would only repeat the failure."""


def enqueue(to_address: str, subject: str, body_text: str) -> OutboxMessage:
    """Add a message to the current transaction; it goes only if that transaction commits."""
    message = OutboxMessage(to_address=to_address, subject=subject, body_text=body_text)
    db.session.add(message)
    return message


def deliver(app: Flask, *, limit: int = 100) -> tuple[int, int]:
    """Send up to ``limit`` messages that are due; return (sent, failed). Safe in several processes."""
    sent = failed = 0
    for _ in range(limit):
        message = _claim_next()
        if message is None:
            break
        if _deliver_one(app, message):
            sent += 1
        else:
            failed += 1
    return sent, failed


def deliver_forever(app: Flask, every: float, on_round: object = None,
                    work: Callable[[Flask], tuple[int, ...]] | None = None) -> None:
    """Run ``work`` (by default: deliver the mail) every ``every`` seconds until stopped; a failed
    round is logged and the next one runs."""
    while True:
        try:
            with app.app_context():
                result = (work or deliver)(app)
            if callable(on_round):
                on_round(*result)
        except Exception:  # the database gone for a moment must not end the worker
            log.exception("outbox round failed; trying again in %s seconds", every)
            with app.app_context():
                db.session.rollback()
        time.sleep(every)


def _due() -> object:
    now = utcnow()
    return (OutboxMessage.sent_at.is_(None) & OutboxMessage.failed_at.is_(None)
            & (OutboxMessage.next_attempt_at <= now)
            & or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now))


def _claim_next() -> OutboxMessage | None:
    """Claim the oldest due message for this worker, committed at once; None when none is due."""
    while True:
        candidates = db.session.scalars(select(OutboxMessage.id).where(_due())
                                        .order_by(OutboxMessage.id).limit(10)).all()
        db.session.rollback()  # end the read, so SQLite's write below sees the newest data
        if not candidates:
            return None
        for message_id in candidates:
            # The claim is the UPDATE's own condition: of two workers, exactly one changes the row.
            claimed = db.session.execute(
                update(OutboxMessage).where(OutboxMessage.id == message_id, _due())
                .values(claimed_until=utcnow() + LEASE), execution_options={"synchronize_session": False})
            db.session.commit()
            if claimed.rowcount == 1:
                return db.session.get(OutboxMessage, message_id)
        # Every candidate went to another worker: look again.


def _deliver_one(app: Flask, message: OutboxMessage) -> bool:
    """Try one claimed message and record the outcome; True if it was sent."""
    try:
        try:
            email = _as_email(app, message)
        except Exception as exc:  # e.g. an address Python's email package cannot parse
            raise PermanentFailure(f"could not be built: {type(exc).__name__}: {exc}") from exc
        _send(app, email)
    except PermanentFailure as exc:
        _record(message, failed_at=utcnow(), last_error=str(exc)[:500], body_text="")
        log.error("outbox message %s failed for good: %s", message.id, str(exc).split(":", 1)[0])
        return False
    except Exception as exc:  # a mail server down or slow, a full disk: try again later
        attempts = message.attempts + 1
        error = f"{type(exc).__name__}: {exc}"[:500]
        if attempts >= MAX_ATTEMPTS:
            _record(message, attempts=attempts, failed_at=utcnow(), last_error=error, body_text="")
        else:
            _record(message, attempts=attempts, last_error=error,
                    next_attempt_at=utcnow() + dt.timedelta(minutes=min(2 ** attempts, 360)))
        log.warning("outbox message %s not sent (attempt %s): %s", message.id, attempts, type(exc).__name__)
        return False
    # Sign-in links and codes must not outlive their use in a database backup.
    _record(message, attempts=message.attempts + 1, sent_at=utcnow(), body_text="")
    return True


def _record(message: OutboxMessage, **values: object) -> None:
    """Write a message's outcome and give up the claim, committed at once."""
    for name, value in {"claimed_until": None, **values}.items():
        setattr(message, name, value)
    db.session.commit()


def sender(app: Flask) -> str:
    """Who the council's emails are from: the council's name and its own address, from site.yaml's
    ``mail_from`` (PORTAL_MAIL_FROM overrides it; without either, noreply@ the site's own domain)."""
    site = site_config(app)
    address = app.config["MAIL_FROM"] or site.mail_from or f"noreply@{urlsplit(site.base_url).hostname}"
    return formataddr((site.council_name, address))


_HEADERS_UNFOLDED = default_policy.clone(max_line_length=998)  # RFC 5322's limit for a line


def _as_email(app: Flask, message: OutboxMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender(app)
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Date"] = format_datetime(message.created_at if message.created_at.tzinfo else
                                    message.created_at.replace(tzinfo=dt.UTC))
    email["Message-ID"] = make_msgid(idstring=f"outbox{message.id}")
    email.set_content(message.body_text)
    # Headers are folded at 998 characters, not 78: Python 3.11's folder splits a long subject in
    # Urdu or Welsh into encoded words at a space and drops that space ("جانے کی" arrives as
    # "جانےکی"). The body is already encoded above, in lines of 76 characters.
    email.policy = _HEADERS_UNFOLDED
    bytes(email)  # serialising finds what setting the headers let through
    return email


def _send(app: Flask, email: EmailMessage) -> None:
    if app.config["MAIL_MODE"] == "folder":
        folder = Path(app.config["MAIL_FOLDER"])
        folder.mkdir(parents=True, exist_ok=True)
        name = email["Message-ID"].strip("<>").replace("@", "_").replace("/", "_")
        (folder / f"{name}.eml").write_bytes(bytes(email))
        return
    try:
        with smtplib.SMTP(app.config["SMTP_HOST"], app.config["SMTP_PORT"], timeout=30) as smtp:
            smtp.send_message(email)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        if codes and all(code >= 500 for code in codes):
            raise PermanentFailure(f"refused by the mail server: {codes[0]}") from exc
        raise
    except smtplib.SMTPDataError as exc:
        if exc.smtp_code >= 500:
            raise PermanentFailure(f"refused by the mail server: {exc.smtp_code} {exc.smtp_error!r}") from exc
        raise
