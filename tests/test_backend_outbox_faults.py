"""Mail never stops: a bad message is set aside, a refusal for good is not retried, a killed or
doubled worker sends each message once."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from backend_support import free_port

from backend.mail.outbox import deliver, enqueue
from backend.storage.db import db
from backend.storage.models import OutboxMessage, as_utc, utcnow


class PickyServer:
    """Refuses some recipients (550 for good, 451 for now) and can hold one message mid-DATA."""

    def __init__(self) -> None:
        self.subjects: list[str] = []
        self.hold_subject: str | None = None
        self.holding = threading.Event()
        self.release = threading.Event()

    async def handle_RCPT(self, _server, _session, envelope, address, _options):  # noqa: N802
        if address.startswith("nobody@"):
            return "550 5.1.1 No such mailbox"
        if address.startswith("later@"):
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, _server, _session, envelope):  # noqa: N802
        import email

        subject = email.message_from_bytes(envelope.content)["Subject"]
        if subject == self.hold_subject:
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 Gone"
        self.subjects.append(subject)
        return "250 OK"


@pytest.fixture
def picky(app):
    server = PickyServer()
    controller = Controller(server, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port)
    yield server
    server.release.set()
    controller.stop()


def queue(*addresses_and_subjects: tuple[str, str]) -> None:
    for address, subject in addresses_and_subjects:
        enqueue(address, subject, "Body")
    db.session.commit()


def messages() -> dict[str, OutboxMessage]:
    db.session.expire_all()
    return {m.subject: m for m in db.session.scalars(db.select(OutboxMessage))}


def test_a_message_that_cannot_be_built_is_failed_and_the_rest_still_go(app, picky) -> None:
    queue(("first@example.com", "first"), ("a@[.c", "crashes the email package"), ("third@example.com", "third"))
    assert deliver(app) == (2, 1)
    assert picky.subjects == ["first", "third"]
    bad = messages()["crashes the email package"]
    assert bad.failed_at is not None and bad.sent_at is None and "could not be built" in bad.last_error
    # Never tried again, and the others are not sent again either.
    bad.next_attempt_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    db.session.commit()
    assert deliver(app) == (0, 0)
    assert picky.subjects == ["first", "third"]


def test_refused_for_good_is_failed_refused_for_now_is_retried(app, picky) -> None:
    queue(("nobody@example.com", "no such mailbox"), ("later@example.com", "greylisted"),
          ("resident@example.com", "fine"))
    assert deliver(app) == (1, 2)
    found = messages()
    assert found["no such mailbox"].failed_at is not None and "550" in found["no such mailbox"].last_error
    later = found["greylisted"]
    assert later.failed_at is None and later.attempts == 1 and as_utc(later.next_attempt_at) > utcnow()
    assert picky.subjects == ["fine"]


def test_the_worker_loop_survives_a_bad_message(app, picky) -> None:
    queue(("a@[.c", "bad"), ("resident@example.com", "good"))
    worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "backend", "outbox", "deliver", "--loop",
                               "--every", "0.2"], env=_cli_env(app), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while picky.subjects != ["good"] and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)
        assert worker.poll() is None, worker.communicate()
    finally:
        worker.kill()
        worker.wait()
    assert picky.subjects == ["good"]
    assert messages()["bad"].failed_at is not None


def test_a_killed_worker_resends_at_most_the_message_in_flight(app, picky) -> None:
    queue(*[(f"resident{n}@example.com", f"message {n}") for n in range(1, 6)])
    picky.hold_subject = "message 3"
    worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "backend", "outbox", "deliver"],
                              env=_cli_env(app), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert picky.holding.wait(30), worker.communicate(timeout=5)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
    finally:
        picky.hold_subject = None
        picky.release.set()
    found = messages()
    assert [s for s, m in found.items() if m.sent_at is not None] == ["message 1", "message 2"]
    assert found["message 3"].claimed_until is not None  # still claimed by the dead worker...
    assert deliver(app) == (2, 0)  # ...so the others go at once, and it goes when its lease lapses
    found["message 3"].claimed_until = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    db.session.commit()
    assert deliver(app) == (1, 0)
    assert sorted(picky.subjects) == [f"message {n}" for n in range(1, 6)]


def test_two_workers_at_once_send_each_message_exactly_once(app, smtp_inbox) -> None:
    queue(*[(f"resident{n}@example.com", f"message {n}") for n in range(40)])
    results: list[tuple[int, int]] = []
    start = threading.Barrier(2)

    def worker() -> None:
        with app.app_context():
            start.wait()
            results.append(deliver(app))
            db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    subjects = [m["Subject"] for m in smtp_inbox.messages]
    assert sorted(subjects) == sorted(f"message {n}" for n in range(40))
    assert sum(sent for sent, _ in results) == 40
    assert all(m.sent_at is not None for m in messages().values())


def _cli_env(app) -> dict[str, str]:
    return {**os.environ, "PORTAL_INSTANCE_DIR": app.instance_path,
            "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": "test-secret",
            "PORTAL_MAIL_MODE": "smtp", "PORTAL_SMTP_HOST": app.config["SMTP_HOST"],
            "PORTAL_SMTP_PORT": str(app.config["SMTP_PORT"]), "PYTHONPATH": str(Path(__file__).parent.parent)}
