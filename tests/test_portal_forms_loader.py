"""The form loader: a good file becomes a FormSpec, and every mistake an editor can make is reported
at the right line with what to do about it. (The shipped forms' content: test_forms_content.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.forms import (
    CONTACT_PAGE_TITLE,
    Choice,
    FormSpecError,
    load_form,
    load_forms,
)

PROJECT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "forms"


# What the loader makes of a good file


def test_one_page_form_gets_the_form_title_and_sensible_defaults() -> None:
    form = load_form(FIXTURES / "good" / "one-page.yaml", "forms/one-page.yaml")
    assert [page.title for page in form.pages] == ["Report a pothole", CONTACT_PAGE_TITLE]
    location, details, landmark, depth, photos = form.pages[0].fields
    assert (location.required, location.max_length, location.line) == (True, 500, 8)
    assert (details.required, details.max_length) == (False, 2000)
    assert landmark.max_length == 200
    assert depth.choices == (Choice("less-than-5cm", "Less than 5cm"), Choice("5cm-to-10cm", "5cm to 10cm"),
                             Choice("more-than-10cm", "More than 10cm"))
    assert (photos.required, photos.max_files, form.has_photos) == (False, 3, True)
    assert form.path == "forms/one-page.yaml"
    assert form.notice is None and form.you_will_need == ()


def test_form_of_pages_keeps_its_pages_and_numbers() -> None:
    form = load_form(FIXTURES / "good" / "two-pages.yaml")
    assert [page.title for page in form.pages] == ["Where is it?", "What is it?", CONTACT_PAGE_TITLE]
    assert (form.field("bags").min, form.field("bags").max) == (1.0, 50.5)
    assert form.you_will_need == ("where the waste is", "photos if you can take them safely")
    assert [f.name for f in form.fields] == ["location", "bags", "name", "email", "phone"]
    with pytest.raises(KeyError):
        form.field("depth")


# What the loader says about a broken file: one fixture for each kind of mistake

BROKEN = {
    "not-yaml.yaml": "10: this is not valid YAML (mapping values are not allowed here); check the indentation, "
                     "and put text that contains a colon in quotes",
    "twice-key.yaml": "11: 'type' appears twice (first on line 9); keep one",
    "unknown-key.yaml": "11: fields entry 1: unknown key 'hnit'; did you mean 'hint'?",
    "missing-key.yaml": "1: department is missing; add a line like 'department: Highways'",
    "slug-mismatch.yaml": "1: slug 'report-a-pothole' does not match the file name; change it to 'slug-mismatch'",
    "Pothole_Report.yaml": " the file name becomes the form's address, so it must be lowercase words joined by "
                           "hyphens: rename it to 'pothole-report.yaml'",
    "bad-kind.yaml": "3: kind 'complaint' should be one of: report, request",
    "target-days.yaml": "6: target_days should be a whole number from 1 to 90; found '120'",
    "bad-type.yaml": "12: fields entry 2: type 'dropdown' should be one of: text, textarea, email, tel, number, "
                     "date, postcode, radios, checkboxes, select, photo, location; did you mean 'select'?",
    "bad-name.yaml": "8: fields entry 1: name 'Where' should be lowercase words joined by underscores, "
                     "like 'nearest_landmark'",
    "reserved-name.yaml": "11: fields entry 2: field name 'email' is reserved for the contact details page; "
                          "choose another name",
    "duplicate-name.yaml": "15: pages entry 2, fields entry 1: field name 'location' is already used on line 10; "
                           "choose another name",
    "no-choices.yaml": "9: fields entry 1: type radios needs at least 2 choices; add a line like "
                       "'choices: [Yes, No]'",
    "duplicate-choice.yaml": "11: fields entry 1: choice 'deep' is the same as 'Deep'; remove one or reword it",
    "min-over-max.yaml": "11: fields entry 1: min 20 is greater than max 5; swap them",
    "not-a-number.yaml": "11: fields entry 1: max should be a number, like 0 or 2.5; found 'twenty'",
    "key-wrong-type.yaml": "11: fields entry 1: max_files only applies to photo fields, and this one is location; "
                           "remove max_files or change the type",
    "too-many-photos.yaml": "11: fields entry 1: max_files should be a whole number from 1 to 3; found '5'",
    "required-not-boolean.yaml": "11: fields entry 1: required should be true or false; found 'maybe'",
    "pages-and-fields.yaml": "13: give either pages (for a form of several pages) or fields (for one page), "
                             "not both; move these fields into a page",
    "no-pages.yaml": "1: pages is missing; add 'pages:' with a title and fields for each page, or 'fields:' "
                     "for a form of one page",
    "page-without-fields.yaml": "8: pages entry 1: fields is missing; add 'fields:' and under it a '- name:' "
                                "entry for each question on the page",
    "fields-not-a-list.yaml": "7: fields should be a list, each entry starting with '- name: location'",
    "unknown-service.yaml": "4: service 'report-a-pothhole' is not a page in content/services/; "
                            "did you mean 'report-a-pothole'?",
}


def test_every_broken_fixture_has_its_expected_message() -> None:
    assert {p.name for p in (FIXTURES / "broken").glob("*.yaml")} == set(BROKEN)


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_form_names_the_file_line_and_fix(name: str) -> None:
    with pytest.raises(FormSpecError) as caught:
        load_form(FIXTURES / "broken" / name, f"forms/{name}", services={"report-a-pothole"})
    assert [str(p) for p in caught.value.problems.errors] == [f"forms/{name}:{BROKEN[name]}"]


def test_service_is_only_checked_against_pages_when_they_are_given() -> None:
    form = load_form(FIXTURES / "broken" / "unknown-service.yaml")
    assert form.service == "report-a-pothhole"


def test_load_forms_reports_every_problem_in_every_file_relative_to_the_root() -> None:
    with pytest.raises(FormSpecError) as caught:
        load_forms(FIXTURES / "broken", FIXTURES.parent, services={"report-a-pothole"})
    shown = [str(p) for p in caught.value.problems.errors]
    assert len(shown) == len(BROKEN)
    assert all(line.startswith("forms/broken/") for line in shown)
    assert "forms/broken/min-over-max.yaml:11: fields entry 1: min 20 is greater than max 5; swap them" in shown


def test_every_problem_in_one_file_is_reported_together(tmp_path: Path) -> None:
    (tmp_path / "report-a-pothole.yaml").write_text(
        "slug: report-a-pothole\ntitle: Report a pothole\nkind: complain\nservice: report-a-pothole\n"
        "department: Highways\ntarget_days: 0\nfields:\n  - name: phone\n    type: radio\n    label: Phone?\n",
        encoding="utf-8")
    with pytest.raises(FormSpecError) as caught:
        load_forms(tmp_path, tmp_path)
    assert [p.line for p in caught.value.problems.errors] == [3, 6, 8, 9]
    assert "did you mean 'radios'?" in str(caught.value)


def test_a_yml_file_is_not_silently_skipped(tmp_path: Path) -> None:
    (tmp_path / "report-graffiti.yml").write_text("slug: report-graffiti\n", encoding="utf-8")
    with pytest.raises(FormSpecError) as caught:
        load_forms(tmp_path, tmp_path)
    assert str(caught.value) == "report-graffiti.yml: form files end in .yaml; rename it to 'report-graffiti.yaml'"


def test_a_missing_forms_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FormSpecError, match="the forms folder is missing"):
        load_forms(tmp_path / "forms", tmp_path)
