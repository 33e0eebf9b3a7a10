"""The words residents read about forms: each form's own summary on the hub pages, each required
question's own error message, and a "Report a problem with this page" link that knows the page."""

from __future__ import annotations

import shutil
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import FIXTURES, PROJECT, BuiltSite, build

from portal.forms import load_forms


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build(PROJECT / "content", tmp_path_factory.mktemp("sample"), forms_dir=PROJECT / "forms",
                 search=False)


def test_hubs_describe_each_form_in_its_own_words(sample: BuiltSite) -> None:
    forms = load_forms(PROJECT / "forms")
    for hub in ("/report-it/", "/request-it/"):
        items = sample.html(hub).select(".service-list li")
        described = {li.a.get_text(): li.p.get_text() for li in items}
        assert len(set(described.values())) == len(items), hub
        for title, summary in described.items():
            form = next(f for f in forms.values() if f.title == title)
            assert summary == form.summary
    report_it = {li.a.get_text(): li.p.get_text() for li in sample.html("/report-it/").select(".service-list li")}
    assert "complaint" not in report_it["Report a problem with this page"].lower()
    request_it = {li.a.get_text(): li.p.get_text() for li in sample.html("/request-it/").select(".service-list li")}
    assert "what you can recycle" not in request_it["Request a recycling collection"]


def test_every_page_links_report_a_problem_with_its_own_address(sample: BuiltSite) -> None:
    for url in ("/", "/services/report-a-pothole/", "/contact/", "/a-to-z/", "/whats-on/"):
        link = sample.html(url).select_one("footer a[href*='report-a-problem-with-this-page']")
        assert link.get_text() == "Report a problem with this page"
        parts = urlsplit(link["href"])
        assert parts.path == "/submit/report-a-problem-with-this-page/"
        assert parse_qs(parts.query) == {"page_address": [f"https://www.kestrelford.example{url}"]}
    form = load_forms(PROJECT / "forms")["report-a-problem-with-this-page"]
    assert form.field("page_address")  # the parameter is the field's own name, for the backend to fill in


def test_every_required_question_in_the_shipped_forms_has_its_own_error() -> None:
    for form in load_forms(PROJECT / "forms").values():
        for field in form.fields:
            assert not field.required or field.error, f"{form.slug}: {field.name}"


def test_a_form_without_summary_or_with_a_required_question_without_error_is_a_warning(
        content_copy, tmp_path) -> None:
    forms = tmp_path / "forms"
    shutil.copytree(FIXTURES / "site-forms", forms)
    bin_form = forms / "report-a-missed-bin.yaml"
    lines = [line for line in bin_form.read_text().splitlines()
             if not line.startswith("summary:") and "error: Select which bins we missed" not in line]
    bin_form.write_text("\n".join(lines) + "\n")
    bins_line = next(i for i, line in enumerate(lines, 1) if "name: bins" in line)
    result = build(content_copy(), tmp_path, search=False, forms_dir=forms).result
    shown = sorted(str(p).split("forms/", 1)[1] for p in result.problems.warnings)
    assert shown == [
        "report-a-missed-bin.yaml: the form has no summary; add a line such as 'summary: Tell us where a "
        "pothole is so we can repair it.' for the Report it and Request it pages",
        f"report-a-missed-bin.yaml:{bins_line}: required question 'bins' has no 'error'; add one that says "
        "what to do, such as 'error: Enter where the pothole is'",
    ]
    assert result.failed(strict=True) and not result.failed(strict=False)


def test_a_flow_list_split_at_a_comma_is_a_warning_at_its_line(content_copy, tmp_path) -> None:
    forms = tmp_path / "forms"
    shutil.copytree(FIXTURES / "site-forms", forms)
    bin_form = forms / "report-a-missed-bin.yaml"
    text = bin_form.read_text()
    bin_form.write_text(text.replace("you_will_need: [your address and postcode, the date of your collection day]",
                                     "you_will_need: [your address, the date of your collection day, if you know it]"))
    line = next(i for i, t in enumerate(bin_form.read_text().splitlines(), 1) if t.startswith("you_will_need"))
    result = build(content_copy(), tmp_path, search=False, forms_dir=forms).result
    assert [str(p).split("forms/", 1)[1] for p in result.problems.warnings] == [
        f"report-a-missed-bin.yaml:{line}: you_will_need item 'if you know it' looks like the end of the item "
        "before it: [a, b] lists split at every comma, so write the list one item a line, each starting '- '"]
