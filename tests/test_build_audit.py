"""The in-browser accessibility audit (builder.audit, ``build.py --audit``).

The fixture site in tests/fixtures/audit/ has clean pages and one page for each class of
defect; each defect must be caught with the right rule and Markdown source line.  Browser
tests skip when no Chromium is installed, unless CI is set: then they must run.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import PROJECT, build

from builder.audit import VIEWPORTS, Auditor, AuditResult, BrowserNotFound, find_chromium, run_audit
from builder.audit.model import Page
from builder.audit.runner import has_script, page_template, to_findings, url_for
from builder.audit.sources import SourceMap, find_line

AUDIT_FIXTURES = Path(__file__).parent / "fixtures" / "audit"
BOTH = {v.name for v in VIEWPORTS}
CLEAN_PAGES = ("/", "/services/report-a-pothole/", "/forms/contact-preferences/", "/404.html")


def _chromium() -> str:
    try:
        return find_chromium()
    except BrowserNotFound as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set, so the browser tests must run, but: {exc}")
        pytest.skip("Chromium not installed; CI installs it (apt-get install chromium)")


@pytest.fixture(scope="module")
def auditor() -> Auditor:
    """One browser for every test of this module."""
    with Auditor(_chromium()) as shared:
        yield shared


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the fixture project (site/ and content/), so reports are not written into tests/."""
    root = tmp_path_factory.mktemp("audit-project")
    shutil.copytree(AUDIT_FIXTURES, root, dirs_exist_ok=True)
    return root


@pytest.fixture(scope="module")
def result(auditor: Auditor, project: Path) -> AuditResult:
    return auditor.audit(project / "site", cache_dir=project / "cache", out=io.StringIO())


def _clean_site(tmp_path: Path, *, small: bool = False) -> Path:
    """The fixture site without its defect pages (small: the home and pothole pages alone)."""
    site = tmp_path / "site"
    skip = ("defects", "forms", "404.html") if small else ("defects",)
    shutil.copytree(AUDIT_FIXTURES / "site", site, ignore=shutil.ignore_patterns(*skip))
    shutil.copytree(AUDIT_FIXTURES / "content", tmp_path / "content")
    return site


def _line_of(markdown: str, needle: str) -> int:
    lines = (AUDIT_FIXTURES / markdown).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


# page, rule, viewports, Markdown line to expect (a string on it), or None for the file alone
DEFECTS = [
    ("missing-alt", "image-alt", BOTH, "bulky-waste.svg"),
    ("low-contrast", "color-contrast", BOTH, "Grit bins are refilled"),
    ("unlabelled-input", "label", BOTH, 'name="postcode"'),
    ("empty-button", "button-name", BOTH, '<button class="button"'),
    ("duplicate-id", "duplicate-id", BOTH, "## Opening times {#hours}"),
    ("skipped-heading", "heading-order", BOTH, "### What to tell us"),
    ("horizontal-scroll", "reflow", {"mobile"}, "Monday: Ashby"),
    ("broken-words", "broken-words", {"mobile"}, "01164960000"),
    ("hidden-focus", "focus-indicator", BOTH, "(/forms/street-light/)"),
    ("missing-lang", "html-has-lang", BOTH, None),
]


@pytest.mark.parametrize(("page", "rule", "viewports", "needle"), DEFECTS, ids=[d[0] for d in DEFECTS])
def test_each_defect_is_caught_with_its_rule_and_source(result: AuditResult, page: str, rule: str,
                                                        viewports: set[str], needle: str | None) -> None:
    url = f"/defects/{page}/"
    markdown = f"content/services/{page}.md"
    found = [f for f in result.findings if f.url == url]
    caught = [f for f in found if f.rule == rule]
    assert caught, f"{rule} not reported on {url}; found {[(f.rule, f.viewport) for f in found]}"
    assert {f.viewport for f in caught} == viewports
    expected = f"{markdown}:{_line_of(markdown, needle)}" if needle else markdown
    assert {f.source for f in caught} == {expected}
    for f in caught:
        assert f.level == "violation" and f.fails
        assert f.impact in ("minor", "moderate", "serious", "critical")
        assert f.wcag and f.selector and f.html and f.help
        assert f.file == f"defects/{page}/index.html"
    # The page's one defect is the only thing that fails it.
    assert {f.rule for f in found if f.fails} == {rule}


def test_clean_pages_pass_at_both_viewports(result: AuditResult) -> None:
    for url in CLEAN_PAGES:
        assert [(f.rule, f.viewport, f.selector) for f in result.findings if f.url == url] == []
    junit = ET.parse(result.reports["junit"]).getroot()
    for viewport in VIEWPORTS:
        suite = junit.find(f"testsuite[@name='accessibility.{viewport.name}']")
        cases = {case.get("name"): case for case in suite.iter("testcase")}
        for url in CLEAN_PAGES:
            assert cases[url].find("failure") is None


def test_a_generated_page_reports_its_template_not_a_source(result: AuditResult) -> None:
    found = [f for f in result.findings if f.url == "/defects/generated/"]
    assert {f.rule for f in found} == {"image-alt"}
    assert {(f.source, f.template) for f in found} == {(None, "a-to-z")}


def test_reports_are_written_and_complete(result: AuditResult, project: Path) -> None:
    report = json.loads((project / "site" / "_audit" / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["pages"] == len(result.pages) == 15
    assert report["summary"]["audits"] == 30
    assert report["summary"]["passed"] is False
    assert "_audit/report.html" not in {p["file"] for p in report["pages"]}
    first = report["violations"][0]
    for key in ("url", "viewport", "rule", "impact", "selector", "html", "wcag", "source", "template"):
        assert key in first
    junit = ET.parse(project / "site" / "_audit" / "junit.xml").getroot()
    assert int(junit.get("tests")) == 30
    assert int(junit.get("failures")) == len({(f.url, f.viewport) for f in result.failing})
    assert (project / "site" / "_audit" / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_html_report_passes_the_audit_itself(auditor: Auditor, result: AuditResult, tmp_path: Path) -> None:
    site = tmp_path / "report-site"
    site.mkdir()
    shutil.copy(result.reports["html"], site / "index.html")
    checked = auditor.audit(site, cache_dir=tmp_path / "cache", out=None)
    assert [(f.rule, f.viewport, f.selector) for f in checked.violations] == []


def test_fail_on_sets_the_lowest_impact_that_fails(auditor: Auditor, project: Path) -> None:
    # Every page is in the cache by now, so this costs no browser time.
    critical = auditor.audit(project / "site", cache_dir=project / "cache", fail_on="critical")
    assert critical.audited == 0
    assert critical.failing and all(f.impact == "critical" for f in critical.failing)
    assert {f.rule for f in critical.failing} == {"image-alt", "label", "button-name"}
    assert critical.exit_code == 1
    assert any(not f.fails for f in critical.violations)


def test_custom_radios_must_show_focus_on_their_label(auditor: Auditor, tmp_path: Path) -> None:
    site = _clean_site(tmp_path)
    css = site / "theme" / "css" / "site.css"
    text = css.read_text(encoding="utf-8")
    rule = ".radios__input:focus + .radios__label::before, .checkboxes__input:focus + .checkboxes__label::before {"
    assert rule in text
    css.write_text(text.replace(rule, ".no-focus-style {"), encoding="utf-8")
    checked = auditor.audit(site, cache_dir=tmp_path / "cache")
    found = {(f.url, f.rule, f.selector) for f in checked.violations}
    # Tab reaches one radio of the group (the arrow keys the rest) and the checkbox.
    assert found == {("/forms/contact-preferences/", "focus-indicator", "#contact-email"),
                     ("/forms/contact-preferences/", "focus-indicator", "#updates")}


def test_cache_reaudits_only_a_changed_page(auditor: Auditor, tmp_path: Path) -> None:
    site = _clean_site(tmp_path, small=True)
    cache = tmp_path / "cache"
    first = auditor.audit(site, cache_dir=cache)
    assert (first.audited, first.cached, first.exit_code) == (4, 0, 0)
    again = auditor.audit(site, cache_dir=cache)
    assert (again.audited, again.cached) == (0, 4)
    page = site / "services" / "report-a-pothole" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace(' alt="A deep pothole filled with rainwater"', ""), encoding="utf-8")
    edited = auditor.audit(site, cache_dir=cache)
    assert (edited.audited, edited.cached) == (2, 2)
    assert {(f.url, f.rule) for f in edited.violations} == {("/services/report-a-pothole/", "image-alt")}
    css = site / "theme" / "css" / "site.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* theme changed */\n", encoding="utf-8")
    assert auditor.audit(site, cache_dir=cache).audited == 4


def test_run_audit_returns_0_for_a_clean_site_and_prints_a_summary(tmp_path: Path) -> None:
    _chromium()
    out = io.StringIO()
    assert run_audit(_clean_site(tmp_path, small=True), cache_dir=tmp_path / "cache", out=out) == 0
    assert "PASSED" in out.getvalue()
    assert (tmp_path / "site" / "_audit" / "report.json").is_file()


def test_the_sample_site_passes_with_zero_violations(auditor: Auditor, tmp_path: Path) -> None:
    built = build(PROJECT / "content", tmp_path, forms_dir=PROJECT / "forms")
    assert built.result.problems.errors == []
    checked = auditor.audit(built.output, cache_dir=tmp_path / "audit-cache")
    assert len(checked.pages) > 10
    assert [(f.url, f.viewport, f.rule, f.selector) for f in checked.violations] == []
    # The accessibility statement now shows the result for every WCAG 2.2 A and AA criterion...
    summary = json.loads((built.output / "_audit" / "conformance.json").read_text(encoding="utf-8"))
    assert len(summary["criteria"]) == 55 and summary["axe_version"] and summary["date"]
    assert {r["result"] for r in summary["criteria"]} == {"pass", "not testable automatically"}
    statement = (built.output / "accessibility" / "index.html").read_text(encoding="utf-8")
    assert statement.count("<!-- wcag-conformance -->") == 1
    assert "1.4.10 Reflow</th><td>AA</td><td>Passes the automated checks" in statement
    assert "2.5.1 Pointer Gestures</th><td>A</td><td>Not testable automatically" in statement
    # ... and passes the audit itself, with only that page audited again.
    again = auditor.audit(built.output, cache_dir=tmp_path / "audit-cache")
    assert (again.audited, again.violations) == (2, [])
    statement = (built.output / "accessibility" / "index.html").read_text(encoding="utf-8")
    assert statement.count("wcag-conformance -->") == 2  # replaced, not added again


def test_the_conformance_summary_counts_failures_per_criterion(result: AuditResult) -> None:
    from builder.audit.axe import axe_source
    from builder.audit.conformance import summarise

    rows = {r["criterion"]: r for r in summarise(result, axe_source=axe_source(), axe_version="4")["criteria"]}
    alt = [f for f in result.violations if "1.1.1" in f.wcag]
    assert rows["1.1.1"]["result"] == "fail" and rows["1.1.1"]["problems"] == len(alt)
    assert rows["1.1.1"]["pages"] == len({f.url for f in alt}) == 2
    assert rows["2.4.2"]["result"] == "pass"  # axe checks page titles; every page has one
    assert rows["2.5.1"]["result"] == "not testable automatically"


# ---------- without a browser ----------

def test_no_browser_raises_one_line_telling_how_to_install_one(monkeypatch: pytest.MonkeyPatch,
                                                               tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", "")
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path))
    monkeypatch.delenv("PORTAL_CHROMIUM", raising=False)
    with pytest.raises(BrowserNotFound) as caught:
        run_audit(AUDIT_FIXTURES / "site", cache_dir=tmp_path / "cache", out=io.StringIO())
    message = str(caught.value)
    assert "\n" not in message and "apt-get install chromium" in message
    monkeypatch.setenv("PORTAL_CHROMIUM", str(tmp_path / "no-such-chrome"))
    with pytest.raises(BrowserNotFound) as caught:
        find_chromium()
    assert "\n" not in str(caught.value) and "PORTAL_CHROMIUM" in str(caught.value)


def test_bad_fail_on_is_refused() -> None:
    with pytest.raises(ValueError, match="fail_on"):
        run_audit(AUDIT_FIXTURES / "site", fail_on="severe")


def test_source_lines_are_found_for_images_links_and_text() -> None:
    lines = (AUDIT_FIXTURES / "content/services/report-a-pothole.md").read_text(encoding="utf-8").splitlines()
    image = {"tag": "img", "in_main": True, "src": "/images/pothole.svg", "alt": "A deep pothole"}
    link = {"tag": "a", "in_main": True, "href": "/roads/repair-policy/", "link_text": "how we decide repairs"}
    renamed = {"tag": "a", "in_main": True, "href": "/built/elsewhere/", "link_text": "online report form"}
    text = {"tag": "p", "in_main": True, "text": "An inspector will look at the pothole within 5 working days."}
    assert lines[find_line(lines, image) - 1].startswith("![A deep pothole")
    assert "repair-policy" in lines[find_line(lines, link) - 1]
    assert "online report form" in lines[find_line(lines, renamed) - 1]
    assert lines[find_line(lines, text) - 1].startswith("An inspector")
    assert find_line(lines, {"tag": "p", "in_main": True, "text": "Not in the file at all"}) is None
    assert find_line(lines, {"tag": "p", "in_main": True, "text": "Report a pothole"}) is None  # front matter


def test_pages_not_in_sources_json_have_no_source(tmp_path: Path) -> None:
    sources = SourceMap(AUDIT_FIXTURES / "site")
    assert sources.source_file("/services/report-a-pothole/") == "content/services/report-a-pothole.md"
    assert sources.source_file("/services/report-a-pothole/index.html") == "content/services/report-a-pothole.md"
    assert sources.locate("/a-to-z/", {"tag": "a", "in_main": True, "href": "/x/"}) is None
    assert SourceMap(tmp_path).source_file("/") is None  # no sources.json at all


def test_page_facts_read_from_html() -> None:
    assert url_for("index.html") == "/"
    assert url_for("services/x/index.html") == "/services/x/"
    assert url_for("404.html") == "/404.html"
    assert page_template('<meta name="generator-template" content="service">') == "service"
    assert page_template("<meta content='a-to-z' name='generator-template'>") == "a-to-z"
    assert page_template('<meta name="description" content="x">') is None
    assert has_script('<script src="/search.js"></script>')
    assert not has_script('<script type="application/ld+json">{}</script>')


def test_best_practice_rules_are_warnings_and_never_fail() -> None:
    page = Page(url="/x/", file="x/index.html", html="", sha256="", template=None, has_script=False)
    node = {"target": "main", "html": "<main>", "summary": "", "anchor": None}
    raw = {"axe": [
        {"id": "region", "impact": "moderate", "tags": ["cat.keyboard", "best-practice"], "nodes": [node]},
        {"id": "color-contrast", "impact": "serious", "tags": ["wcag2aa", "wcag143"], "nodes": [node]},
    ], "custom": [{"id": "reflow", "nodes": [node]}]}
    findings = to_findings(page, VIEWPORTS[0], raw, SourceMap(AUDIT_FIXTURES / "site"), "serious")
    by_rule = {f.rule: f for f in findings}
    assert (by_rule["region"].level, by_rule["region"].fails, by_rule["region"].wcag) == ("warning", False, [])
    assert (by_rule["color-contrast"].fails, by_rule["color-contrast"].wcag) == (True, ["1.4.3"])
    assert (by_rule["reflow"].fails, by_rule["reflow"].wcag) == (True, ["1.4.10"])


def test_build_py_audit_without_a_browser_exits_2_saying_how_to_install_one(tmp_path: Path) -> None:
    import subprocess
    import sys

    env = {"PATH": "", "PLAYWRIGHT_BROWSERS_PATH": str(tmp_path), "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, str(PROJECT / "build.py"), "audit", "--site",
                           str(AUDIT_FIXTURES / "site")], cwd=tmp_path, env=env, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "apt-get install chromium" in done.stderr
