"""The forms the portal ships in forms/: the promised forms are there, each asks what its service
needs, and the estimates residents are shown are right."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from portal.forms import CONTACT_PAGE_TITLE, FIELD_TYPES, FormSpec, load_forms

PROJECT = Path(__file__).parent.parent
FORMS = PROJECT / "forms"
SERVICES = {p.stem for p in (PROJECT / "content" / "services").glob("*.md")}
REPORTS = {
    "report-a-missed-bin", "report-anti-social-behaviour", "report-an-abandoned-vehicle", "report-graffiti",
    "report-fly-tipping", "report-a-street-light-fault", "report-a-pothole", "report-a-damaged-pavement",
    "report-a-problem-with-this-page",
}
REQUESTS = {
    "request-a-housing-benefit-leaflet", "request-a-housing-benefit-application-form",
    "request-a-recycling-collection", "request-a-blue-badge-form", "request-a-library-renewal",
    "request-a-council-home-repair", "request-a-postal-vote-form", "comments-compliments-and-complaints",
}
STREET_PROBLEMS = {
    "report-a-pothole", "report-a-damaged-pavement", "report-a-street-light-fault", "report-graffiti",
    "report-fly-tipping", "report-an-abandoned-vehicle",
}
PHOTO_FORMS = {
    "report-a-pothole", "report-fly-tipping", "report-graffiti", "report-a-damaged-pavement",
    "report-an-abandoned-vehicle",
}


@pytest.fixture(scope="module")
def forms() -> dict[str, FormSpec]:
    return load_forms(FORMS, PROJECT, services=SERVICES)


def test_the_promised_forms_are_all_there_with_the_right_kind(forms: dict[str, FormSpec]) -> None:
    assert set(forms) == REPORTS | REQUESTS
    assert {slug for slug, form in forms.items() if form.kind == "report"} == REPORTS
    assert list(forms) == sorted(forms)


def test_every_form_belongs_to_a_real_service_page(forms: dict[str, FormSpec]) -> None:
    for form in forms.values():
        assert (PROJECT / "content" / "services" / f"{form.service}.md").is_file(), form.slug


def test_every_field_type_is_used_by_some_form(forms: dict[str, FormSpec]) -> None:
    used = {field.type for form in forms.values() for field in form.fields}
    assert used == set(FIELD_TYPES)


def test_every_form_ends_with_the_same_contact_details_page(forms: dict[str, FormSpec]) -> None:
    for form in forms.values():
        last = form.pages[-1]
        assert last.title == CONTACT_PAGE_TITLE
        required = not form.anonymous  # anonymous forms leave name and email optional
        assert [(f.name, f.type, f.required, f.max_length) for f in last.fields] == [
            ("name", "text", required, 100), ("email", "email", required, 254), ("phone", "tel", False, 20)]
        assert all(page.title != CONTACT_PAGE_TITLE for page in form.pages[:-1])


def test_longer_forms_are_split_into_pages(forms: dict[str, FormSpec]) -> None:
    split = [slug for slug, form in forms.items() if len(form.pages) - 1 >= 2]
    assert len(split) >= 3
    assert all(len(forms[slug].pages) - 1 <= 3 for slug in split)


def test_street_problems_ask_where_and_take_photos(forms: dict[str, FormSpec]) -> None:
    for slug in STREET_PROBLEMS:
        assert forms[slug].fields[0].type == "location", slug
    for slug in PHOTO_FORMS:
        assert forms[slug].has_photos, slug
        assert not any(f.required for f in forms[slug].fields if f.type == "photo"), slug


def test_anti_social_behaviour_form_tells_people_in_danger_to_call_999(forms: dict[str, FormSpec]) -> None:
    notice = forms["report-anti-social-behaviour"].notice
    assert notice == "If someone is in danger or a crime is happening now, call 999."


def test_complaints_form_asks_comment_compliment_or_complaint(forms: dict[str, FormSpec]) -> None:
    form = forms["comments-compliments-and-complaints"]
    assert (form.kind, form.target_days) == ("request", 10)
    radios = [f for f in form.fields if f.type == "radios"]
    assert [c.value for c in radios[0].choices] == ["comment", "compliment", "complaint"]


def test_problem_with_this_page_form_asks_which_page_and_what_was_wrong(forms: dict[str, FormSpec]) -> None:
    form = forms["report-a-problem-with-this-page"]
    assert (form.kind, form.target_days, form.service) == ("report", 5, "comments-compliments-and-complaints")
    assert [(f.type, f.label) for f in form.pages[0].fields] == [
        ("text", "Which page has the problem?"), ("textarea", "What was wrong?")]


def test_phone_numbers_are_only_the_reserved_drama_range() -> None:
    # Ofcom keeps 0116 496 0xxx for fiction, so no real person is phoned by mistake.
    for path in FORMS.glob("*.yaml"):
        for number in re.findall(r"\b0\d{3} ?\d{3} ?\d{4}\b", path.read_text(encoding="utf-8")):
            assert re.fullmatch(r"0116 496 0\d{3}", number), (path.name, number)


def test_start_pages_say_how_long_the_pothole_form_takes(forms: dict[str, FormSpec]) -> None:
    # location 45 + radios 10 + radios 10 + photo 60 + number 10 + name 20 + email 15 + phone 15
    # = 185 seconds, and 10 for each of its 3 pages: 215 seconds, which a resident reads as 4 minutes.
    assert forms["report-a-pothole"].estimated_minutes == 4
    # 20 + 90 + 20 + 15 + 15 + 2 pages of 10 = 180 seconds: exactly 3 minutes, not rounded up to 4.
    assert forms["report-a-problem-with-this-page"].estimated_minutes == 3


def test_anonymous_forms_make_name_and_email_optional(forms: dict[str, FormSpec]) -> None:
    assert [slug for slug, form in forms.items() if form.anonymous] == ["report-anti-social-behaviour"]
    contact = forms["report-anti-social-behaviour"].pages[-1]
    assert "report without giving your name" in contact.fields[0].hint


def test_a_field_may_say_what_its_missing_answer_message_is(forms: dict[str, FormSpec]) -> None:
    pothole = forms["report-a-pothole"]
    assert pothole.field("location").error == "Enter where the pothole is"
    assert pothole.field("email").error == "Enter your email address"
