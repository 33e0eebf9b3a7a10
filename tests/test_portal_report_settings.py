"""The settings the performance reports read: `complaint: true` on a form, and contact costs in site.yaml."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURES, PROJECT

from portal.forms import FormSpecError, load_form, load_forms
from portal.siteconfig import SiteConfigError, load_site_config

FORM = ("slug: report-a-pothole\ntitle: Report a pothole\nkind: report\nservice: report-a-pothole\n"
        "department: Highways\ntarget_days: 5\ncomplaint: {value}\nfields:\n  - name: where\n    type: text\n"
        "    label: Where?\n")


def test_the_complaints_form_is_marked_and_no_other_is() -> None:
    forms = load_forms(PROJECT / "forms")
    assert [slug for slug, form in forms.items() if form.complaint] == ["comments-compliments-and-complaints"]


def test_complaint_must_be_true_or_false_and_the_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "report-a-pothole.yaml"
    path.write_text(FORM.format(value="yes please"), encoding="utf-8")
    with pytest.raises(FormSpecError) as caught:
        load_form(path, "forms/report-a-pothole.yaml")
    assert [str(p) for p in caught.value.problems.errors] == [
        "forms/report-a-pothole.yaml:7: complaint should be true or false; found 'yes please'"]
    path.write_text(FORM.format(value="true"), encoding="utf-8")
    assert load_form(path).complaint is True


def test_contact_costs_are_read_as_pounds_per_channel() -> None:
    site = load_site_config(PROJECT / "content" / "site.yaml")
    assert site.contact_costs == {"face-to-face": Decimal("10.53"), "phone": Decimal("3.39"), "web": Decimal("0.08")}
    assert load_site_config(FIXTURES / "site" / "site.yaml").contact_costs == {}  # optional


@pytest.mark.parametrize(("costs", "message"), [
    ("  phone: cheap\n", "contact_costs phone should be an amount in pounds like 3.39; found 'cheap'"),
    ("  phone: -1\n", "contact_costs phone should be an amount in pounds like 3.39; found '-1'"),
])
def test_a_bad_contact_cost_names_the_line_and_the_fix(tmp_path: Path, costs: str, message: str) -> None:
    shutil.copy(FIXTURES / "site" / "site.yaml", tmp_path / "site.yaml")
    text = (tmp_path / "site.yaml").read_text(encoding="utf-8").rstrip("\n") + "\ncontact_costs:\n" + costs
    (tmp_path / "site.yaml").write_text(text, encoding="utf-8")
    line = text.count("\n")
    with pytest.raises(SiteConfigError) as caught:
        load_site_config(tmp_path / "site.yaml", "content/site.yaml")
    assert [str(p) for p in caught.value.problems.errors] == [f"content/site.yaml:{line}: {message}"]
