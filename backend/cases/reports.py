"""Making a report: reference, due date, the resident's email, all in one transaction.

Used by the resident's online journey, by staff recording a report made by phone or in person, and
by other systems through the Open311 API: one way in, so every report is delivered the same way.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app
from sqlalchemy import select

from backend import delivery
from backend.cases.answers import CONTACT_FIELDS, answer_rows
from backend.council import forms_of, site_config
from backend.mail import emails, outbox
from backend.storage.db import db
from backend.storage.models import Photo, Report
from backend.web import faults, languages
from backend.web.tokens import make_token
from portal.forms import FormSpec
from portal.references import new_reference
from portal.timezone import LONDON
from portal.workdays import add_working_days

CHANNELS = {"web": "Online", "phone": "By phone", "face-to-face": "Face to face",
            "api": "Through another system (Open311)"}


def create_report(spec: FormSpec, answers: dict[str, Any], *, channel: str = "web",
                  photos: list[Photo] = (), source_draft: str | None = None, language: str | None = None) -> Report:
    """Store a report with its photos and queue its confirmation email; the caller commits.

    ``spec`` is the form in the default language (staff and reports read its words); ``language``
    the code of the resident's language (the default's if None), kept with the report, in which
    the email is written.

    ``source_draft`` is the draft it was made from: a second report from the same draft breaks
    a unique constraint (IntegrityError when flushed), so a double press makes one report."""
    site = site_config(current_app)
    today = dt.datetime.now(LONDON).date()
    postcode = next((answers.get(f.name) for f in spec.fields if f.type == "postcode"), None)
    report = Report(
        form_slug=spec.slug, form_title=spec.title, kind=spec.kind, department=spec.department,
        channel=channel, answers={k: v for k, v in answers.items() if k not in CONTACT_FIELDS},
        name=answers.get("name"), email=(answers.get("email") or "").strip().lower() or None,
        phone=answers.get("phone"), postcode=postcode,
        due_date=add_working_days(today, spec.target_days, site.bank_holidays), source_draft=source_draft,
        language=site.language_of(language).code,
    )
    report.reference = _unused_reference()
    db.session.add(report)
    # Written inside the caller's transaction and committed with the email and the rest, or not at all.
    db.session.flush()
    faults.checkpoint("report-stored")
    for photo in photos:
        photo.report = report
        photo.draft = None
    if report.email:
        with languages.writing_to(report.language) as resident:
            words = languages.in_language(spec, resident)
            subject, body = emails.confirmation(report, words, site, current_app.config["PUBLIC_URL"],
                                                tracking_url(report), answer_rows(words, report, "resident"))
        outbox.enqueue(report.email, subject, body)
    delivery.queue_for(report, spec)
    return report


def _unused_reference() -> str:
    """A new reference not yet taken; the unique constraint still guards the (vanishing) race."""
    for _ in range(5):
        reference = new_reference()
        if db.session.scalar(select(Report.id).where(Report.reference == reference)) is None:
            return reference
    raise RuntimeError("no unused reference after 5 draws: is the reference table full?")


def tracking_url(report: Report) -> str:
    """The read-only link that opens a report's progress without typing (its id is all it carries)."""
    return f"{current_app.config['PUBLIC_URL']}/track/{make_token('track', report.id)}"


def tell_resident(report: Report, text: str | None) -> None:
    """Queue an email about a public change to a case, in the same transaction as the change
    (staff's updates and the ones a back-office system sends alike)."""
    if report.email:
        spec = forms_of(current_app).get(report.form_slug)
        with languages.writing_to(report.language) as resident:
            title = languages.in_language(spec, resident).title if spec else None
            message = emails.case_update(report, text, site_config(current_app), current_app.config["PUBLIC_URL"],
                                         title)
        outbox.enqueue(report.email, *message)
