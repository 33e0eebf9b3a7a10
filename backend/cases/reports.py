"""Making a report: reference, due date, the resident's email, all in one transaction.

Used by the resident's online journey and by staff recording a report made by phone or in person.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app
from sqlalchemy.exc import IntegrityError

from backend.council import site_config
from backend.mail import emails, outbox
from backend.storage.db import db
from backend.storage.models import Photo, Report
from backend.web.tokens import make_token
from portal.forms import FormSpec
from portal.references import new_reference
from portal.timezone import LONDON
from portal.workdays import add_working_days

CONTACT_FIELDS = ("name", "email", "phone")
CHANNELS = {"web": "Online", "phone": "By phone", "face-to-face": "Face to face"}


def create_report(spec: FormSpec, answers: dict[str, Any], *, channel: str = "web",
                  photos: list[Photo] = ()) -> Report:
    """Store a report with its photos and queue its confirmation email; the caller commits."""
    site = site_config(current_app)
    today = dt.datetime.now(LONDON).date()
    postcode = next((answers.get(f.name) for f in spec.fields if f.type == "postcode"), None)
    report = Report(
        form_slug=spec.slug, form_title=spec.title, kind=spec.kind, department=spec.department,
        channel=channel, answers={k: v for k, v in answers.items() if k not in CONTACT_FIELDS},
        name=answers.get("name"), email=(answers.get("email") or "").strip().lower() or None,
        phone=answers.get("phone"), postcode=postcode,
        due_date=add_working_days(today, spec.target_days, site.bank_holidays),
    )
    for attempt in range(5):
        report.reference = new_reference()
        try:
            with db.session.begin_nested():  # a clash of references retries, not fails
                db.session.add(report)
        except IntegrityError:
            if attempt == 4:
                raise
            continue
        break
    for photo in photos:
        photo.report = report
        photo.draft = None
    if report.email:
        subject, body = emails.confirmation(report, spec, site, current_app.config["PUBLIC_URL"],
                                            tracking_url(report))
        outbox.enqueue(report.email, subject, body)
    return report


def tracking_url(report: Report) -> str:
    """The read-only link that opens a report's progress without typing (its id is all it carries)."""
    return f"{current_app.config['PUBLIC_URL']}/track/{make_token('track', report.id)}"
