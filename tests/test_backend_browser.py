"""The main journey in a real browser (headless Chromium), against the real server on loopback:
report → confirmation → email link → track → sign in → see the report → staff update →
the resident sees it and is emailed."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from backend_support import png_bytes
from conftest import PROJECT, build, need_chromium
from werkzeug.serving import make_server

from backend.council import forms_of
from backend.mail.outbox import deliver
from backend.storage.db import db
from backend.storage.models import Report, Staff

PASSWORD = "correct horse battery staple"


@pytest.fixture
def server(app, tmp_path: Path):
    """The backend serving the built sample site too, as `make run` does, on a free loopback port."""
    need_chromium()
    site = build(PROJECT / "content", tmp_path / "site", forms_dir=PROJECT / "forms", search=False)
    app.config.update(SITE_DIR=site.output, PUBLIC_URL="")
    from backend.web import site as static_site

    app.register_blueprint(static_site.bp)
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()



def last_mail_to(smtp_inbox, address: str) -> str:
    message = [m for m in smtp_inbox.messages if m["To"] == address][-1]
    return message.get_payload(decode=True).decode()


def fill_page(page, spec_page, tmp_path: Path) -> None:
    """Answer each question as a resident would: type, choose, attach."""
    for field in spec_page.fields:
        if field.type in ("radios", "checkboxes"):
            page.locator(f"#{field.name}-1").check()
        elif field.type == "select":
            page.locator(f"#{field.name}").select_option(index=1)
        elif field.type == "date":
            for box, value in (("day", "20"), ("month", "11"), ("year", "2026")):
                page.get_by_label(box.capitalize(), exact=True).and_(page.locator(f"#{field.name}-{box}")).fill(value)
        elif field.type == "photo":
            photo = tmp_path / "pothole.png"
            photo.write_bytes(png_bytes((120, 90)))
            page.locator(f"#{field.name}").set_input_files(str(photo))
        else:
            value = {"email": "browser.resident@example.com", "tel": "0116 496 0123", "date": "2026-11-20",
                     "postcode": "KF1 1AA", "number": "1", "name": "Robin Resident"}.get(
                field.type if field.name != "name" else "name", "Outside 14 Mill Lane")
            page.locator(f"#{field.name}").fill(value[: field.max_length] if field.max_length else value)
    page.get_by_role("button", name="Continue").click()


def test_report_track_sign_in_staff_update_resident_sees_it(app, server, browser, smtp_inbox, tmp_path) -> None:
    form = forms_of(app)["report-a-pothole"]
    resident = browser.new_page()
    resident.set_default_timeout(60_000)  # a busy CI machine is slow, not broken

    # The resident finds the service, starts the form, answers every page and sends it.
    resident.goto(f"{server}/services/report-a-pothole/")
    resident.locator(".form-start a").click()
    resident.get_by_role("button", name="Start now").click()
    for spec_page in form.pages:
        fill_page(resident, spec_page, tmp_path)
    assert resident.title().startswith("Check your answers")
    resident.get_by_role("button", name="Send report").click()
    reference = resident.locator(".reference").inner_text().strip()
    assert resident.locator("h1").inner_text() == "Report sent"
    # On a phone the reference stays whole ("S6W-793-2AQ", not "S6W-793-" / "2AQ").
    resident.set_viewport_size({"width": 320, "height": 640})
    assert resident.locator(".reference").evaluate("el => el.getClientRects().length") == 1
    assert resident.evaluate("() => document.documentElement.scrollWidth") <= 320
    resident.set_viewport_size({"width": 1280, "height": 720})

    # The confirmation email carries the reference and a tracking link that opens the status.
    deliver(app)
    mail = last_mail_to(smtp_inbox, "browser.resident@example.com")
    assert reference in mail
    tracking = re.search(r"(/track/\S+)", mail).group(1)
    resident.goto(server + tracking)
    assert resident.locator(".status").inner_text() == "Received"

    # The resident signs in with a link by email and sees the report.
    resident.goto(f"{server}/account/sign-in")
    resident.get_by_label("Email address").fill("browser.resident@example.com")
    resident.get_by_role("button", name="Email me a sign-in link").click()
    assert resident.locator("h1").inner_text() == "Check your email"
    deliver(app)
    link = re.search(r"(/account/sign-in/\S+)", last_mail_to(smtp_inbox, "browser.resident@example.com")).group(1)
    resident.goto(server + link)
    resident.get_by_role("button", name="Sign in").click()
    resident.set_viewport_size({"width": 320, "height": 640})  # "Your reports" stacks, the reference whole
    assert resident.get_by_role("link", name=reference).evaluate("a => a.getClientRects().length") == 1
    assert resident.get_by_role("link", name=reference).evaluate(
        "a => getComputedStyle(a.closest('td')).display") == "block"
    resident.set_viewport_size({"width": 1280, "height": 720})
    resident.get_by_role("link", name=reference).click()
    assert resident.locator("h1").inner_text() == "Report a pothole"

    # An officer signs in (password, then the emailed code) and updates the case.
    report = db.session.scalar(db.select(Report).where(Report.reference == reference))
    from werkzeug.security import generate_password_hash

    db.session.add(Staff(email="officer@kestrelford.example", department=report.department,
                         password_hash=generate_password_hash(PASSWORD)))
    db.session.commit()
    officer = browser.new_context().new_page()
    officer.set_default_timeout(60_000)
    officer.goto(f"{server}/staff/sign-in")
    officer.get_by_label("Email address").fill("officer@kestrelford.example")
    officer.get_by_label("Password").fill(PASSWORD)
    officer.get_by_role("button", name="Continue").click()
    deliver(app)
    code = re.search(r"^(\d{6})\s*$", last_mail_to(smtp_inbox, "officer@kestrelford.example"), re.M).group(1)
    officer.locator("input[name=code]").fill(code)
    officer.get_by_role("button", name="Sign in").click()
    officer.get_by_role("link", name=reference).click()
    officer.locator("#status").select_option("scheduled")
    officer.locator("#status_message").fill("A crew will fill it on Thursday.")
    officer.get_by_role("button", name="Change the status").click()

    # The resident sees the update in their history and gets an email about it.
    resident.reload()
    history = resident.locator(".timeline").inner_text()
    assert "A crew will fill it on Thursday." in history
    assert resident.locator(".status").inner_text() == "Scheduled"
    deliver(app)
    assert "A crew will fill it on Thursday." in last_mail_to(smtp_inbox, "browser.resident@example.com")
