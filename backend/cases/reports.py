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
from backend.council import site_config
from backend.mail import emails, outbox
from backend.storage.db import db
from backend.storage.models import Photo, Report
from backend.web import faults
from backend.web.tokens import make_token
from portal.forms import FormSpec
from portal.references import new_reference
from portal.timezone import LONDON
from portal.workdays import add_working_days

CHANNELS = {"web": "Online", "phone": "By phone", "face-to-face": "Face to face",
            "api": "Through another system (Open311)"}


def create_report(spec: FormSpec, answers: dict[str, Any], *, channel: str = "web",
                  photos: list[Photo] = (), source_draft: str | None = None) -> Report:
    """Store a report with its photos and queue its confirmation email; the caller commits.

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
        subject, body = emails.confirmation(report, spec, site, current_app.config["PUBLIC_URL"],
                                            tracking_url(report), answer_rows(spec, report, "resident"))
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
        outbox.enqueue(report.email, *emails.case_update(report, text, site_config(current_app),
                                                         current_app.config["PUBLIC_URL"]))
