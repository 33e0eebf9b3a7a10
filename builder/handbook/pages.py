"""Write the handbook's Markdown pages: home, A–Z, contacts, key numbers, categories, services.

Each page is Markdown that mkdocs-material renders; text from editors is escaped (``md``), and
the public pages' bodies go in as the HTML the public build renders, so call handlers read
exactly what residents read. Form pages are written by ``builder.handbook.formpages``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from builder.handbook.formpages import form_pages
from builder.handbook.markup import RECORD_REPORT_URL, demote_headings, handbook_path, md, point_links_at_handbook
from builder.handbook.model import Handbook, ServicePage
from builder.handbook.staffnotes import StaffNotes
from portal.dates import long_date
from portal.siteconfig import Contact

Page = tuple[str, str]  # (path inside docs/, Markdown)


def write_pages(handbook: Handbook, docs_dir: Path) -> int:
    """Write every page into ``docs_dir`` (emptied of old pages first); return how many."""
    count = 0
    for stale in docs_dir.rglob("*.md"):
        stale.unlink()
    for path, text in all_pages(handbook):
        target = docs_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        count += 1
    return count


def all_pages(handbook: Handbook) -> Iterator[Page]:
    yield "index.md", _home(handbook)
    yield "a-to-z.md", _a_to_z(handbook)
    yield "contacts.md", _contacts(handbook)
    yield "key-numbers.md", _key_numbers(handbook)
    for category, services in handbook.model.categories:
        lines = [f"# {md(category.title)}", "", md(category.summary), ""]
        lines += [f"- [{md(s.title)}](../services/{s.slug}.md): {md(s.summary)}" for s in services]
        yield f"categories/{category.slug}.md", "\n".join(lines) + "\n"
    for service in handbook.model.services:
        yield f"services/{service.slug}.md", _service(handbook, service)
    yield from form_pages(handbook)


def _known(handbook: Handbook) -> dict[str, set[str]]:
    model = handbook.model
    return {"services": {s.slug for s in model.services}, "forms": set(model.forms),
            "categories": {c.slug for c, _ in model.categories}}


def _home(handbook: Handbook) -> str:
    site, known = handbook.site, _known(handbook)
    lines = [
        f"# {md(site.council_name)}: contact-centre handbook", "",
        "For officers answering the phone and the front desk. Every service page shows the "
        "**staff notes** (what to ask, what to check, when to escalate, which form to record it "
        "on) above **what residents read** on the website, so you can talk the caller through "
        "the same information.", "",
        "Staff notes are never published on the public website.", "",
        "## Most asked about", "",
    ]
    for task in site.top_tasks:
        inside = handbook_path(task.url, **known)
        target = f"{inside.rstrip('/')}.md" if inside else task.url
        lines.append(f"- [{md(task.title)}]({target})")
    lines += ["", "## Find your way", "",
              "- [A to Z of services](a-to-z.md), including the words callers use",
              "- [Contact directory](contacts.md) for every team",
              "- [Key telephone numbers](key-numbers.md), including out-of-hours numbers",
              "- [Forms](forms/index.md): the questions each online form asks, and where to record "
              "a report made by phone or face to face", "",
              "Use the search box at the top of every page to search all of it."]
    return "\n".join(lines) + "\n"


def _a_to_z(handbook: Handbook) -> str:
    lines = ["# A to Z of services", "",
             "Every service, and the words callers use for them (in italics, with where they lead).", ""]
    letters = [letter for letter in handbook.model.az if letter.entries]
    lines += [" · ".join(f"[{letter.letter}](#{letter.anchor})" for letter in letters), ""]
    for letter in letters:
        lines += [f"## {letter.letter} {{#{letter.anchor}}}", ""]
        for entry in letter.entries:
            links = ", ".join(f"[{md(s.title)}](services/{s.slug}.md)" for s in entry.targets)
            lines.append(f"- *{md(entry.label)}*: see {links}" if entry.synonym else f"- {links}")
        lines.append("")
    return "\n".join(lines)


def _contact_lines(contact: Contact) -> list[str]:
    lines = [f"- Phone: [{md(contact.phone)}]({contact.phone_link})"]
    if contact.textphone:
        lines.append(f"- Textphone: {md(contact.textphone)}")
    lines += [f"- Email: [{md(contact.email)}](mailto:{contact.email})",
              f"- Address: {md(contact.address)}", f"- Hours: {md(contact.hours)}"]
    return lines


def _contacts(handbook: Handbook) -> str:
    model = handbook.model
    lines = ["# Contact directory", "", "Every team, with the services it handles.", ""]
    for contact in sorted(model.site.contacts.values(), key=lambda c: c.name.casefold()):
        lines += [f"## {md(contact.name)} {{#{contact.key}}}", "", *_contact_lines(contact), ""]
        services = [s for s in model.services if s.contact == contact.key]
        if services:
            lines += ["Handles: " + ", ".join(f"[{md(s.title)}](services/{s.slug}.md)" for s in services), ""]
    return "\n".join(lines)


def _key_numbers(handbook: Handbook) -> str:
    lines = ["# Key telephone numbers", "",
             "The numbers residents are given on the website, with opening hours. Numbers for "
             "out-of-hours emergencies are in the hours.", "",
             "| Team | Phone | Hours |", "| --- | --- | --- |"]
    for contact in handbook.model.telephone_table():
        lines.append(f"| [{md(contact.name)}](contacts.md#{contact.key}) | "
                     f"[{md(contact.phone)}]({contact.phone_link}) | {md(contact.hours)} |")
    return "\n".join(lines) + "\n"


def _service(handbook: Handbook, service: ServicePage) -> str:
    model, known = handbook.model, _known(handbook)
    contact = model.contact_for(service)
    lines = [f"# {md(service.title)}", "", md(service.summary), ""]
    if contact is not None:
        lines += [f"Team: [{md(contact.name)}](../contacts.md#{contact.key}), "
                  f"[{md(contact.phone)}]({contact.phone_link}), {md(contact.hours)}", ""]
    lines += ["## Staff notes {.hb-staff-heading}", ""]
    notes = handbook.notes.get(service.slug)
    if notes is None:
        lines += ["There are no staff notes for this service yet: answer from what residents read "
                  "below, and pass anything else to the team.", ""]
    else:
        lines += _notes(handbook, notes, known)
    forms = model.forms_for(service)
    if notes is not None and notes.record_on:  # the notes' choice first, then the service's others
        chosen = model.forms[notes.record_on]
        forms = [chosen, *(f for f in forms if f is not chosen)]
    if forms:
        lines += ["### Record it on", "", *(_record_line(f.slug, f.title) for f in forms), ""]
    lines += ["## What residents read {.hb-public-heading}", "",
              f"This is the public page [{md(service.title)}](/services/{service.slug}/) as residents see it.", "",
              '<div class="hb-public" markdown="0">',
              point_links_at_handbook(demote_headings(service.html, 1), 2, **known),
              "</div>", ""]
    return "\n".join(lines)


def _notes(handbook: Handbook, notes: StaffNotes, known: dict[str, set[str]]) -> list[str]:
    model = handbook.model
    lines = ["### Ask the caller", "", *[f"1. {md(q)}" for q in notes.questions], ""]
    if notes.eligibility:
        lines += ["### Check first", "", *[f"- {md(e)}" for e in notes.eligibility], ""]
    escalate = model.site.contacts[notes.escalate_to]
    lines += ["### When to escalate", "", md(notes.escalate_when), "",
              f"Escalate to [{md(escalate.name)}](../contacts.md#{escalate.key}) on "
              f"[{md(escalate.phone)}]({escalate.phone_link}).", ""]
    if notes.html.strip():
        lines += ["### Call-handling notes", "", '<div class="hb-notes" markdown="0">',
                  point_links_at_handbook(demote_headings(notes.html, 2), 2, **known), "</div>", ""]
    footer = [f"owned by {md(notes.owner)}" if notes.owner else "",
              f"last reviewed {long_date(notes.last_reviewed)}" if notes.last_reviewed else ""]
    if any(footer):
        lines += ["Staff notes " + ", ".join(f for f in footer if f) + ".", ""]
    return lines


def _record_line(slug: str, title: str) -> str:
    return (f"- [{md(title)}](../forms/{slug}.md): what it asks. [Record a phone or face-to-face "
            f"report on {md(title)}]({RECORD_REPORT_URL.format(slug=slug)})")
