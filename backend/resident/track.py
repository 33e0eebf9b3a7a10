"""Track a report without an account: by reference plus the email, phone number or postcode given with it, or
by the signed link in the confirmation email. Read-only, and nothing personal is shown."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask_wtf import FlaskForm
from wtforms import StringField

from backend.cases.answers import answer_rows
from backend.cases.history import is_overdue, public_timeline
from backend.cases.statuses import label
from backend.cases.tracked import TrackedReport, read_tracked
from backend.cases.tracking import matches
from backend.council import forms_of
from backend.storage.db import db
from backend.web import languages
from backend.web.access import public
from backend.web.languages import serve_in_languages
from backend.web.security import limiter
from backend.web.tokens import read_token
from portal.references import normalise
from portal.wording import N_
from portal.wording import gettext as _

bp = Blueprint("track", __name__, url_prefix="/track")
NOT_FOUND = N_("We could not find a report with that reference and email address, phone number or postcode. "
             "Check them and try again.")


class TrackForm(FlaskForm):
    # Drawn in the page's language by the template.
    reference = StringField(N_("Reference"),
                            description=N_("For example, 4QM-7XH-9RK. It is in your confirmation email."))
    contact = StringField(N_("Email address, phone number or postcode"),
                          description=N_("One of those you gave when you made the report."))


@bp.route("/", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])  # slows anyone guessing references
@public
def find() -> str | tuple[str, int]:
    form = TrackForm()
    if request.method == "GET" or not form.validate():
        return render_template("track/find.html", form=form, errors=[])
    errors = []
    if not (form.reference.data or "").strip():
        errors.append(("reference", _("Enter your reference")))
    if not (form.contact.data or "").strip():
        errors.append(("contact", _("Enter the email address, phone number or postcode you gave")))
    reference = normalise(form.reference.data or "")
    if not errors and reference is None:
        errors.append(("reference", _("Enter your reference as it is in your email, like 4QM-7XH-9RK")))
    report = None
    if not errors:
        report = _read("reference", reference)
        if report is None or not matches(report, form.contact.data):
            errors.append(("reference", _(NOT_FOUND)))
    if errors:
        return render_template("track/find.html", form=form, errors=errors), 400
    return status_page(report)


@bp.get("/<token>")
@public
def link(token: str) -> str | tuple[str, int]:
    report_id = read_token("track", token)
    report = _read("id", report_id) if isinstance(report_id, int) else None
    if report is None:
        return render_template("link_invalid.html"), 400
    return status_page(report)


def _read(key: str, value: int | str) -> TrackedReport | None:
    # The report and its history in one statement, without the ORM session (backend.cases.tracked).
    with db.engine.connect() as connection:
        return read_tracked(connection, key, value)


def status_page(report: TrackedReport) -> str:
    spec = forms_of(current_app).get(report.form_slug)
    words = languages.in_language(spec) if spec else None
    return render_template("track/status.html", report=report, status=_(label(report.status)),
                           form_title=words.title if words else report.form_title,
                           answers=answer_rows(words, report, "tracking"),
                           overdue=is_overdue(report), timeline=public_timeline(report, include_resident=False))


serve_in_languages(bp)
