"""Staff notes (content/services/<slug>.staff.md): checked like the rest of content/, reported as
file:line with the fix, and never read by the public build. None of these need mkdocs."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from builder.build import build_site
from builder.handbook.build import build_handbook
from builder.handbook.command import handbook_command
from builder.handbook.model import load_handbook
from portal.errors import Problems

FIXTURE = Path(__file__).parent / "fixtures" / "site"
PROJECT = Path(__file__).resolve().parent.parent
NOTES = "content/services/report-a-pothole.staff.md"
GOOD_NOTES = """---
questions:
  - Which street is the pothole on?
  - Has anyone been hurt?
escalate_to: general
escalate_when: Someone has been hurt
record_on: report-a-pothole
owner: Contact centre team leader
last_reviewed: 2026-11-02
---
## Dangerous holes

Phone the zebra-striped duty officer straight away.
"""


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(FIXTURE, tmp_path / "content")
    (tmp_path / "forms").mkdir()
    for form in ("report-a-pothole", "report-a-missed-bin"):
        shutil.copy(PROJECT / "forms" / f"{form}.yaml", tmp_path / "forms")
    # The sample forms carry Welsh and Urdu: the fixture site must publish in both for them to load.
    with (tmp_path / "content" / "site.yaml").open("a", encoding="utf-8") as site:
        site.write("languages:\n  cy: partial\n  ur: partial\n")
    return tmp_path / "content"


def _problems(content: Path, notes: str, name: str = "report-a-pothole.staff.md",
              folder: str = "services") -> list[str]:
    (content / folder / name).write_text(notes, encoding="utf-8")
    problems = Problems()
    load_handbook(content, content.parent / "forms", content.parent, problems)
    return [str(p) for p in problems.errors]


def test_good_notes_are_read_with_every_key(content: Path) -> None:
    (content / "services" / "report-a-pothole.staff.md").write_text(GOOD_NOTES, encoding="utf-8")
    problems = Problems()
    handbook = load_handbook(content, content.parent / "forms", content.parent, problems)
    assert problems.errors == []
    notes = handbook.notes["report-a-pothole"]
    assert notes.questions == ("Which street is the pothole on?", "Has anyone been hurt?")
    assert (notes.escalate_to, notes.record_on, notes.owner) == ("general", "report-a-pothole",
                                                                  "Contact centre team leader")
    assert "zebra-striped duty officer" in notes.html


@pytest.mark.parametrize(("change", "expected"), [
    (("questions:", "question:"),
     NOTES + ":2: unknown key 'question'; did you mean 'questions'?"),
    (("escalate_to: general", "escalate_to: highway"),
     NOTES + ":5: escalate_to 'highway' is not a contact in site.yaml's contacts"),
    (("record_on: report-a-pothole", "record_on: report-a-pot-hole"),
     NOTES + ":7: record_on 'report-a-pot-hole' is not a form in forms/; did you mean 'report-a-pothole'?"),
    (("escalate_when: Someone has been hurt\n", ""),
     NOTES + ":2: escalate_when is missing; add a line like 'escalate_when: "),
    (("last_reviewed: 2026-11-02", "last_reviewed: 2 Nov 2026"),
     NOTES + ":9: last_reviewed should be a date written YYYY-MM-DD"),
    (("owner: Contact centre team leader", "owner: [a, b"),
     NOTES + ":9: this is not valid YAML"),
    (("Phone the", "Phone [here](/services/report-a-pothole/) the"),
     NOTES + ":13: link text 'here' does not say where it goes"),
    (("Phone the", "See [no such page](/services/no-such-service/). Phone the"),
     NOTES + ":13: link to '/services/no-such-service/' points to no service page"),
])
def test_a_bad_key_is_named_with_its_file_line_and_fix(content: Path, change: tuple[str, str], expected: str) -> None:
    problems = _problems(content, GOOD_NOTES.replace(*change))
    assert any(p.startswith(expected) for p in problems), problems


def test_notes_without_a_service_page_or_outside_services_are_errors(content: Path) -> None:
    assert _problems(content, GOOD_NOTES, name="report-a-pothol.staff.md") == [
        "content/services/report-a-pothol.staff.md: there is no service page services/report-a-pothol.md for "
        "these staff notes; rename it to 'report-a-pothole.staff.md', or delete it"]
    (content / "services" / "report-a-pothol.staff.md").unlink()
    problems = _problems(content, GOOD_NOTES, folder="pages", name="contact.staff.md")
    assert problems == ["content/pages/contact.staff.md: staff notes belong beside their service page in "
                        "services/, named <service>.staff.md; move the file there or delete it"]


def test_the_public_build_never_reads_staff_notes(content: Path, tmp_path: Path) -> None:
    # Even notes that would fail every check are not the public build's business: it ignores the file.
    (content / "services" / "report-a-pothole.staff.md").write_text(GOOD_NOTES + "\n[](bad", encoding="utf-8")
    result = build_site(content, tmp_path / "output", forms_dir=tmp_path / "forms", cache_dir=tmp_path / "cache")
    assert result.problems.errors == []
    built = "".join(p.read_text(encoding="utf-8", errors="replace") for p in (tmp_path / "output").rglob("*")
                    if p.is_file() and p.suffix in (".html", ".xml", ".json", ".txt"))
    assert "zebra-striped" not in built and "report-a-pothole.staff" not in built


def test_the_handbook_is_never_built_into_the_public_site(content: Path, tmp_path: Path) -> None:
    for output in (tmp_path / "output", tmp_path / "output" / "staff", tmp_path):
        result = build_handbook(content, output, forms_dir=content.parent / "forms", public_output=tmp_path / "output")
        assert [p.message for p in result.problems.errors] == [
            f"the handbook is staff-only and cannot be built into or around the public site's folder "
            f"({tmp_path / 'output'}); build it into its own folder, such as output-handbook"], output
    stranger = tmp_path / "somebody-elses-folder"
    stranger.mkdir()
    (stranger / "notes.txt").write_text("keep me", encoding="utf-8")
    result = build_handbook(content, stranger, forms_dir=content.parent / "forms", public_output=tmp_path / "output")
    assert "this folder has files the handbook build did not make" in result.problems.errors[0].message
    assert (stranger / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_the_command_reports_problems_by_file_and_line_and_fails(content: Path) -> None:
    (content / "services" / "report-a-pothole.staff.md").write_text(
        GOOD_NOTES.replace("escalate_to: general", "escalate_to: nobody"), encoding="utf-8")
    out = io.StringIO()
    status = handbook_command(["--content", str(content), "--forms", str(content.parent / "forms"),
                               "--output", str(content.parent / "output-handbook")], out=out)
    assert status == 1
    assert NOTES + ":5: escalate_to 'nobody' is not a contact" in out.getvalue()
    assert "Handbook not built: 1 problem to fix." in out.getvalue()
    assert not (content.parent / "output-handbook").exists()


def test_without_the_handbook_environment_the_command_says_how_to_make_it(content: Path) -> None:
    out = io.StringIO()
    status = handbook_command(["--content", str(content), "--forms", str(content.parent / "forms"),
                               "--mkdocs", str(content.parent / "no-venv" / "bin" / "mkdocs")], out=out)
    assert status == 2
    assert "run `make handbook`" in out.getvalue()


def test_every_field_type_has_words_for_the_call_handler() -> None:
    from builder.handbook.formpages import _ANSWER  # noqa: PLC0415
    from portal.forms import FIELD_TYPES  # noqa: PLC0415

    assert set(FIELD_TYPES) == set(_ANSWER)
