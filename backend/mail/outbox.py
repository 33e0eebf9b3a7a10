"""Email through an outbox: queued in the same transaction as the change it reports, delivered
later by `flask --app backend outbox deliver`, with retries, by SMTP or into a folder of .eml files."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from backend.storage.db import db
from backend.storage.models import OutboxMessage, utcnow

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


def enqueue(to_address: str, subject: str, body_text: str) -> OutboxMessage:
    """Add a message to the current transaction; it goes only if that transaction commits."""
    message = OutboxMessage(to_address=to_address, subject=subject, body_text=body_text)
    db.session.add(message)
    return message


def deliver(app: Flask, *, limit: int = 100) -> tuple[int, int]:
    """Send messages that are due; return (sent, failed). Safe to run in several processes."""
    now = utcnow()
    query = (select(OutboxMessage)
             .where(OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at <= now,
                    OutboxMessage.attempts < MAX_ATTEMPTS)
             .order_by(OutboxMessage.id).limit(limit)
             .with_for_update(skip_locked=True))  # PostgreSQL: two workers never send one message
    sent = failed = 0
    for message in db.session.scalars(query).all():
        try:
            _send(app, _as_email(app, message))
        except (OSError, smtplib.SMTPException) as exc:
            message.attempts += 1
            message.next_attempt_at = now + dt.timedelta(minutes=min(2 ** message.attempts, 360))
            message.last_error = f"{type(exc).__name__}: {exc}"[:500]
            log.warning("outbox message %s not sent (attempt %s): %s", message.id, message.attempts,
                        type(exc).__name__)
            failed += 1
        else:
            message.sent_at = now
            message.attempts += 1
            # Sign-in links and codes must not outlive their use in a database backup.
            message.body_text = ""
            sent += 1
    db.session.commit()
    return sent, failed


def _as_email(app: Flask, message: OutboxMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = app.config["MAIL_FROM"]
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Date"] = format_datetime(message.created_at if message.created_at.tzinfo else
                                    message.created_at.replace(tzinfo=dt.UTC))
    email["Message-ID"] = make_msgid(idstring=f"outbox{message.id}")
    email.set_content(message.body_text)
    return email


def _send(app: Flask, email: EmailMessage) -> None:
    if app.config["MAIL_MODE"] == "folder":
        folder = Path(app.config["MAIL_FOLDER"])
        folder.mkdir(parents=True, exist_ok=True)
        name = email["Message-ID"].strip("<>").replace("@", "_").replace("/", "_")
        (folder / f"{name}.eml").write_bytes(bytes(email))
        return
    with smtplib.SMTP(app.config["SMTP_HOST"], app.config["SMTP_PORT"], timeout=30) as smtp:
        smtp.send_message(email)
