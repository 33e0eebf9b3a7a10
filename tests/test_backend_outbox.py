"""Email goes through the outbox: retried when the mail server is down, never sent twice."""

from __future__ import annotations

import datetime as dt
import socket

from backend.mail.outbox import deliver, enqueue
from backend.storage.db import db
from backend.storage.models import OutboxMessage


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_failed_delivery_is_retried_later_then_sent_once(app, smtp_inbox) -> None:
    enqueue("resident@example.com", "Your reference", "Body text")
    db.session.commit()
    working_port = app.config["SMTP_PORT"]
    app.config["SMTP_PORT"] = closed_port()
    assert deliver(app) == (0, 1)
    message = db.session.scalars(db.select(OutboxMessage)).one()
    assert message.attempts == 1 and message.sent_at is None
    assert "ConnectionRefusedError" in message.last_error
    app.config["SMTP_PORT"] = working_port
    assert deliver(app) == (0, 0)  # not due yet: it waits before trying again
    message.next_attempt_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    db.session.commit()
    assert deliver(app) == (1, 0)
    assert deliver(app) == (0, 0)
    assert [m["Subject"] for m in smtp_inbox.messages] == ["Your reference"]


def test_folder_mode_writes_eml_files(app, tmp_path) -> None:
    app.config.update(MAIL_MODE="folder", MAIL_FOLDER=tmp_path / "outbox")
    enqueue("resident@example.com", "Your reference is 4QM-7XH-9RK", "Hello")
    db.session.commit()
    assert deliver(app) == (1, 0)
    [eml] = (tmp_path / "outbox").glob("*.eml")
    text = eml.read_text()
    assert "To: resident@example.com" in text and "Subject: Your reference is 4QM-7XH-9RK" in text


def test_message_not_committed_is_never_sent(app, smtp_inbox) -> None:
    enqueue("resident@example.com", "Rolled back", "Body")
    db.session.rollback()
    assert deliver(app) == (0, 0)
    assert smtp_inbox.messages == []


def test_sent_messages_do_not_keep_their_text(app, smtp_inbox) -> None:
    enqueue("resident@example.com", "Sign in", "https://www.kestrelford.example/account/sign-in/secret-link")
    db.session.commit()
    deliver(app)
    message = db.session.scalars(db.select(OutboxMessage)).one()
    assert message.sent_at is not None and message.body_text == ""
    assert "secret-link" in smtp_inbox.messages[0].get_payload(decode=True).decode()
