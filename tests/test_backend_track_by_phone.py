"""A caller who gave a phone number but no email can track their report online with it, and the
officer who recorded it is told which details the caller can track with."""

from __future__ import annotations

from backend_support import csrf_token, good_answer, soup
from staff_support import add_staff, sign_in

from backend.council import forms_of
from backend.storage.db import db
from backend.storage.models import Report
from portal.phones import comparable_number


def record_by_phone(app, client, **contact) -> tuple[Report, object]:
    sign_in(client, add_staff())
    form = forms_of(app)["report-a-street-light-fault"]
    page = client.get(f"/staff/cases/new/{form.slug}")
    answers = {f.name: good_answer(f) for f in form.fields}
    answers.update(csrf_token=csrf_token(page.get_data(as_text=True)), channel="phone", email="", phone="")
    answers.update(contact)
    sent = client.post(f"/staff/cases/new/{form.slug}", data=answers)
    assert sent.status_code == 302, soup(sent).select_one(".error-summary")
    return db.session.scalars(db.select(Report)).one(), soup(client.get(sent.headers["Location"]))


def track(client, reference: str, contact: str):
    page = client.get("/track/")
    return client.post("/track/", data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                                        "reference": reference, "contact": contact})


def test_a_caller_with_only_a_phone_number_tracks_with_it(app, client) -> None:
    report, done = record_by_phone(app, client, phone="0116 496 0123")
    assert report.email is None and report.postcode is None
    said = done.select_one(".track-with").get_text(" ", strip=True)
    assert "with the reference and the phone number they gave" in said
    for written in ("0116 496 0123", "01164960123", "+44 116 496 0123", "+44 (0)116 496-0123", "0044116 4960123"):
        page = track(app.test_client(), report.reference, written)
        assert page.status_code == 200, written
        assert soup(page).find("h1").get_text() == "Report a street light fault"
    for wrong in ("0116 496 0124", "496 0123", "+1 116 496 0123", ""):
        assert track(app.test_client(), report.reference, wrong).status_code == 400, wrong


def test_the_officer_is_told_when_a_caller_cannot_track_online(app, client) -> None:
    _report, done = record_by_phone(app, client)
    said = done.select_one(".track-with").get_text(" ", strip=True)
    assert "cannot track it online" in said


def test_every_detail_given_is_named(app, client) -> None:
    _report, done = record_by_phone(app, client, phone="07700 900982", email="caller@example.com")
    said = done.select_one(".track-with").get_text(" ", strip=True)
    assert "the email address they gave or the phone number they gave" in said


def test_numbers_compare_as_dialled() -> None:
    assert comparable_number("+44 (0)116 496 0123") == comparable_number("0116 496 0123") == "01164960123"
    assert comparable_number("KF1 1AA") is None and comparable_number("") is None and comparable_number(None) is None
