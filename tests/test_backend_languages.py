"""A resident's language through the backend: a form in Welsh from /cy/submit/... to a Welsh
confirmation page and email, switching language mid-form, errors in Welsh, one stored value for a
choice in every language, and the language kept with the report for staff and later emails.

The fixture council (tests/fixtures/backend-languages) publishes in Welsh (full) and Urdu
(partial); its missed-bin form is translated into both, its graffiti form into neither.
"""

from __future__ import annotations

import email
import email.policy
from typing import Any

import pytest
from backend_support import Journey, csrf_token, soup

from backend.council import forms_of
from backend.mail.outbox import deliver
from backend.storage.db import db
from backend.storage.models import Report
from tests.conftest import FIXTURES

LANGUAGES = FIXTURES / "backend-languages"
BIN = "report-a-missed-bin"
WELSH_ANSWERS = {"bins": ["food-caddy"], "bin_location": "on-the-pavement"}


@pytest.fixture
def app_settings() -> dict:
    return {"CONTENT_DIR": LANGUAGES / "content", "FORMS_DIR": LANGUAGES / "forms"}


class InLanguage(Journey):
    """The Journey of backend_support, under a language's prefix ("/cy")."""

    def __init__(self, client: Any, form: Any, prefix: str) -> None:
        super().__init__(client, form)
        self.prefix = prefix

    def page_url(self, number: int) -> str:
        return f"{self.prefix}/submit/{self.form.slug}/{number}"

    def send(self) -> Any:
        check = self.client.get(f"{self.prefix}/submit/{self.form.slug}/check")
        assert check.status_code == 200, check.status_code
        sent = self.client.post(f"{self.prefix}/submit/{self.form.slug}/check",
                                data={"csrf_token": csrf_token(check.get_data(as_text=True))})
        assert sent.status_code == 302 and sent.headers["Location"].startswith(f"{self.prefix}/submit/")
        return self.client.get(sent.headers["Location"])


def test_a_welsh_journey_ends_in_a_welsh_confirmation_and_email(app, client, smtp_inbox) -> None:
    journey = InLanguage(client, forms_of(app)[BIN], "/cy")
    first = soup(client.get("/cy/submit/report-a-missed-bin/1"))
    assert first.select_one("h1").get_text(strip=True) == "Ble rydych chi'n byw?"
    assert first.select_one(".caption").get_text(" ", strip=True).endswith("cam 1 o 3")
    assert first.select_one("label[for=address_line]").get_text(strip=True) == "Eich cyfeiriad"
    assert first.select_one("main button[type=submit]").get_text(strip=True) == "Parhau"
    for number in (1, 2, 3):
        answered = journey.answer_page(number, WELSH_ANSWERS)
        assert answered.status_code == 302 and answered.headers["Location"].startswith("/cy/submit/")
    check = soup(client.get("/cy/submit/report-a-missed-bin/check"))
    assert check.h1.get_text(strip=True) == "Gwiriwch eich atebion cyn anfon"
    rows = {row.dt.get_text(strip=True): row.select_one(".summary-list__value").get_text(strip=True)
            for row in check.select(".summary-list__row")}
    assert rows["Pa finiau wnaethom ni eu methu?"] == "Cadi bwyd"
    assert rows["Pryd oedd eich diwrnod casglu?"] == "20 Tachwedd 2026"
    assert rows["Enw llawn"] == "Alex Resident"

    done = soup(journey.send())
    assert done.h1.get_text(strip=True) == "Adroddiad wedi’i anfon"
    report = db.session.scalars(db.select(Report)).one()
    assert report.language == "cy"
    assert report.form_title == "Report a missed bin"  # staff and reports read the English
    assert f"Ein nod yw ymateb erbyn {report.due_date.day} " in done.get_text()
    assert deliver(app) == (1, 0)
    [mail] = smtp_inbox.messages
    body = mail.get_payload(decode=True).decode()
    assert mail["Subject"] == f"Rhoi gwybod am fin sydd heb ei gasglu: eich cyfeirnod yw {report.reference}"
    assert "Diolch. Rydym wedi cael eich adroddiad" in body
    assert "Pa finiau wnaethom ni eu methu? Cadi bwyd" in body
    assert "https://www.kestrelford.example/cy/track/" in body


def test_switching_language_mid_form_keeps_the_answers_and_the_place(app, client) -> None:
    form = forms_of(app)[BIN]
    InLanguage(client, form, "").answer_page(1, {"address_line": "12 Heol y Castell", "postcode": "kf1 1aa"})
    english = soup(client.get("/submit/report-a-missed-bin/2"))
    [welsh_link] = [a for a in english.select(".language-links a") if a.get("hreflang") == "cy"]
    assert (welsh_link["href"], welsh_link.get_text(strip=True)) == ("/cy/submit/report-a-missed-bin/2", "Cymraeg")
    InLanguage(client, form, "/cy").answer_page(2, WELSH_ANSWERS)
    welsh_page_one = soup(client.get("/cy/submit/report-a-missed-bin/1"))
    assert welsh_page_one.select_one("#address_line")["value"] == "12 Heol y Castell"
    back_to_english = soup(client.get("/cy/submit/report-a-missed-bin/2"))
    links = {a["hreflang"]: a["href"] for a in back_to_english.select(".language-links a")}
    assert links == {"en-GB": "/submit/report-a-missed-bin/2", "ur": "/ur/submit/report-a-missed-bin/2"}
    # Search engines read the same pairs in the head, this page's own address included.
    heads = {link["hreflang"]: link["href"] for link in back_to_english.select('link[rel="alternate"]')}
    base = app.extensions["portal_site"].base_url
    assert heads == {"cy": f"{base}/cy/submit/report-a-missed-bin/2", "en-GB": f"{base}/submit/report-a-missed-bin/2",
                     "ur": f"{base}/ur/submit/report-a-missed-bin/2"}
    assert back_to_english.select_one("#bins-3").has_attr("checked")  # the food caddy, ticked in Welsh


def test_errors_in_welsh_with_the_error_summary(app, client) -> None:
    token = csrf_token(client.get("/cy/submit/report-a-missed-bin/1").get_data(as_text=True))
    answered = client.post("/cy/submit/report-a-missed-bin/1", data={
        "csrf_token": token, "address_line": "1 Stryd Fawr", "postcode": "kf1 1aa"})
    assert answered.status_code == 302
    data = {"csrf_token": token, "bin_location": "on-the-pavement",
            "collection_date-day": "31", "collection_date-month": "2", "collection_date-year": "2026"}
    refused = soup(client.post("/cy/submit/report-a-missed-bin/2", data=data))
    summary = refused.select_one(".error-summary")
    assert summary.h2.get_text(strip=True) == "Mae problem wedi codi"
    assert [a.get_text(strip=True) for a in summary.select("a")] == [
        "Dewiswch pa finiau wnaethom ni eu methu", "Y dyddiad: rhowch ddyddiad go iawn"]
    assert refused.title.get_text().startswith("Gwall: Eich biniau")
    contact = client.post("/cy/submit/report-a-missed-bin/2", data={**data, "bins": "food-caddy",
                                                                   "collection_date-day": "20"})
    assert contact.status_code == 302
    wrong = soup(client.post("/cy/submit/report-a-missed-bin/3", data={
        "csrf_token": token, "name": "", "email": "not-an-address"}))
    assert [a.get_text(strip=True) for a in wrong.select(".error-summary a")] == [
        "Rhowch eich enw llawn", "Rhowch gyfeiriad e-bost yn y fformat cywir, fel name@example.com"]


def test_a_choice_is_stored_as_the_same_value_in_every_language(app, client) -> None:
    form = forms_of(app)[BIN]
    for prefix in ("", "/cy", "/ur"):
        journey = InLanguage(client, form, prefix)
        for number in (1, 2, 3):
            journey.answer_page(number, WELSH_ANSWERS)
        journey.send()
    reports = db.session.scalars(db.select(Report).order_by(Report.id)).all()
    assert [r.language for r in reports] == ["en", "cy", "ur"]
    assert {(tuple(r.answers["bins"]), r.answers["bin_location"]) for r in reports} == {
        (("food-caddy",), "on-the-pavement")}


def test_a_form_with_no_translation_is_not_offered_in_that_language(app, client) -> None:
    english = soup(client.get("/submit/report-graffiti/1"))
    assert english.select(".language-links a") == []
    moved = client.get("/cy/submit/report-graffiti/1")
    assert (moved.status_code, moved.headers["Location"]) == (302, "/submit/report-graffiti/1")
    urdu = soup(client.get("/ur/submit/report-a-missed-bin/1"))
    assert urdu.select_one("label[for=address_line]").get_text(strip=True) == "آپ کا پتہ"
    # Urdu is partial: tracking is not translated, so it is not offered in Urdu
    assert client.get("/ur/track/").headers["Location"] == "/track/"
    assert client.get("/fr/track/").status_code == 404



def test_an_urdu_journey_right_to_left_to_an_urdu_confirmation_and_email(app, client, smtp_inbox) -> None:
    journey = InLanguage(client, forms_of(app)[BIN], "/ur")
    first = soup(client.get("/ur/submit/report-a-missed-bin/1"))
    assert (first.html["lang"], first.html["dir"]) == ("ur", "rtl")
    assert first.select_one("main button[type=submit]").get_text(strip=True) == "جاری رکھیں"
    for number in (1, 2, 3):
        journey.answer_page(number, WELSH_ANSWERS)
    check = soup(client.get("/ur/submit/report-a-missed-bin/check"))
    assert check.h1.get_text(strip=True) == "بھیجنے سے پہلے اپنے جوابات چیک کریں"
    done = soup(journey.send())
    assert done.h1.get_text(strip=True) == "رپورٹ بھیج دی گئی"
    report = db.session.scalars(db.select(Report)).one()
    assert deliver(app) == (1, 0)
    [mail] = smtp_inbox.messages
    subject = email.message_from_string(mail.as_string(), policy=email.policy.default)["Subject"]  # RFC 2047
    assert subject == f"کوڑے دان نہ اٹھائے جانے کی اطلاع دیں: آپ کا حوالہ نمبر {report.reference} ہے"
    body = mail.get_payload(decode=True).decode()
    assert "شکریہ۔ ہمیں آپ کی رپورٹ موصول ہو گئی ہے" in body
    assert "https://www.kestrelford.example/track/" in body  # tracking is not offered in Urdu (partial)
