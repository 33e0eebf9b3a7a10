"""A form's ``translations:`` block: read into each language's words, and every mistake named with
file:line (a language the site does not have, a field or choice the form does not have, a full
language's untranslated words)."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.forms import FormSpecError, load_form
from portal.forms.translations import in_language
from portal.languages import Language, default_language

FIXTURE = Path(__file__).parent / "fixtures" / "backend-languages" / "forms" / "report-a-missed-bin.yaml"
SITE = (default_language("en-GB"), Language("cy", "cy", "full"), Language("ur", "ur", "partial"))
FORM = """\
slug: report-a-missed-bin
title: Report a missed bin
kind: report
service: report-a-missed-bin
department: Waste and recycling
target_days: 2
fields:
  - name: bins
    type: radios
    label: Which bin did we miss?
    error: Select the bin we missed
    choices: [Green rubbish bin, Food caddy]
translations:
"""


def problems(tmp_path: Path, translations: str) -> list[str]:
    path = tmp_path / "report-a-missed-bin.yaml"
    path.write_text(FORM + translations, encoding="utf-8")
    with pytest.raises(FormSpecError) as caught:
        load_form(path, "forms/report-a-missed-bin.yaml", languages=SITE)
    return str(caught.value).splitlines()


def test_translations_are_read_and_a_choice_keeps_its_stored_value() -> None:
    form = load_form(FIXTURE, languages=SITE)
    welsh = in_language(form, "cy", lambda english: {"Your contact details": "Eich manylion cyswllt"}.get(english,
                                                                                                         english))
    assert [p.title for p in welsh.pages] == ["Ble rydych chi'n byw?", "Eich biniau", "Eich manylion cyswllt"]
    bins = welsh.field("bins")
    assert [(c.value, c.label) for c in bins.choices] == [
        ("green-rubbish-bin", "Bin sbwriel gwyrdd"), ("blue-recycling-bin", "Bin ailgylchu glas"),
        ("food-caddy", "Cadi bwyd")]
    assert [c.value for c in form.field("bins").choices] == [c.value for c in bins.choices]
    urdu = in_language(form, "ur", str)
    assert urdu.field("address_line").label == "آپ کا پتہ"
    assert urdu.field("bin_location").label == "Where did you leave your bins?"  # partial: the rest in English
    assert form.translation("pl") is None


def test_a_language_the_site_does_not_have(tmp_path: Path) -> None:
    assert problems(tmp_path, "  ur:\n    title: کوڑے دان\n  fr:\n    title: Signaler une poubelle\n") == [
        "forms/report-a-missed-bin.yaml:16: translations: 'fr' is not one of the site's languages "
        "(content/site.yaml languages: cy, ur); add it there, or remove this translation"]


def test_a_field_the_form_does_not_have(tmp_path: Path) -> None:
    assert problems(tmp_path, "  ur:\n    fields:\n      bin:\n        label: کون سا کوڑے دان؟\n") == [
        "forms/report-a-missed-bin.yaml:16: translations: ur: fields: 'bin' is not a field of this form; "
        "did you mean 'bins'?"]


def test_a_choice_that_is_not_one_of_the_fields(tmp_path: Path) -> None:
    text = ("  ur:\n    fields:\n      bins:\n        choices:\n"
            "          Green rubbish bin: سبز\n          Blue bin: نیلا\n")
    assert problems(tmp_path, text) == [
        "forms/report-a-missed-bin.yaml:19: translations: ur: fields: bins: choice 'Blue bin' is not one of this "
        "field's choices (Green rubbish bin; Food caddy); use the English choice exactly as the field lists it"]


def test_a_full_language_names_every_word_left_in_english(tmp_path: Path) -> None:
    text = ("  cy:\n    title: Rhoi gwybod am fin sydd heb ei gasglu\n    fields:\n      bins:\n"
            "        label: Pa fin wnaethom ni ei fethu?\n        choices: {Green rubbish bin: Bin sbwriel gwyrdd}\n")
    prefix = "forms/report-a-missed-bin.yaml:14: translations: cy (Welsh) is a full language, so"
    assert problems(tmp_path, text) == [
        f"{prefix} the error of field 'bins' needs translating; add it under 'fields: bins: error:'",
        f"{prefix} choice 'Food caddy' of field 'bins' needs translating; add 'Food caddy: ...' under "
        "'fields: bins: choices:'"]


def test_a_translation_with_an_unknown_key_or_too_long_text(tmp_path: Path) -> None:
    text = "  ur:\n    titel: x\n    title: " + "ب" * 91 + "\n"
    assert problems(tmp_path, text) == [
        "forms/report-a-missed-bin.yaml:15: translations: ur: unknown key 'titel'; did you mean 'title'?",
        "forms/report-a-missed-bin.yaml:16: translations: ur: title is 91 characters; the limit is 90"]
