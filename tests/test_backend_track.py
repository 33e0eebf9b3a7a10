"""Tracking a report without an account, and the signed tracking link in the confirmation email."""

from __future__ import annotations

import datetime as dt
import re

from backend_support import Journey, csrf_token, reference_on, soup
from freezegun import freeze_time

from backend.cases.reports import tracking_url
from backend.council import forms_of
from backend.mail.outbox import deliver
from backend.storage.db import db
from backend.storage.models import Report, ReportUpdate
from backend.web.tokens import make_token

INVALID = "This link has expired or is not valid"


def make_report(app, client, slug: str = "report-a-pothole") -> Report:
    reference = reference_on(Journey(client, forms_of(app)[slug]).complete())
    return db.session.scalars(db.select(Report).where(Report.reference == reference)).one()


def track(client, reference: str, contact: str):
    page = client.get("/track/")
    return client.post("/track/", data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                                        "reference": reference, "contact": contact})


def test_track_by_reference_and_email_shows_status_and_public_history(app, client) -> None:
    report = make_report(app, client)
    db.session.add_all([
        ReportUpdate(report=report, visibility="public", author="staff", status="scheduled",
                     text="A repair is booked for next week."),
        ReportUpdate(report=report, visibility="internal", author="staff", text="Contractor is Acme Roads"),
    ])
    report.status = "scheduled"
    db.session.commit()
    page = soup(track(app.test_client(), report.reference.lower().replace("-", " "), "RESIDENT@example.com"))
    text = page.get_text(" ", strip=True)
    assert page.find("h1").get_text() == "Report a pothole"
    assert "Scheduled" in page.select_one(".status").get_text()
    assert "A repair is booked for next week." in text
    assert "Acme Roads" not in text  # internal notes never reach residents
    for personal in ("Alex Resident", "resident@example.com", "0116 496 0123"):
        assert personal not in text, personal
    assert page.find("img") is None or "logo" in page.find("img")["src"]


def test_track_by_postcode(app, client) -> None:
    report = make_report(app, client, "report-a-missed-bin")  # its form asks for a postcode
    assert report.postcode == "KF1 1AA"
    page = track(app.test_client(), report.reference, "kf11aa")
    assert page.status_code == 200 and soup(page).find("h1").get_text() == "Report a missed bin"
    assert track(app.test_client(), report.reference, "KF9 9ZZ").status_code == 400


def test_wrong_details_get_one_message_whatever_was_wrong(app, client) -> None:
    report = make_report(app, client)
    other = app.test_client()
    wrong_email = track(other, report.reference, "someone@example.com")
    unknown = track(other, "4QM-7XH-9RK" if report.reference != "4QM-7XH-9RK" else "4QM-7XH-9RM",
                    "resident@example.com")
    for response in (wrong_email,):
        assert response.status_code == 400
        assert "We could not find a report with that reference" in soup(response).select_one(".error-summary").text
    assert unknown.status_code == 400
    mistyped = track(other, report.reference[:-1] + ("2" if report.reference[-1] != "2" else "3"),
                     "resident@example.com")
    assert "Enter your reference as it is in your email" in mistyped.get_data(as_text=True)


def test_overdue_is_shown_plainly(app, client) -> None:
    report = make_report(app, client)
    report.due_date = dt.date(2020, 1, 6)
    db.session.commit()
    page = soup(track(app.test_client(), report.reference, "resident@example.com"))
    assert "Overdue" in page.select_one(".overdue").get_text()


def test_confirmation_email_link_opens_the_tracking_page(app, client, smtp_inbox) -> None:
    report = make_report(app, client)
    deliver(app)
    body = smtp_inbox.messages[0].get_payload(decode=True).decode()
    link = re.search(r"https://www\.kestrelford\.example(/track/\S+)", body).group(1)
    page = app.test_client().get(link)
    assert page.status_code == 200 and soup(page).find("h1").get_text() == "Report a pothole"
    assert report.reference in page.get_data(as_text=True)


def test_tracking_link_expires_after_90_days(app, client) -> None:
    report = make_report(app, client)
    with freeze_time(dt.datetime.now(dt.UTC)):
        path = tracking_url(report).split("example", 1)[1]
    with freeze_time(dt.datetime.now(dt.UTC) + dt.timedelta(days=89)):
        assert app.test_client().get(path).status_code == 200
    with freeze_time(dt.datetime.now(dt.UTC) + dt.timedelta(days=91)):
        response = app.test_client().get(path)
        assert response.status_code == 400 and INVALID in response.get_data(as_text=True)


def test_bad_tracking_tokens_all_get_the_same_page(app, client) -> None:
    report = make_report(app, client)
    good = make_token("track", report.id)
    tampered = good[:-2] + ("AA" if good[-2:] != "AA" else "BB")
    wrong_purpose = make_token("resident-sign-in", report.id)
    pages = [app.test_client().get(f"/track/{t}") for t in (tampered, good[:20], wrong_purpose, "nonsense")]
    assert {p.status_code for p in pages} == {400}
    assert len({p.get_data(as_text=True) for p in pages}) == 1
    assert INVALID in pages[0].get_data(as_text=True)


def _answers_on(page) -> dict[str, str]:
    return {row.dt.get_text(strip=True): row.dd.get_text(strip=True) for row in page.select(".summary-list__row")}


def test_two_potholes_look_different_and_no_contact_details_are_shown(app, client) -> None:
    journey = Journey(client, forms_of(app)["report-a-pothole"])
    first = reference_on(journey.complete({"location": "Outside 3 Mill Lane", "position": "near-the-kerb"}))
    second = reference_on(Journey(app.test_client(), journey.form).complete(
        {"location": "Corner of Station Road and Elm Way", "depth": "more-than-10cm"}))
    one = _answers_on(soup(track(app.test_client(), first, "resident@example.com")))
    two = _answers_on(soup(track(app.test_client(), second, "resident@example.com")))
    assert one["Where is the pothole?"] == "Outside 3 Mill Lane"
    assert one["Where on the road is it?"] == "Near the kerb"
    assert two["Where is the pothole?"] == "Corner of Station Road and Elm Way"
    assert two["How deep is it?"] == "More than 10cm"
    for answers in (one, two):
        assert not {"Full name", "Email address", "Phone number"} & answers.keys()
        assert "resident@example.com" not in answers.values() and "Alex Resident" not in answers.values()


def test_tracking_never_shows_postcodes_or_free_text(app, client) -> None:
    report = make_report(app, client, "report-a-missed-bin")
    text = soup(track(app.test_client(), report.reference, "KF1 1AA")).get_text(" ", strip=True)
    assert "KF1 1AA" not in text.upper().replace("KF11AA", "KF1 1AA")
    assert "Outside number 12" not in text  # what a resident typed in a text box may name people
def test_backend_pages_share_the_header_with_tracking_sign_in_and_search(client) -> None:
    for url in ("/track/", "/account/sign-in"):
        header = soup(client.get(url)).select_one("header.site-header")
        hrefs = [a["href"] for a in header.select("nav a")]
        assert "/track/" in hrefs and "/account/sign-in" in hrefs, url
        assert header.select_one("form[role=search][action='/search/'] input[name=q]"), url


def test_report_a_problem_link_never_carries_a_tracking_token(app, client) -> None:
    report = make_report(app, client)
    token = make_token("track", report.id)
    page = soup(client.get(f"/track/{token}"))
    link = page.select_one("footer a[href*='report-a-problem-with-this-page']")["href"]
    assert token not in link and "page_address=https%3A//www.kestrelford.example/track/%3Ctoken%3E" in link


def test_a_case_with_twenty_updates_is_tracked_in_one_statement(app, client) -> None:
    """The tracking page reads the report and its history together, not one query per entry."""
    from sqlalchemy import event

    report = make_report(app, client)
    db.session.add_all([ReportUpdate(report=report, visibility="public", author="staff", text=f"Update number {n}")
                        for n in range(1, 21)])
    db.session.commit()
    link = tracking_url(report).removeprefix("https://www.kestrelford.example")
    db.session.remove()  # nothing of the report left in memory: the page has to read it all
    statements: list[str] = []

    def keep(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        page = app.test_client().get(link)
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    assert page.status_code == 200
    shown = soup(page).select(".timeline__item")
    assert len(shown) == 21  # "Received" and the twenty updates, newest first
    assert "Update number 20" in shown[0].get_text()
    assert [s for s in statements if s.lstrip().upper().startswith("SELECT")] == statements
    assert len(statements) == 1, statements
