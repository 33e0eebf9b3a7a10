"""The rules written once in portal and used everywhere: free text, email addresses, slugs, the
field-type registry and the GOV.UK date input's reading of its three boxes."""

from __future__ import annotations

import pytest

from portal.email_address import InvalidEmail, normalise_email
from portal.forms import FIELD_TYPES, FieldSpec
from portal.forms.types import OPEN311_DATATYPES, DateProblem, date_boxes, read_date
from portal.slugs import is_slug, slugify
from portal.text import clean, multi_line, single_line

# --- Free text ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["Sam\r\nBcc: x@example.com", "Sam\nExample", "Sam\rExample"])
def test_single_line_text_refuses_line_breaks(value: str) -> None:
    assert clean(value, single_line(100))[1] == "must be on one line"


@pytest.mark.parametrize("value", ["a\x00b", "a\x07b", "a\x1bb", "a\x7fb", "a\x85b", "a\tb"])
def test_single_line_text_refuses_control_characters(value: str) -> None:
    assert clean(value, single_line(100))[1] == "must not contain hidden control characters"


def test_multi_line_text_keeps_line_breaks_and_tabs_and_refuses_nul() -> None:
    assert clean("one\r\ntwo\r\tthree", multi_line(100)) == ("one\ntwo\n\tthree", None)
    assert clean("one\x00two", multi_line(100))[1] == "must not contain hidden control characters"


def test_length_is_counted_after_normalisation() -> None:
    # "e" and a combining accent are one character once composed (NFC), as the database stores it.
    text, problem = clean("e\u0301" * 5, single_line(5))
    assert (text, problem) == ("\u00e9" * 5, None)
    assert clean("x" * 6, single_line(5))[1] == "must be 5 characters or fewer; you have 6"


def test_html_is_refused_in_every_kind_of_text() -> None:
    for rule in (single_line(100), multi_line(100)):
        assert "must not contain HTML" in clean("<script>alert(1)</script>", rule)[1]
    assert clean("fewer than <5 a day", single_line(100))[1] is None


# --- Email addresses ------------------------------------------------------------------------------

@pytest.mark.parametrize("address", ["a@[.c", "a@b", "a b@example.com", "@example.com", "a@", "a@localhost",
                                     "a@example.com\r\nBcc: b@example.com", "a\x00@example.com",
                                     "\u0130" * 130 + "@example.com", "a@" + "\u0130" * 130 + ".com",
                                     "x" * 250 + "@example.com"])
def test_addresses_the_mail_library_could_not_send_to_are_refused(address: str) -> None:
    with pytest.raises(InvalidEmail, match="Enter an email address in the correct format"):
        normalise_email(address)


def test_an_address_is_stored_lower_cased_and_trimmed() -> None:
    assert normalise_email("  Sam.Example@Kestrelford.Example ") == "sam.example@kestrelford.example"


# --- Slugs ----------------------------------------------------------------------------------------

def test_slugify_and_is_slug_agree() -> None:
    assert slugify("Report a Pothole!") == "report-a-pothole"
    assert is_slug(slugify("  Blue badge / parking  "))
    assert not is_slug("Report-a-pothole") and not is_slug("a--b") and not is_slug("")


# --- The field-type registry ----------------------------------------------------------------------

def test_every_type_has_an_open311_datatype_and_a_time_estimate() -> None:
    assert {t.open311 for t in FIELD_TYPES.values()} <= set(OPEN311_DATATYPES)
    assert FIELD_TYPES["checkboxes"].open311 == "multivaluelist"
    assert FIELD_TYPES["radios"].open311 == FIELD_TYPES["select"].open311 == "singlevaluelist"
    assert FIELD_TYPES["date"].open311 == "datetime" and FIELD_TYPES["number"].open311 == "number"
    assert all(t.seconds > 0 for t in FIELD_TYPES.values())


def test_limits_of_typed_answers_come_from_the_registry() -> None:
    assert FieldSpec("where", "location", "Where?").limit == 500
    assert FieldSpec("note", "textarea", "Note", max_length=50).limit == 50
    assert FieldSpec("when", "date", "When?").limit is None


def test_answers_are_shown_in_words() -> None:
    when = FieldSpec("when", "date", "When?")
    assert when.field_type.display(when, "2026-11-27") == "27 November 2026"
    assert when.field_type.display(when, None) == "Not given"
    photos = FieldSpec("photos", "photo", "Photos")
    assert photos.field_type.display(photos, None, 2) == "2 photos"


# --- The GOV.UK date input ------------------------------------------------------------------------

BIRTH = FieldSpec("date_of_birth", "date", "Date of birth")
QUESTION = FieldSpec("when", "date", "When was your collection day?")


@pytest.mark.parametrize(("boxes", "message", "faults"), [
    (("27", "11", ""), "Date of birth must include a year", ("year",)),
    (("", "11", "2026"), "Date of birth must include a day", ("day",)),
    (("", "", "2026"), "Date of birth must include a day and month", ("day", "month")),
    (("31", "2", "2026"), "Date of birth must be a real date", ("day",)),
    (("1", "13", "2026"), "Date of birth must be a real date", ("month",)),
    (("x", "11", "2026"), "Date of birth must be a real date", ("day",)),
    (("1", "11", "26"), "Year must include 4 numbers", ("year",)),
])
def test_each_date_error_names_the_boxes_at_fault(boxes: tuple[str, str, str], message: str,
                                                  faults: tuple[str, ...]) -> None:
    with pytest.raises(DateProblem) as caught:
        read_date(BIRTH, *boxes)
    assert (str(caught.value), caught.value.boxes) == (message, faults)


def test_a_question_label_is_not_pasted_into_a_date_message() -> None:
    with pytest.raises(DateProblem, match="^The date must include a month$"):
        read_date(QUESTION, "27", "", "2026")


def test_real_dates_are_stored_as_iso_whatever_way_they_are_typed() -> None:
    assert read_date(BIRTH, "7", "3", "1980") == "1980-03-07"
    assert read_date(BIRTH, " 07 ", "March", "1980") == "1980-03-07"
    assert read_date(BIRTH, "7", "mar", "1980") == "1980-03-07"
    assert read_date(BIRTH, "29", "2", "2028") == "2028-02-29"
    assert date_boxes("1980-03-07") == {"day": "7", "month": "3", "year": "1980"}
