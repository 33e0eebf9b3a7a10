"""A form's ``delivery:``, ``public_reports`` and ``personal`` keys: read, and every mistake
reported at its line with the fix (secrets are refused: they belong in the environment)."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.formdelivery import DeliverySpec
from portal.forms import FormSpecError, load_form, load_forms

PROJECT = Path(__file__).parent.parent
FORM = """slug: report-a-thing
title: Report a thing
kind: report
service: report-a-thing
department: Highways
target_days: 5
public_reports: true
fields:
  - name: where
    type: location
    label: Where is it?
  - name: home_postcode
    type: postcode
    label: Your postcode
    personal: true
"""


def load(tmp_path: Path, extra: str = "") -> object:
    path = tmp_path / "report-a-thing.yaml"
    path.write_text(FORM + extra, encoding="utf-8")
    return load_form(path, "forms/report-a-thing.yaml")


def problems(tmp_path: Path, extra: str) -> list[str]:
    with pytest.raises(FormSpecError) as raised:
        load(tmp_path, extra)
    return [str(p) for p in raised.value.problems.errors]


def test_delivery_public_reports_and_personal_are_read(tmp_path) -> None:
    form = load(tmp_path, "delivery:\n  method: webhook\n  url: https://crm.example/hooks/\n"
                          "  secret_env: PORTAL_CRM_SECRET\n")
    assert form.delivery == DeliverySpec("webhook", url="https://crm.example/hooks", secret_env="PORTAL_CRM_SECRET")
    assert form.public_reports and form.field("home_postcode").personal and not form.field("where").personal
    plain = load(tmp_path)
    assert plain.delivery is None


def test_the_shipped_forms_say_which_reports_are_public_and_mark_home_postcodes_personal() -> None:
    forms = load_forms(PROJECT / "forms", PROJECT)
    assert {slug for slug, f in forms.items() if f.public_reports} == {
        "report-a-pothole", "report-a-damaged-pavement", "report-a-street-light-fault", "report-graffiti",
        "report-fly-tipping", "report-an-abandoned-vehicle"}
    assert all(field.personal for form in forms.values() for field in form.fields if field.type == "postcode")


@pytest.mark.parametrize(("extra", "expected"), [
    ("delivery:\n  method: webhook\n  url: https://crm.example/hooks\n  secret: hunter2\n",
     ["forms/report-a-thing.yaml:19: delivery: never write a secret in a form file",
      "forms/report-a-thing.yaml:16: delivery: method webhook needs secret_env"]),
    ("delivery:\n  method: pigeon\n",
     ["forms/report-a-thing.yaml:17: delivery: method 'pigeon' should be one of"]),
    ("delivery:\n  method: open311\n  endpoint: https://bo.example/open311/v2\n  service_code: POT\n",
     ["forms/report-a-thing.yaml:16: delivery: method open311 needs api_key_env"]),
    ("delivery:\n  method: email\n  to: highways@council.example\n  url: https://x.example\n",
     ["forms/report-a-thing.yaml:19: delivery: url does not apply to method email"]),
    ("delivery:\n  method: webhook\n  url: ftp://crm.example\n  secret_env: lower_case\n",
     ["forms/report-a-thing.yaml:18: delivery: url should be a web address",
      "forms/report-a-thing.yaml:19: delivery: secret_env should name an environment variable"]),
])
def test_delivery_mistakes_name_the_line_and_the_fix(tmp_path, extra, expected) -> None:
    found = problems(tmp_path, extra)
    for message in expected:
        assert any(p.startswith(message) for p in found), (message, found)


def test_public_reports_must_be_true_or_false(tmp_path) -> None:
    path = tmp_path / "report-a-thing.yaml"
    path.write_text(FORM.replace("public_reports: true", "public_reports: maybe"), encoding="utf-8")
    with pytest.raises(FormSpecError) as raised:
        load_form(path, "forms/report-a-thing.yaml")
    assert str(raised.value).startswith("forms/report-a-thing.yaml:7: public_reports should be true or false")
