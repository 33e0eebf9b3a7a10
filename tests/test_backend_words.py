"""Words residents and officers read: messages made from question labels read as sentences, the
staff form speaks of the caller, and mail comes from the council's own address and repeats what
was reported."""

from __future__ import annotations

import shutil

import pytest
from backend_support import Journey, csrf_token, soup
from conftest import PROJECT
from staff_support import add_staff, sign_in

from backend.council import forms_of
from backend.forms.fields import required_message
from backend.mail.outbox import deliver
from portal.forms import Choice, FieldSpec
from portal.siteconfig import SiteConfigError, load_site_config


def test_number_errors_do_not_glue_a_question_into_a_sentence(app, client) -> None:
    journey = Journey(client, forms_of(app)["report-a-pothole"])
    journey.answer_page(1)
    response = journey.answer_page(2, {"vehicles": "three"})
    message = soup(response).select_one(".error-summary a").get_text(strip=True)
    assert message == "Your answer to “How many vehicles do you know it has damaged?” must be a whole number, like 3"
    too_many = soup(journey.answer_page(2, {"vehicles": "99"})).select_one(".error-summary a").get_text(strip=True)
    assert too_many == "Your answer to “How many vehicles do you know it has damaged?” must be between 0 and 20"


@pytest.mark.parametrize(("spec", "message"), [
    (FieldSpec("collection_date", "date", "When was your collection day?"),
     "Enter your answer to “When was your collection day?”"),
    (FieldSpec("position", "radios", "Where on the road is it?", choices=(Choice("kerb", "Near the kerb"),)),
     "Select an answer to “Where on the road is it?”"),
    (FieldSpec("registration", "text", "Vehicle registration"), "Enter vehicle registration"),
    (FieldSpec("photos", "photo", "Photos of the damage"), "Add photos of the damage"),
    (FieldSpec("where", "location", "Where is it?", error="Enter where it is"), "Enter where it is"),
])
def test_missing_answers_without_their_own_error_read_well(spec, message) -> None:
    assert required_message(spec) == message


def test_the_staff_form_asks_for_the_callers_name(app, client) -> None:
    sign_in(client, add_staff())
    page = client.get("/staff/cases/new/report-a-pothole")
    sent = client.post("/staff/cases/new/report-a-pothole",
                       data={"csrf_token": csrf_token(page.get_data(as_text=True)), "channel": "phone"})
    problems = [a.get_text(strip=True) for a in soup(sent).select(".error-summary a")]
    assert "Enter the caller's full name" in problems
    assert not [p for p in problems if "your" in p.lower().split()]


def test_mail_comes_from_the_council_and_repeats_what_was_reported(app, client, smtp_inbox) -> None:
    Journey(client, forms_of(app)["report-a-pothole"]).complete(
        {"location": "Outside 3 Mill Lane", "position": "near-the-kerb", "phone": "0116 496 0999"})
    deliver(app)
    [mail] = smtp_inbox.messages
    assert mail["From"] == "Kestrelford Borough Council <noreply@kestrelford.example>"
    body = mail.get_payload(decode=True).decode()
    assert "Where is the pothole? Outside 3 Mill Lane" in body
    assert "Where on the road is it? Near the kerb" in body
    assert "0116 496 0999" not in body  # contact details are not repeated


def test_a_bad_mail_from_in_site_yaml_names_the_line(tmp_path) -> None:
    site = tmp_path / "site.yaml"
    shutil.copy(PROJECT / "content" / "site.yaml", site)
    text = site.read_text(encoding="utf-8").replace("mail_from: noreply@kestrelford.example", "mail_from: noreply")
    site.write_text(text, encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("mail_from"))
    with pytest.raises(SiteConfigError) as caught:
        load_site_config(site, "content/site.yaml")
    assert f"content/site.yaml:{line}" in str(caught.value) and "mail_from" in str(caught.value)
