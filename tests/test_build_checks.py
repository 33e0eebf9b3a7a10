"""Each build check, tripped by a fixture, with the exact message an editor would read."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, PROJECT, build

from portal.errors import shown_path

BROKEN = FIXTURES / "broken"
S = "services"

CASES = [
    ("long-summary.md", S, 3, "summary is 169 characters; the limit is 160"),
    ("unknown-key.md", S, 4, "unknown key 'categry'; did you mean 'category'?"),
    ("unknown-key.md", S, 2, "category is missing; add a line like 'category: bins-and-recycling'"),
    ("bad-date.md", S, 6, "last_reviewed should be a date written YYYY-MM-DD, for example 2027-03-31; "
     "found '1 September 2026'"),
    ("broken-link.md", S, 12, "link to '/services/parking-permitz/' goes to a page that does not exist; "
     "check the address"),
    ("missing-alt.md", S, 12, "image '/images/logo.svg' has no alternative text; describe it between the "
     "brackets: ![A map of the recycling centre](...)"),
    ("skipped-heading.md", S, 14, "heading jumps from level 2 to 4; use ### here"),
    ("empty-link.md", S, 12, "link to '/contact/' has no text; write what it links to between the brackets"),
    ("click-here.md", S, 12, "link text 'click here' does not say where it goes; use the title of the page "
     "it links to"),
    ("duplicate-title.md", S, 2, "title 'Report a pothole' is also the title of "
     "{content}/services/report-a-pothole.md; give each page its own title so residents can tell them apart"),
    ("unknown-contact.md", S, 5, "contact 'highways' is not in content/site.yaml contacts; use one of: "
     "general, waste"),
    ("unknown-form.md", S, 6, "form 'report-a-sinkhole' is not in forms/; "),
    ("a-to-z.md", "pages", 0, "this page's address /a-to-z/ is one the site makes itself; rename the file"),
]


def shown(path: Path) -> str:
    """How the build names a file: relative to where it runs, or in full outside it."""
    return shown_path(path, Path.cwd())


@pytest.mark.parametrize(("fixture", "folder", "line", "message"), CASES,
                         ids=[f"{c[0]}:{c[2]}" for c in CASES])
def test_check_reports_file_line_and_fix(content_copy, tmp_path, fixture, folder, line, message) -> None:
    content = content_copy()
    target = content / folder / fixture
    shutil.copy(BROKEN / fixture, target)
    result = build(content, tmp_path, search=False).result
    where = f"{shown(target)}:{line}: " if line else f"{shown(target)}: "
    expected = where + message.format(content=shown(content))
    found = [str(p) for p in result.problems.errors]
    assert any(p.startswith(expected) for p in found), "\n".join(found)
    assert result.failed(strict=False)


def test_form_key_lists_the_forms_there_are(content_copy, tmp_path) -> None:
    content = content_copy()
    forms = tmp_path / "forms"
    forms.mkdir()
    # The fixture site has one language, so the sample form goes without its Welsh.
    english = (PROJECT / "forms" / "report-a-pothole.yaml").read_text(encoding="utf-8").split("\ntranslations:")[0]
    (forms / "report-a-pothole.yaml").write_text(english + "\n", encoding="utf-8")
    shutil.copy(BROKEN / "unknown-form.md", content / S / "unknown-form.md")
    result = build(content, tmp_path, search=False, forms_dir=forms).result
    assert [str(p).split(": ", 1)[1] for p in result.problems.errors] == [
        "form 'report-a-sinkhole' is not in forms/; did you mean 'report-a-pothole'?"]


def test_past_review_date_is_a_warning_and_an_error_under_strict(content_copy, tmp_path) -> None:
    content = content_copy()
    target = content / S / "past-review.md"
    shutil.copy(BROKEN / "past-review.md", target)
    result = build(content, tmp_path, search=False).result
    assert result.problems.errors == []
    assert [str(p) for p in result.problems.warnings] == [
        f"{shown(target)}:7: review_by 2026-11-01 has passed; check the page is still right, then set "
        "last_reviewed to today and review_by to a later date"]
    assert not result.failed(strict=False)
    assert result.failed(strict=True)


def test_site_yaml_problems_name_the_line_and_fix(content_copy, tmp_path) -> None:
    content = content_copy()
    site_yaml = content / "site.yaml"
    text = site_yaml.read_text().replace('brand: "#0b4f6c"', 'brand: "#7fb2d9"')
    text = text.replace("telephone_table: [general, waste]", "telephone_table: [general, parking]")
    site_yaml.write_text(text)
    result = build(content, tmp_path, search=False).result
    lines = text.splitlines()
    brand_line = next(i for i, t in enumerate(lines, 1) if "brand:" in t)
    table_line = next(i for i, t in enumerate(lines, 1) if "telephone_table" in t)
    assert sorted(str(p) for p in result.problems.errors) == sorted([
        f"{shown(site_yaml)}:{brand_line}: colours: brand #7fb2d9 gives white text on it a contrast of "
        "2.3:1; WCAG AA needs at least 4.5:1, so choose a darker colour",
        f"{shown(site_yaml)}:{table_line}: telephone_table names 'parking', which is not in contacts; add it "
        "there or remove it",
    ])


def test_broken_yaml_names_the_line(content_copy, tmp_path) -> None:
    content = content_copy()
    target = content / S / "broken-yaml.md"
    target.write_text("---\ntitle: Broken\nsummary: [not closed\n---\nBody.\n")
    errors = [str(p) for p in build(content, tmp_path, search=False).result.problems.errors]
    assert any(e.startswith(f"{shown(target)}:4: this is not valid YAML") for e in errors), errors


def test_markdown_outside_the_content_folders_is_reported(content_copy, tmp_path) -> None:
    content = content_copy()
    (content / "notes.md").write_text("---\ntitle: Notes\n---\n")
    errors = [str(p) for p in build(content, tmp_path, search=False).result.problems.errors]
    assert f"{shown(content / 'notes.md')}: Markdown files belong in services/, whats-on/ or pages/; move " \
        "it there or delete it" in errors


def test_cached_build_reports_the_same_errors_and_sees_edits(content_copy, tmp_path) -> None:
    content = content_copy()
    target = content / S / "click-here.md"
    shutil.copy(BROKEN / "click-here.md", target)
    first = build(content, tmp_path, search=False).result.problems.errors
    second = build(content, tmp_path, search=False).result.problems.errors
    assert [str(p) for p in first] == [str(p) for p in second] != []
    target.write_text(target.read_text().replace("[click here]", "[Pay your council tax]"))
    assert build(content, tmp_path, search=False).result.problems.errors == []
    edited = content / S / "report-a-pothole.md"
    edited.write_text(edited.read_text().replace("We inspect every", "We check every"))
    site = build(content, tmp_path, search=False)
    assert "We check every pothole" in site.html("/services/report-a-pothole/").get_text()


def run_cli(*args: str) -> subprocess.CompletedProcess:
    forms = ["--forms", str(FIXTURES / "site-forms")] if "--content" in args else []
    return subprocess.run([sys.executable, str(PROJECT / "build.py"), *args, *forms], capture_output=True,
                          text=True, cwd=PROJECT, check=False)


def test_cli_exit_codes(content_copy, tmp_path) -> None:
    content = content_copy()
    ok = run_cli("--content", str(content), "--output", str(tmp_path / "ok"))
    assert ok.returncode == 0, ok.stderr
    assert "Built 10 pages" in ok.stderr
    shutil.copy(BROKEN / "past-review.md", content / S / "past-review.md")
    assert run_cli("--content", str(content), "--output", str(tmp_path / "warn")).returncode == 0
    strict = run_cli("--content", str(content), "--output", str(tmp_path / "strict"), "--strict")
    assert strict.returncode == 1
    assert "review_by 2026-11-01 has passed" in strict.stderr and "[error (--strict)]" in strict.stderr
    usage = run_cli("--content", str(tmp_path / "nowhere"))
    assert usage.returncode == 2
    assert "is not a content folder" in usage.stderr


def test_a_file_not_saved_as_utf8_is_reported_not_skipped(content_copy, tmp_path) -> None:
    content = content_copy()
    target = content / S / "latin1.md"
    target.write_bytes("---\ntitle: Caf\xe9 licences\n---\n".encode("latin-1"))
    errors = [str(p) for p in build(content, tmp_path, search=False).result.problems.errors]
    assert errors == [f"{shown(target)}: is not UTF-8 text (byte 14); save it as UTF-8"]


def test_a_markdown_file_in_a_subfolder_is_reported_once(content_copy, tmp_path) -> None:
    content = content_copy()
    (content / S / "old").mkdir()
    target = content / S / "old" / "bins.md"
    target.write_text("---\ntitle: Old bins\n---\n")
    result = build(content, tmp_path, search=False).result
    assert sorted({str(p) for p in result.problems.errors}) == [
        f"{shown(target)}: Markdown files belong in services/, whats-on/ or pages/; move it there or delete it"]
