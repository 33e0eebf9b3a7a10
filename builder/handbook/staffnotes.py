"""Staff notes: what only the contact centre needs about a service, read from ``<slug>.staff.md``.

Each note is its own file beside the service page (``content/services/report-a-pothole.staff.md``
beside ``report-a-pothole.md``), not a section of the page: the public build ignores the whole
file (``builder.settings``), so no template change or stray heading can publish it, and the
council can give staff-note editors their own review. Front matter is checked like the rest of
content/, and every problem comes out as ``file:line: message`` with the fix.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from builder.body import render_body
from builder.contentmodel import STAFF_NOTES_SUFFIX, url_for_source
from builder.frontmatter import split_front_matter
from portal import schema as s
from portal.errors import Problems, SourceError, shown_path
from portal.yamlsource import load_yaml

FIELDS = (
    s.Field("questions", s.text_list(20), "[Where exactly is it?, Is anyone hurt?]"),
    s.Field("eligibility", s.text_list(20), "[The road is not a private road]", required=False),
    s.Field("escalate_to", s.slug(), "highways"),
    s.Field("escalate_when", s.text(300), "Someone is hurt or the hole is on a main road"),
    s.Field("record_on", s.slug(), "report-a-pothole", required=False),
    s.Field("owner", s.text(100), "Contact centre team leader", required=False),
    s.Field("last_reviewed", s.date(), "2026-10-01", required=False),
)
_ELSEWHERE = ("staff notes belong beside their service page in services/, named "
              "<service>.staff.md; move the file there or delete it")


@dataclass(frozen=True)
class StaffNotes:
    """The checked notes for one service; ``html`` is the body, rendered like a public page's."""

    slug: str
    path: str
    questions: tuple[str, ...]
    eligibility: tuple[str, ...]
    escalate_to: str
    escalate_when: str
    record_on: str | None
    owner: str | None
    last_reviewed: dt.date | None
    html: str


def staff_notes_files(content_dir: Path) -> list[Path]:
    """Every staff-notes file under ``content_dir``, wherever an editor put it."""
    return sorted(content_dir.rglob(f"*{STAFF_NOTES_SUFFIX}"))


def load_staff_notes(content_dir: Path, display_root: Path, *, services: Collection[str],
                     contacts: Collection[str], forms: Collection[str],
                     problems: Problems) -> dict[str, StaffNotes]:
    """Read and check every staff note; problems go to ``problems``, good notes are returned."""
    notes: dict[str, StaffNotes] = {}
    for file in staff_notes_files(content_dir):
        shown = shown_path(file, display_root)
        if file.parent != content_dir / "services":
            problems.error(shown, 0, _ELSEWHERE)
            continue
        slug = file.name[: -len(STAFF_NOTES_SUFFIX)]
        if slug not in services:
            hint = difflib.get_close_matches(slug, list(services), n=1)
            fix = f"rename it to '{hint[0]}{STAFF_NOTES_SUFFIX}'" if hint else "rename it to match a service page"
            problems.error(shown, 0, f"there is no service page services/{slug}.md for these staff "
                           f"notes; {fix}, or delete it")
            continue
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            problems.error(shown, 0, f"is not UTF-8 text (byte {exc.start}); save it as UTF-8")
            continue
        note = read_staff_notes(text, path=shown, slug=slug, contacts=contacts, forms=forms,
                                services=services, problems=problems)
        if note is not None:
            notes[slug] = note
    return notes


def read_staff_notes(text: str, *, path: str, slug: str, contacts: Collection[str], forms: Collection[str],
                     services: Collection[str], problems: Problems) -> StaffNotes | None:
    """Check one staff-notes file; None (with its problems recorded) if it cannot be used."""
    found = Problems()
    try:
        split = split_front_matter(text, path)
        data, lines = load_yaml(split.front_matter, path, split.front_matter_line)
    except SourceError as exc:
        problems.errors.append(exc.problem)
        return None
    lines.setdefault((), 1)
    values = s.check_fields(data, FIELDS, path=path, lines=lines, problems=found)
    _check_key(values, "escalate_to", contacts, "a contact in site.yaml's contacts", path, lines, found)
    _check_key(values, "record_on", forms, "a form in forms/", path, lines, found)
    body = render_body(split.body, path=path, first_line=split.body_line, folder="services",
                       url_for_source=url_for_source, problems=found)
    for line, href in body.local_links:
        target = href.split("#", 1)[0]
        if target.startswith("/services/") and target.strip("/").split("/")[-1] not in services:
            found.error(path, line, f"link to '{href}' points to no service page; check the address")
    problems.extend(found)
    if found.errors:
        return None
    return StaffNotes(
        slug=slug, path=path, questions=tuple(values["questions"]),
        eligibility=tuple(values["eligibility"] or ()), escalate_to=values["escalate_to"],
        escalate_when=values["escalate_when"], record_on=values["record_on"], owner=values["owner"],
        last_reviewed=values["last_reviewed"], html=body.html,
    )


def _check_key(values: dict, name: str, known: Collection[str], what: str, path: str,
               lines: dict, problems: Problems) -> None:
    value = values.get(name)
    if value is None or value in known:
        return
    hint = difflib.get_close_matches(value, list(known), n=1)
    fix = f"did you mean '{hint[0]}'?" if hint else f"use {what}"
    problems.error(path, lines.get((name,), 1), f"{name} '{value}' is not {what}; {fix}")
    values[name] = None
