"""The resident's language after the form: staff see it on the case and are told to write in it,
their public updates and the sign-in link are emailed in it, and every resident route answers
under each language's prefix with its audience declared.

On the fixture council of tests/test_backend_languages.py (Welsh full, Urdu partial).
"""

from __future__ import annotations

import re

import pytest
from backend_support import csrf_token, soup
from staff_support import WASTE, add_staff, post_with_token, sign_in

from backend.cases.reports import create_report
from backend.council import forms_of
from backend.mail.outbox import deliver
from backend.storage.db import db
from backend.storage.models import Account, OutboxMessage, Report
from backend.web.access import AUDIENCES
from tests.conftest import FIXTURES

LANGUAGES = FIXTURES / "backend-languages"
ANSWERS = {"address_line": "3 Heol y Bont", "postcode": "KF1 1AA", "bins": ["green-rubbish-bin"],
           "collection_date": "2026-11-20", "bin_location": "somewhere-else", "name": "Alex Resident",
           "email": "resident@example.com"}


@pytest.fixture
def app_settings() -> dict:
    return {"CONTENT_DIR": LANGUAGES / "content", "FORMS_DIR": LANGUAGES / "forms"}


def welsh_report(app) -> Report:
    report = create_report(forms_of(app)["report-a-missed-bin"], ANSWERS, language="cy")
    db.session.execute(db.delete(OutboxMessage))  # the confirmation is tested with the journey
    db.session.commit()
    return report


def test_the_case_page_shows_the_residents_language_and_asks_for_updates_in_it(app, client) -> None:
    report = welsh_report(app)
    english = create_report(forms_of(app)["report-a-missed-bin"], {**ANSWERS, "email": "b@example.com"})
    db.session.commit()
    sign_in(client, add_staff(department=WASTE))
    page = soup(client.get(f"/staff/cases/{report.reference}"))
    assert page.select_one(".resident-language").get_text(" ", strip=True) == (
        "Welsh ( Cymraeg ): emails to the resident are in Welsh")
    assert [p.get_text(strip=True) for p in page.select(".write-in")][-1] == (
        "Write this update in Welsh: the resident asked for Welsh.")
    assert page.select_one("html")["lang"] in ("en-GB", "en")  # staff pages stay English
    plain = soup(client.get(f"/staff/cases/{english.reference}"))
    assert plain.select_one(".resident-language").get_text(strip=True) == "English"
    assert plain.select(".write-in") == []


def test_a_staff_update_emails_the_resident_in_their_language(app, client, smtp_inbox) -> None:
    report = welsh_report(app)
    sign_in(client, add_staff(department=WASTE))
    deliver(app)
    smtp_inbox.messages.clear()
    url = f"/staff/cases/{report.reference}"
    post_with_token(client, f"{url}/status", {"status": "scheduled", "status_message": "Byddwn yno ddydd Mawrth."},
                    token_from=url)
    assert deliver(app) == (1, 0)
    [mail] = smtp_inbox.messages
    body = mail.get_payload(decode=True).decode()
    assert mail["Subject"] == f"Rhoi gwybod am fin sydd heb ei gasglu: diweddariad ar {report.reference}"
    assert body.startswith("Annwyl Alex Resident,")
    assert "Statws: Wedi’i drefnu" in body and "Byddwn yno ddydd Mawrth." in body
    assert "Neges gan y tîm Waste and recycling:" in body
    assert "https://www.kestrelford.example/cy/track/" in body


def test_the_sign_in_link_is_emailed_in_the_accounts_language(app, client) -> None:
    db.session.add(Account(email="cymraeg@example.com", language="cy"))
    db.session.commit()
    for address in ("cymraeg@example.com", "new@example.com"):
        page = client.get("/account/sign-in")  # an English page: the account's own language wins
        client.post("/account/sign-in", data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                                              "email": address})
    welsh, english = db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert welsh.subject == "Mewngofnodi i’ch cyfrif Testshire"
    assert "Defnyddiwch y ddolen hon i fewngofnodi" in welsh.body_text
    link = re.search(r"https://www\.kestrelford\.example(/cy/account/sign-in/\S+)", welsh.body_text).group(1)
    assert english.subject == "Sign in to your Testshire account"
    # The link opens a Welsh page; a new account made from a Welsh page is Welsh.
    confirm = client.get(link)
    assert soup(confirm).h1.get_text(strip=True) == "Mewngofnodi i’ch cyfrif"


def test_a_new_account_takes_the_language_of_the_page_it_was_made_on(app, client) -> None:
    page = client.get("/cy/account/sign-in")
    assert soup(page).h1.get_text(strip=True) == "Mewngofnodi i’ch cyfrif"
    client.post("/cy/account/sign-in", data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                                             "email": "newydd@example.com"})
    message = db.session.scalars(db.select(OutboxMessage)).one()
    link = re.search(r"https://www\.kestrelford\.example(/cy/account/sign-in/\S+)", message.body_text).group(1)
    confirm = client.get(link)
    signed_in = client.post(link, data={"csrf_token": csrf_token(confirm.get_data(as_text=True))})
    assert signed_in.headers["Location"] == "/cy/account/"
    assert db.session.scalars(db.select(Account.language)).one() == "cy"
    reports = soup(client.get("/cy/account/"))
    assert reports.h1.get_text(strip=True) == "Eich adroddiadau a’ch ceisiadau"


def test_resident_routes_answer_in_each_language_with_their_audience_declared(app) -> None:
    prefixed = [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/<lang:lang>/")]
    blueprints = {rule.endpoint.split(".")[0] for rule in prefixed}
    assert blueprints == {"submit", "track", "account"}
    audiences = {getattr(app.view_functions[rule.endpoint], "audience", None) for rule in prefixed}
    assert audiences <= set(AUDIENCES) - {"staff", "manager", "admin", "api"}
    unprefixed = {rule.rule for rule in app.url_map.iter_rules()}
    assert {rule.rule.removeprefix("/<lang:lang>") for rule in prefixed} <= unprefixed


def test_tracking_a_welsh_report_in_welsh(app, client) -> None:
    report = welsh_report(app)
    page = client.get("/cy/track/")
    found = soup(client.post("/cy/track/", data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                                                 "reference": report.reference, "contact": "KF1 1AA"}))
    assert found.h1.get_text(strip=True) == "Rhoi gwybod am fin sydd heb ei gasglu"
    rows = {row.dt.get_text(strip=True): row.dd.get_text(strip=True) for row in found.select(".summary-list__row")}
    assert rows["Statws"] == "Wedi dod i law"
    assert rows["Pa finiau wnaethom ni eu methu?"] == "Bin sbwriel gwyrdd"


def test_the_performance_report_counts_cases_by_language(app, client) -> None:
    spec = forms_of(app)["report-a-missed-bin"]
    for language in ("cy", "cy", "ur", None):
        create_report(spec, {**ANSWERS, "email": None}, language=language)
    old = create_report(spec, {**ANSWERS, "email": None})
    db.session.flush()
    old.language = None  # made before languages were kept
    db.session.commit()
    boss = add_staff("manager@testshire.example", WASTE)
    boss.role = "manager"
    db.session.commit()
    sign_in(client, boss)
    today = old.received_on.isoformat()
    query = f"?period=custom&from={today}&to={today}"
    page = soup(client.get("/staff/performance/" + query))
    rows = [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])]
            for tr in page.select_one("#languages-caption").find_parent("table").select("tbody tr")]
    assert rows == [["Welsh (Cymraeg)", "2", "40%"], ["English", "1", "20%"], ["Urdu (اردو)", "1", "20%"],
                    ["Not recorded (made before languages were kept)", "1", "20%"]]
    figures = client.get("/staff/performance/figures.csv" + query).get_data(as_text=True)
    assert "Cases received by the resident's language" in figures and "Welsh (Cymraeg),2,40%" in figures


def test_a_resident_chooses_the_language_of_their_emails(app, client) -> None:
    page = client.get("/account/sign-in")
    client.post("/account/sign-in", data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                                          "email": "resident@example.com"})
    link = re.search(r"https://www\.kestrelford\.example(/account/sign-in/\S+)",
                     db.session.scalars(db.select(OutboxMessage.body_text)).one()).group(1)
    client.post(link, data={"csrf_token": csrf_token(client.get(link).get_data(as_text=True))})
    details = client.get("/account/details")
    options = {i["value"]: i.has_attr("checked") for i in soup(details).select("input[name=language]")}
    assert options == {"en": True, "cy": False}  # Urdu is partial: not every email is in Urdu yet
    saved = client.post("/account/details", data={"csrf_token": csrf_token(details.get_data(as_text=True)),
                                                  "language": "cy"})
    assert saved.status_code == 302
    assert db.session.scalars(db.select(Account.language)).one() == "cy"
