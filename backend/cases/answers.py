"""A report's answers as each audience may read them, in the form's order and words.

Staff see every answer but the contact details (shown on their own); the resident, signed in or
in an email, sees what they reported without anything personal (email, phone, postcode); the
tracking page, open to anyone holding the reference and a contact detail, shows only the answers
that tell two reports apart (the location, the choices, numbers and dates), never free text,
which may hold names or phone numbers.
"""

from __future__ import annotations

from typing import Literal

from backend.cases.tracked import TrackedReport
from backend.storage.models import Report
from portal.forms import FIELD_TYPES, FieldSpec, FormSpec, display_answer

Audience = Literal["staff", "resident", "tracking"]
CONTACT_FIELDS = ("name", "email", "phone")  # stored on the report itself, not among its answers
PERSONAL_TYPES = frozenset({"email", "tel", "postcode"})
FREE_TEXT_TYPES = frozenset({"text", "textarea"})


def shown_to(question: FieldSpec, audience: Audience) -> bool:
    """Whether ``audience`` may read the answer to ``question``."""
    if question.name in CONTACT_FIELDS:
        return False
    if audience == "staff":
        return True
    if question.type in PERSONAL_TYPES or FIELD_TYPES[question.type].takes_files:
        return False
    return audience == "resident" or question.type not in FREE_TEXT_TYPES


def answer_rows(spec: FormSpec | None, report: Report | TrackedReport, audience: Audience) -> list[tuple[str, str]]:
    """(question, answer) pairs; for staff, answers the form no longer asks come last."""
    answers = report.answers or {}
    rows: list[tuple[str, str]] = []
    asked: set[str] = set(CONTACT_FIELDS)
    for question in spec.fields if spec else ():
        asked.add(question.name)
        if not shown_to(question, audience):
            continue
        value = answers.get(question.name)
        if audience != "staff" and value in (None, "", [], {}):
            continue  # "Not given" tells a resident nothing about which report this is
        # Only a photo question reads the photos: other pages need no query for them.
        count = sum(1 for p in report.photos if p.field_name == question.name) \
            if FIELD_TYPES[question.type].takes_files else 0
        rows.append((question.label, display_answer(question, value, count)))
    if audience == "staff":
        for name, value in answers.items():
            if name not in asked:
                rows.append((name.replace("_", " ").capitalize(), "Not given" if value in (None, "") else str(value)))
    return rows


def case_location(spec: FormSpec | None, report: Report) -> str | None:
    """Where a case is, for the staff queue: its location answer, else the address and postcode it
    was given (a missed bin's address is where the bin is); None for forms about no place."""
    answers = report.answers or {}
    for question in spec.fields if spec else ():
        value = answers.get(question.name)
        if question.type == "location" and isinstance(value, dict) and value.get("description"):
            return str(value["description"])
    address = next((answers.get(q.name) for q in (spec.fields if spec else ())
                    if q.type in FREE_TEXT_TYPES and "address" in q.name and answers.get(q.name)), None)
    parts = [str(part) for part in (address, report.postcode) if part]
    return ", ".join(parts) or None
