"""The passwordless account: sign-in links, the resident's reports, details, data and deletion."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import re
import secrets

import pytest
from backend_support import Journey, csrf_token, png_bytes, reference_on, soup
from freezegun import freeze_time

from backend.council import forms_of
from backend.mail.outbox import deliver
from backend.storage.db import db
from backend.storage.models import Account, Photo, Report, ReportUpdate
from backend.web.tokens import make_token

INVALID = "This link has expired or is not valid"


def report_for(app, email: str, slug: str = "report-a-pothole") -> Report:
    client = app.test_client()
    reference = reference_on(Journey(client, forms_of(app)[slug]).complete({"email": email}))
    return db.session.scalars(db.select(Report).where(Report.reference == reference)).one()


def ask_for_link(client, email: str):
    page = client.get("/account/sign-in")
    return client.post("/account/sign-in", data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                                                 "email": email})


def link_from_mail(app, smtp_inbox) -> str:
    deliver(app)
    body = smtp_inbox.messages[-1].get_payload(decode=True).decode()
    return re.search(r"https://www\.kestrelford\.example(/account/sign-in/\S+)", body).group(1)


def signed_in(app, smtp_inbox, email: str):
    client = app.test_client()
    ask_for_link(client, email)
    link = link_from_mail(app, smtp_inbox)
    page = client.get(link)
    response = client.post(link, data={"csrf_token": csrf_token(page.get_data(as_text=True))})
    assert response.status_code == 302, response.status_code
    return client


def test_sign_in_by_email_link_then_see_every_report_newest_first(app, smtp_inbox) -> None:
    first = report_for(app, "sam@example.com", "report-a-missed-bin")
    second = report_for(app, "sam@example.com", "report-a-pothole")
    report_for(app, "other@example.com")
    client = app.test_client()
    answer = ask_for_link(client, "Sam@Example.com")
    assert soup(answer).find("h1").get_text() == "Check your email"
    link = link_from_mail(app, smtp_inbox)
    # Opening the link (as a mail scanner would) does not use it up.
    for _ in range(2):
        confirm = client.get(link)
        assert soup(confirm).find("main").find("button").get_text() == "Sign in"
    client.post(link, data={"csrf_token": csrf_token(confirm.get_data(as_text=True))})
    listing = soup(client.get("/account/"))
    rows = [[td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in listing.select("tbody tr")]
    assert [r[0] for r in rows] == [second.reference, first.reference]
    assert rows[0][1:3] == ["Report a pothole", "Received"]
    # The link worked once; a second use gets the invalid-link page.
    reused = client.post(link, data={"csrf_token": csrf_token(confirm.get_data(as_text=True))})
    assert reused.status_code == 400 and INVALID in reused.get_data(as_text=True)


def test_answer_is_the_same_for_known_and_unknown_addresses(app, smtp_inbox) -> None:
    report_for(app, "known@example.com")
    known = ask_for_link(app.test_client(), "known@example.com")
    unknown = ask_for_link(app.test_client(), "nobody@example.com")
    assert known.status_code == unknown.status_code == 200
    strip = lambda r: re.sub(r'value="[^"]+"', "", r.get_data(as_text=True))  # noqa: E731
    assert strip(known) == strip(unknown)


def test_link_expires_after_ten_minutes(app, smtp_inbox) -> None:
    client = app.test_client()
    start = dt.datetime.now(dt.UTC)
    with freeze_time(start):
        ask_for_link(client, "sam@example.com")
        link = link_from_mail(app, smtp_inbox)
    with freeze_time(start + dt.timedelta(minutes=11)):
        response = client.get(link)
        assert response.status_code == 400 and INVALID in response.get_data(as_text=True)


def test_five_links_an_hour_per_address(app, smtp_inbox) -> None:
    client = app.test_client()
    codes = [ask_for_link(client, "sam@example.com").status_code for _ in range(6)]
    assert codes == [200] * 5 + [429]
    assert ask_for_link(client, "someone-else@example.com").status_code == 200


def test_twenty_links_an_hour_per_ip(app, smtp_inbox) -> None:
    client = app.test_client()
    codes = [ask_for_link(client, f"person{i}@example.com").status_code for i in range(21)]
    assert codes[:20] == [200] * 20 and codes[20] == 429


def test_resident_adds_an_update_and_a_photo_and_sees_staff_replies(app, smtp_inbox) -> None:
    report = report_for(app, "sam@example.com")
    db.session.add(ReportUpdate(report=report, visibility="public", author="staff", text="We have inspected it."))
    db.session.add(ReportUpdate(report=report, visibility="internal", author="staff", text="Secret internal note"))
    db.session.commit()
    client = signed_in(app, smtp_inbox, "sam@example.com")
    url = f"/account/reports/{report.reference}"
    page = client.get(url)
    text = soup(page).get_text(" ", strip=True)
    assert "We have inspected it." in text and "Secret internal note" not in text
    sent = client.post(url, data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                                  "text": "It is getting bigger.", "photos": [(io.BytesIO(png_bytes()), "hole.png")]},
                       content_type="multipart/form-data")
    assert sent.status_code == 302
    page = soup(client.get(url))
    assert "It is getting bigger." in page.get_text()
    image = page.select_one(".photo-list img")
    assert client.get(image["src"]).mimetype == "image/png"


def test_closed_report_cannot_be_added_to(app, smtp_inbox) -> None:
    report = report_for(app, "sam@example.com")
    report.status = "resolved"
    db.session.commit()
    client = signed_in(app, smtp_inbox, "sam@example.com")
    page = client.get(f"/account/reports/{report.reference}")
    assert soup(page).find("textarea") is None


def test_saved_details_are_filled_in_on_forms(app, smtp_inbox) -> None:
    client = signed_in(app, smtp_inbox, "sam@example.com")
    page = client.get("/account/details")
    client.post("/account/details", data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                                          "name": "Sam Example", "phone": "0116 496 0777", "postcode": "kf2 3bb"})
    form = forms_of(app)["report-a-missed-bin"]
    journey = Journey(client, form)
    for number in range(1, len(form.pages)):
        journey.answer_page(number)
    contact = soup(client.get(f"/submit/report-a-missed-bin/{len(form.pages)}"))
    assert contact.find(id="name")["value"] == "Sam Example"
    assert contact.find(id="email")["value"] == "sam@example.com"
    assert contact.find(id="phone")["value"] == "0116 496 0777"


def test_download_my_data(app, smtp_inbox) -> None:
    report = report_for(app, "sam@example.com")
    db.session.add(ReportUpdate(report=report, visibility="internal", author="staff", text="Internal only"))
    db.session.commit()
    client = signed_in(app, smtp_inbox, "sam@example.com")
    response = client.get("/account/download")
    assert response.headers["Content-Disposition"] == 'attachment; filename="my-data.json"'
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == "sam@example.com"
    assert [r["reference"] for r in data["reports"]] == [report.reference]
    assert "Internal only" not in response.get_data(as_text=True)


def test_delete_account_removes_personal_data_and_keeps_an_anonymous_report(app, smtp_inbox) -> None:
    report = report_for(app, "sam@example.com", "report-a-pothole")
    assert db.session.scalars(db.select(Photo)).all()  # the journey sent a photo
    client = signed_in(app, smtp_inbox, "sam@example.com")
    page = client.get("/account/delete")
    done = client.post("/account/delete", data={"csrf_token": csrf_token(page.get_data(as_text=True))})
    assert "Your account has been deleted" in done.get_data(as_text=True)
    db.session.expire_all()
    kept = db.session.get(Report, report.id)
    assert (kept.name, kept.email, kept.phone, kept.postcode, kept.answers) == (None, None, None, None, {})
    assert kept.form_slug == "report-a-pothole" and kept.department
    assert db.session.scalars(db.select(Account)).all() == []
    assert db.session.scalars(db.select(Photo)).all() == []
    assert not any(app.config["UPLOAD_DIR"].iterdir())
    assert client.get("/account/").status_code == 302  # signed out


def test_sign_out_ends_the_session_on_the_server(app, smtp_inbox) -> None:
    client = signed_in(app, smtp_inbox, "sam@example.com")
    cookie = client.get_cookie("session").value
    page = client.get("/account/")
    client.post("/account/sign-out", data={"csrf_token": csrf_token(page.get_data(as_text=True))})
    replay = app.test_client()
    replay.set_cookie("session", cookie)
    assert replay.get("/account/").status_code == 302


def test_session_lapses_after_30_minutes_idle_and_12_hours_in_all(app, smtp_inbox) -> None:
    start = dt.datetime.now(dt.UTC)
    with freeze_time(start):
        client = signed_in(app, smtp_inbox, "sam@example.com")
    with freeze_time(start + dt.timedelta(minutes=29)):
        assert client.get("/account/").status_code == 200
    with freeze_time(start + dt.timedelta(minutes=60)):
        assert client.get("/account/").status_code == 302
    with freeze_time(start):
        busy = signed_in(app, smtp_inbox, "sam@example.com")
    for minutes in range(25, 12 * 60, 25):  # used every 25 minutes, all day
        with freeze_time(start + dt.timedelta(minutes=minutes)):
            assert busy.get("/account/").status_code == 200
    with freeze_time(start + dt.timedelta(hours=12, minutes=5)):
        assert busy.get("/account/").status_code == 302


def test_no_resident_can_reach_another_residents_report_photo_or_details(app, smtp_inbox) -> None:
    victim = report_for(app, "victim@example.com", "report-a-pothole")
    photo = db.session.scalars(db.select(Photo).where(Photo.report_id == victim.id)).first()
    intruder = signed_in(app, smtp_inbox, "intruder@example.com")
    values = {"reference": victim.reference, "photo_id": photo.id}
    tried = 0
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith(("account.", "track.")) or not rule.arguments:
            continue
        if not set(rule.arguments) <= set(values):
            continue
        url = rule.build(values, append_unknown=False)[1]
        for method in sorted(rule.methods & {"GET", "POST"}):
            response = intruder.open(url, method=method, data={})
            body = response.get_data(as_text=True)
            assert response.status_code in (400, 404), (url, method, response.status_code)
            assert "victim@example.com" not in body and victim.reference not in body
            tried += 1
    assert tried >= 3
    own = soup(intruder.get("/account/")).get_text()
    assert victim.reference not in own


def test_secret_key_rotation_keeps_old_links_working_for_a_while(app, client) -> None:
    report = report_for(app, "sam@example.com")
    old_link = f"/track/{make_token('track', report.id)}"
    app.config.update(SECRET_KEY="the-new-key", SECRET_KEY_FALLBACKS=["test-secret"])
    assert app.test_client().get(old_link).status_code == 200
    app.config.update(SECRET_KEY_FALLBACKS=[])
    assert app.test_client().get(old_link).status_code == 400


def test_logs_hold_no_tokens_emails_or_names(app, smtp_inbox, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    report_for(app, "private.person@example.com")
    client = signed_in(app, smtp_inbox, "private.person@example.com")
    client.get("/account/")
    # Everything the portal and its libraries logged; "mail.*" is the test's own SMTP server.
    logged = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("mail."))
    assert "private.person@example.com" not in logged and "Alex Resident" not in logged
    assert "/account/sign-in/" not in logged


@pytest.fixture(autouse=True)
def _reset_limits(app):
    from backend.web.security import limiter

    limiter.reset()
    yield


def test_request_logs_blank_tokens_and_email_addresses(app) -> None:
    import logging

    class Keep(logging.Handler):
        def __init__(self) -> None:
            super().__init__()
            self.lines: list[str] = []

        def emit(self, record: logging.LogRecord) -> None:
            self.lines.append(record.getMessage())

    logger, keep = logging.getLogger("werkzeug"), Keep()
    logger.addHandler(keep)
    level, logger.level = logger.level, logging.INFO
    try:
        # What Werkzeug's and Gunicorn's access logs write for a sign-in link and a tracking link.
        # (Each line differs from run to run: importing Pelican makes loggers drop repeated lines.)
        run = secrets.token_hex(4)
        logger.info('127.0.0.1 - - "%s" 200 %s', "GET /account/sign-in/IjQyZWE3.awbx.ztSx HTTP/1.1", run)
        logger.info(f'127.0.0.1 - - "GET /track/eyJhbGci.abc HTTP/1.1" 200 {run}')
        logger.info(f"mail for sam@example.com queued {run}")
    finally:
        logger.removeHandler(keep)
        logger.level = level
    assert keep.lines == [f'127.0.0.1 - - "GET /account/sign-in/[token] HTTP/1.1" 200 {run}',
                          f'127.0.0.1 - - "GET /track/[token] HTTP/1.1" 200 {run}',
                          f"mail for [email] queued {run}"]


def test_your_report_shows_what_was_reported_without_contact_details(app, smtp_inbox) -> None:
    report = report_for(app, "sam@example.com", "report-a-missed-bin")
    client = signed_in(app, smtp_inbox, "sam@example.com")
    page = soup(client.get(f"/account/reports/{report.reference}"))
    rows = {r.dt.get_text(strip=True): r.dd.get_text(strip=True) for r in page.select(".summary-list__row")}
    assert rows["Which bins did we miss?"] and rows["Where did you leave your bins?"]
    assert rows["Your address"] == "Outside number 12"  # the owner sees what they typed
    assert not {"Full name", "Email address", "Phone number", "Postcode"} & rows.keys()
    assert "KF1 1AA" not in page.get_text()
