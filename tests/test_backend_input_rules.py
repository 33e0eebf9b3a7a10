"""Hostile text never reaches the database or an email: every way text enters the backend goes
through the one free-text rule and the one email rule, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from backend_support import Journey, csrf_token, soup
from staff_support import HIGHWAYS, PASSWORD, add_staff, make_report, post_with_token, sign_in

from backend.council import forms_of
from backend.storage.db import db
from backend.storage.models import Account, Report, SignInToken, Staff

LONG_DOTTED_I = "\u0130" * 130 + "@example.com"  # longer than the column once lower-cased


def contact_page(app, client, overrides: dict):
    form = forms_of(app)["report-a-pothole"]
    journey = Journey(client, form)
    for number in range(1, len(form.pages)):
        assert journey.answer_page(number).status_code == 302
    return journey.answer_page(len(form.pages), overrides)


def test_a_line_break_in_the_name_cannot_reach_an_email(app, client) -> None:
    response = contact_page(app, client, {"name": "Sam\r\nBcc: everyone@example.com"})
    assert response.status_code == 400
    assert "Full name must be on one line" in soup(response).select_one(".error-summary").get_text()
    assert db.session.scalars(db.select(Report)).all() == []


def test_addresses_the_outbox_could_not_send_to_are_refused_in_forms(app, client) -> None:
    for address, message in (("a@[.c", "Enter an email address in the correct format"),
                             (LONG_DOTTED_I, "Enter an email address in the correct format"),
                             ("a\x00@example.com", "Email address must not contain hidden control characters")):
        response = contact_page(app, client, {"email": address})
        assert response.status_code == 400, address
        link = soup(response).select_one(".error-summary a")
        assert link["href"] == "#email" and link.get_text().startswith(message)
    assert db.session.scalars(db.select(Report)).all() == []


def test_account_sign_in_refuses_bad_addresses_cleanly(app, client) -> None:
    for address in ("a@[.c", LONG_DOTTED_I, "sam\x00@example.com"):
        page = client.get("/account/sign-in")
        response = client.post("/account/sign-in", data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                                                         "email": address})
        assert response.status_code == 400, address
    assert db.session.scalars(db.select(SignInToken)).all() == []


def test_staff_sign_in_refuses_bad_addresses_cleanly(app, client) -> None:
    for address in ("officer\x00@kestrelford.example", LONG_DOTTED_I):
        page = client.get("/staff/sign-in")
        response = client.post("/staff/sign-in", data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                                                       "email": address, "password": PASSWORD})
        assert response.status_code == 400, address


def test_the_staff_cli_refuses_addresses_the_outbox_could_not_send_to(app) -> None:
    result = app.test_cli_runner().invoke(args=["staff", "add", "a@[.c", "--department", HIGHWAYS,
                                                "--password-stdin"], input=f"{PASSWORD}\n")
    assert result.exit_code != 0 and "correct format" in result.output
    assert db.session.scalars(db.select(Staff)).all() == []


def test_queue_filters_with_hostile_values_do_not_break_the_queue(app, client) -> None:
    sign_in(client, add_staff(admin=True))
    for query in ("?department=High%00ways", "?form=pot%00hole", "?department=" + "x" * 5000, "?status=%00"):
        assert client.get(f"/staff/{query}").status_code == 200, query


def test_staff_notes_refuse_control_characters(app, client) -> None:
    report = make_report(app)
    sign_in(client, add_staff())
    response = post_with_token(client, f"/staff/cases/{report.reference}/notes", {"note_text": "Call\x00back"})
    assert response.status_code == 400
    assert "must not contain hidden control characters" in response.get_data(as_text=True)


def test_account_details_go_through_the_same_rules_as_the_contact_page(app, client, smtp_inbox) -> None:
    from test_backend_account import signed_in  # noqa: PLC0415 (the account tests' own sign-in)

    resident = signed_in(app, smtp_inbox, "sam@example.com")
    page = resident.get("/account/details")
    token = csrf_token(page.get_data(as_text=True))
    refused = resident.post("/account/details", data={"csrf_token": token, "name": "Sam\x00", "phone": "",
                                                      "postcode": "KF1"})
    assert refused.status_code == 400
    summary = soup(refused).select_one(".error-summary").get_text()
    assert "must not contain hidden control characters" in summary and "full UK postcode" in summary
    saved = resident.post("/account/details", data={"csrf_token": token, "name": " Sam Example ",
                                                    "phone": "0116 496 0123", "postcode": "kf1 1aa"})
    assert saved.status_code == 302
    account = db.session.scalars(db.select(Account)).one()
    assert (account.name, account.phone, account.postcode) == ("Sam Example", "0116 496 0123", "KF1 1AA")


def test_what_a_resident_adds_to_a_report_refuses_nul(app, client, smtp_inbox) -> None:
    from test_backend_account import report_for, signed_in  # noqa: PLC0415

    found = report_for(app, "sam@example.com")
    resident = signed_in(app, smtp_inbox, "sam@example.com")
    url = f"/account/reports/{found.reference}"
    token = csrf_token(resident.get(url).get_data(as_text=True))
    response = resident.post(url, data={"csrf_token": token, "text": "More\x00"})
    assert response.status_code == 400
    assert "must not contain hidden control characters" in response.get_data(as_text=True)
