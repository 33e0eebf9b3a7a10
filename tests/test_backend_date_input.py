"""The GOV.UK date input in the resident's form: three labelled boxes, errors that name the box at
fault and link to it, answers kept on an error, and the answer stored as an ISO date."""

from __future__ import annotations

from backend_support import Journey, csrf_token, soup

from backend.council import forms_of
from backend.storage.db import db
from backend.storage.models import Report

SLUG = "report-a-missed-bin"
NAME = "collection_date"


def date_page(app, client) -> tuple[Journey, int]:
    form = forms_of(app)[SLUG]
    number = next(n for n, page in enumerate(form.pages, 1) if any(f.name == NAME for f in page.fields))
    journey = Journey(client, form)
    for earlier in range(1, number):
        assert journey.answer_page(earlier).status_code == 302
    return journey, number


def test_the_date_is_three_labelled_boxes_in_a_fieldset(app, client) -> None:
    journey, number = date_page(app, client)
    page = soup(client.get(journey.page_url(number)))
    group = page.find(id=NAME).find_parent("fieldset")
    assert "When was your collection day?" in group.legend.get_text()
    labels = {label["for"]: label.get_text(strip=True) for label in group.select("label")}
    assert labels == {f"{NAME}-day": "Day", f"{NAME}-month": "Month", f"{NAME}-year": "Year"}
    for box in ("day", "month", "year"):
        box_input = page.find(id=f"{NAME}-{box}")
        assert (box_input["name"], box_input["type"], box_input["inputmode"]) == (f"{NAME}-{box}", "text", "numeric")
    assert page.find("input", attrs={"type": "date"}) is None  # never the browser's mm/dd/yyyy box


def test_a_missing_year_is_named_linked_and_the_other_boxes_kept(app, client) -> None:
    journey, number = date_page(app, client)
    response = journey.answer_page(number, {NAME: {"day": "27", "month": "11", "year": ""}})
    assert response.status_code == 400
    page = soup(response)
    link = page.select_one(".error-summary a")
    assert (link["href"], link.get_text()) == (f"#{NAME}-year", "The date must include a year")
    assert "The date must include a year" in page.find(id=f"{NAME}-error").get_text()
    assert page.find(id=f"{NAME}-day")["value"] == "27" and page.find(id=f"{NAME}-month")["value"] == "11"
    assert "input--error" in page.find(id=f"{NAME}-year")["class"]
    assert "input--error" not in page.find(id=f"{NAME}-day")["class"]
    assert f"{NAME}-error" in page.find(id=NAME).find_parent("fieldset")["aria-describedby"]


def test_an_impossible_date_links_to_the_day(app, client) -> None:
    journey, number = date_page(app, client)
    response = journey.answer_page(number, {NAME: {"day": "31", "month": "2", "year": "2026"}})
    link = soup(response).select_one(".error-summary a")
    assert (link["href"], link.get_text()) == (f"#{NAME}-day", "The date must be a real date")


def test_a_real_date_is_stored_as_iso_and_shown_in_words(app, client) -> None:
    journey, number = date_page(app, client)
    assert journey.answer_page(number, {NAME: {"day": "7", "month": "Nov", "year": "2026"}}).status_code == 302
    back = soup(client.get(journey.page_url(number)))
    assert [back.find(id=f"{NAME}-{box}")["value"] for box in ("day", "month", "year")] == ["7", "11", "2026"]
    for later in range(number + 1, len(journey.form.pages) + 1):
        assert journey.answer_page(later).status_code == 302
    check = client.get(f"/submit/{SLUG}/check")
    assert "7 November 2026" in soup(check).get_text()
    sent = client.post(f"/submit/{SLUG}/check", data={"csrf_token": csrf_token(check.get_data(as_text=True))})
    assert sent.status_code == 302
    assert db.session.scalars(db.select(Report)).one().answers[NAME] == "2026-11-07"


def test_a_day_or_month_of_many_digits_is_not_a_real_date_rather_than_a_crash(app, client) -> None:
    journey, number = date_page(app, client)
    for boxes, fault in (({"day": "99999999999999999999", "month": "11", "year": "2026"}, "day"),
                         ({"day": "9" * 5000, "month": "11", "year": "2026"}, "day"),
                         ({"day": "27", "month": "0" * 30 + "11", "year": "2026"}, "month")):
        response = journey.answer_page(number, {NAME: boxes})
        assert response.status_code == 400, boxes
        link = soup(response).select_one(".error-summary a")
        assert link["href"] == f"#{NAME}-{fault}" and "must be a real date" in link.get_text()
    assert db.session.scalars(db.select(Report)).all() == []
