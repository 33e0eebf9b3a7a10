"""Nothing half-done, nothing twice: a report and its email commit together even under SIGKILL,
two presses of "Send" make one report, one sign-in link signs in one browser."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

from backend_support import Journey, csrf_token, reference_on
from test_backend_account import ask_for_link, link_from_mail

from backend.council import forms_of
from backend.storage.db import db
from backend.storage.models import Draft, LoginSession, OutboxMessage, Photo, Report

TESTS = Path(__file__).parent
KILLED_CHILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from backend import create_app
    from backend.config import Config
    from backend.council import forms_of
    from backend_support import Journey

    app = create_app(Config(INSTANCE_DIR=Path({instance!r}), DATABASE_URL={url!r}, TESTING=True,
                            SECRET_KEY="test-secret", PUBLIC_URL="https://www.kestrelford.example"))

    def pause(name):
        if name == "report-stored":
            Path({marker!r}).write_text(name)
            time.sleep(120)  # the test kills the process here

    app.config["FAULT_HOOK"] = pause
    with app.app_context():
        Journey(app.test_client(), forms_of(app)["report-a-pothole"]).complete()
""")


def test_a_process_killed_between_report_and_email_stores_neither(app, tmp_path) -> None:
    marker = tmp_path / "paused"
    script = KILLED_CHILD.format(tests=str(TESTS), instance=app.instance_path, marker=str(marker),
                                 url=app.config["SQLALCHEMY_DATABASE_URI"])
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None and time.monotonic() < deadline, child.communicate()
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    finally:
        child.kill()
    db.session.expire_all()
    assert db.session.scalars(db.select(Report)).all() == []
    assert db.session.scalars(db.select(OutboxMessage)).all() == []
    # The resident's draft and photo are still there, so pressing "Send" again works.
    [draft] = db.session.scalars(db.select(Draft)).all()
    assert [p.draft_id for p in db.session.scalars(db.select(Photo))] == [draft.id]


def test_two_presses_of_send_at_once_make_one_report_and_one_email(app) -> None:
    form = forms_of(app)["report-a-pothole"]
    first = app.test_client()
    journey = Journey(first, form)
    for number in range(1, len(form.pages) + 1):
        assert journey.answer_page(number).status_code == 302
    second = app.test_client()
    second.set_cookie("session", first.get_cookie("session").value)
    token = csrf_token(first.get("/submit/report-a-pothole/check").get_data(as_text=True))
    # Hold each press just after its report is written, until the other has arrived (or 2 s pass):
    # both are then inside their transactions at once.
    arrivals, both_here = itertools.count(), threading.Event()

    def meet(name: str) -> None:
        if name == "report-stored":
            if next(arrivals) >= 1:
                both_here.set()
            both_here.wait(2)

    app.config["FAULT_HOOK"] = meet
    responses: dict[int, object] = {}

    def press(number: int, client) -> None:
        responses[number] = client.post("/submit/report-a-pothole/check", data={"csrf_token": token})

    threads = [threading.Thread(target=press, args=pair) for pair in enumerate((first, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    app.config["FAULT_HOOK"] = None
    assert [r.status_code for r in responses.values()] == [302, 302]
    db.session.expire_all()
    [report] = db.session.scalars(db.select(Report)).all()
    assert len(db.session.scalars(db.select(OutboxMessage)).all()) == 1
    for client in (first, second):
        assert reference_on(client.get("/submit/report-a-pothole/done")) == report.reference
    # Pressed again later, from the page still open: the same confirmation, still one report.
    late = second.post("/submit/report-a-pothole/check", data={"csrf_token": token})
    assert late.status_code == 302 and late.headers["Location"].endswith("/done")
    assert len(db.session.scalars(db.select(Report)).all()) == 1


def test_one_sign_in_link_pressed_in_eight_browsers_signs_in_one(app, smtp_inbox) -> None:
    ask_for_link(app.test_client(), "sam@example.com")
    link = link_from_mail(app, smtp_inbox)
    browsers = [app.test_client() for _ in range(8)]
    tokens = [csrf_token(b.get(link).get_data(as_text=True)) for b in browsers]
    ready = threading.Barrier(len(browsers))
    statuses: list[int] = []

    def press(browser, token: str) -> None:
        ready.wait()
        statuses.append(browser.post(link, data={"csrf_token": token}).status_code)

    threads = [threading.Thread(target=press, args=pair) for pair in zip(browsers, tokens, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(statuses) == [302] + [400] * 7
    db.session.expire_all()
    assert len(db.session.scalars(db.select(LoginSession)).all()) == 1
