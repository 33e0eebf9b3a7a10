"""A case on the staff pages: ``/staff/cases/<reference>`` with its four actions (``status``,
``updates``, ``notes``, ``department``), and its photos at ``/staff/photos/<id>``.

Officers see and act on their own department's cases only (``backend.staff.scope``). Logs name
officers and reports by their database ids: never tokens, codes, email addresses or names.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from flask import abort, current_app, flash, g, redirect, render_template, url_for
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms import SelectField, TextAreaField

from backend.cases.answers import answer_rows
from backend.cases.history import is_overdue
from backend.cases.reports import CHANNELS, tell_resident
from backend.cases.statuses import STATUSES, label
from backend.council import forms_of, known_departments, site_config
from backend.staff.scope import bp, case_or_404
from backend.storage.db import db
from backend.storage.models import Photo, Report, ReportUpdate, Staff
from backend.storage.photostore import serve_photo
from backend.web.access import staff_required
from portal import dates
from portal.text import clean, multi_line

log = logging.getLogger(__name__)

# Notes, updates and reasons: several paragraphs an officer writes, or pastes from an email.
STAFF_TEXT = multi_line(5000)
INTERNAL_NOTE = "Internal note — not shown to the resident"


class StatusForm(FlaskForm):
    status = SelectField("New status", choices=[], validate_choice=False)
    status_message = TextAreaField("Message to the resident (optional)")


class UpdateForm(FlaskForm):
    update_text = TextAreaField("Update to the resident")


class NoteForm(FlaskForm):
    note_text = TextAreaField("Internal note")


class ReassignForm(FlaskForm):
    department = SelectField("Department", choices=[], validate_choice=False)
    reassign_reason = TextAreaField("Why (optional)")


@dataclass
class HistoryEntry:
    when: str
    heading: str
    text: str | None = None
    internal: bool = False
    by: str | None = None
    photos: list[Photo] = field(default_factory=list)


def _answer_rows(report: Report) -> list[tuple[str, str]]:
    return answer_rows(forms_of(current_app).get(report.form_slug), report, "staff")


def _photo_labels(report: Report) -> list[tuple[Photo, str]]:
    spec = forms_of(current_app).get(report.form_slug)
    names = {f.name: f.label for f in spec.fields} if spec else {}
    return [(p, names.get(p.field_name, "Photo")) for p in report.photos]


def _history(report: Report) -> list[HistoryEntry]:
    """Everything that happened to the case, oldest first, internal entries included."""
    staff_ids = {u.staff_id for u in report.updates if u.staff_id}
    officers = {row.id: row.email for row in db.session.execute(select(Staff.id, Staff.email)
                                                                 .where(Staff.id.in_(staff_ids)))}
    how = CHANNELS.get(report.channel, report.channel).lower()
    entries = [HistoryEntry(dates.long_moment(report.created_at), f"Received {how}")]
    for u in report.updates:
        if u.author == "resident":
            heading = "The resident added"
        elif u.visibility == "internal" and u.department:
            heading = f"Reassigned to {u.department}"
        elif u.visibility == "internal":
            heading = INTERNAL_NOTE
        elif u.status:
            heading = f"Status changed to: {label(u.status)}"
        else:
            heading = "Update to the resident"
        entries.append(HistoryEntry(dates.long_moment(u.created_at), heading, u.text, u.visibility == "internal",
                                    officers.get(u.staff_id) if u.staff_id else None, list(u.photos)))
    return entries


def _case_page(report: Report, errors: list[tuple[str, str]] | None = None, **forms: Any) -> str:
    status_form = forms.get("status_form") or StatusForm(formdata=None)
    status_form.status.choices = [(s.key, s.label) for s in STATUSES.values()]
    reassign_form = forms.get("reassign_form") or ReassignForm(formdata=None)
    reassign_form.department.choices = [(d, d) for d in known_departments(current_app) if d != report.department]
    return render_template(
        "staff/case.html", report=report, status=label(report.status), overdue=is_overdue(report),
        resident_language=site_config(current_app).language_of(report.language),
        channel=CHANNELS.get(report.channel, report.channel), answers=_answer_rows(report),
        photos=_photo_labels(report), history=_history(report), internal_note=INTERNAL_NOTE, errors=errors or [],
        status_form=status_form, update_form=forms.get("update_form") or UpdateForm(formdata=None),
        note_form=forms.get("note_form") or NoteForm(formdata=None), reassign_form=reassign_form,
    )


def _read_text(value: str | None, what: str, *, required: bool) -> tuple[str | None, str | None]:
    """The text as stored (None if empty), and the problem with it to show the officer, by the one free-text rule."""
    text, problem = clean(value, STAFF_TEXT)
    if not text:
        return None, f"Enter the {what}" if required else None
    return text, f"The {what} {problem}" if problem else None


def _back_to_case(report: Report, done: str) -> Response:
    """Back to the case, whose top says what was just done (a GOV.UK success banner)."""
    flash(done, "success")
    return redirect(url_for("staff.case", reference=report.reference))


def _emailed(report: Report) -> str:
    if report.email:
        return " The resident has been emailed."
    return " The resident gave no email address, so was not told."


@bp.get("/cases/<reference>")
@staff_required
def case(reference: str) -> str:
    return _case_page(case_or_404(reference))


@bp.post("/cases/<reference>/status")
@staff_required
def change_status(reference: str) -> Response | tuple[str, int]:
    report = case_or_404(reference)
    form = StatusForm()
    new = form.status.data
    message, problem = _read_text(form.status_message.data, "message to the resident", required=False)
    errors = []
    if new not in STATUSES:
        errors.append(("status", "Select the new status"))
    elif new == report.status:
        errors.append(("status", f"The case is already {label(new)}: select a different status, "
                                 "or write an update to the resident instead"))
    if problem:
        errors.append(("status_message", problem))
    if errors:
        return _case_page(report, errors, status_form=form), 400
    report.status = new
    db.session.add(ReportUpdate(report=report, visibility="public", author="staff", staff_id=g.staff.id,
                                status=new, text=message))
    tell_resident(report, message)
    db.session.commit()
    log.info("staff %s set report %s to %s", g.staff.id, report.id, new)
    return _back_to_case(report, f"Status changed to {label(new)}.{_emailed(report)}")


@bp.post("/cases/<reference>/updates")
@staff_required
def public_update(reference: str) -> Response | tuple[str, int]:
    report = case_or_404(reference)
    form = UpdateForm()
    text, problem = _read_text(form.update_text.data, "update to the resident", required=True)
    if problem:
        return _case_page(report, [("update_text", problem)], update_form=form), 400
    db.session.add(ReportUpdate(report=report, visibility="public", author="staff", staff_id=g.staff.id, text=text))
    tell_resident(report, text)
    db.session.commit()
    log.info("staff %s wrote to the resident of report %s", g.staff.id, report.id)
    return _back_to_case(report, f"Update added.{_emailed(report)}")


@bp.post("/cases/<reference>/notes")
@staff_required
def internal_note(reference: str) -> Response | tuple[str, int]:
    report = case_or_404(reference)
    form = NoteForm()
    text, problem = _read_text(form.note_text.data, "internal note", required=True)
    if problem:
        return _case_page(report, [("note_text", problem)], note_form=form), 400
    # Internal: never emailed, and casehistory leaves it out of everything residents see.
    db.session.add(ReportUpdate(report=report, visibility="internal", author="staff", staff_id=g.staff.id, text=text))
    db.session.commit()
    log.info("staff %s added an internal note to report %s", g.staff.id, report.id)
    return _back_to_case(report, "Internal note added. Residents never see it.")


@bp.post("/cases/<reference>/department")
@staff_required
def reassign(reference: str) -> Response | tuple[str, int]:
    report = case_or_404(reference)
    form = ReassignForm()
    new = form.department.data
    reason, problem = _read_text(form.reassign_reason.data, "reason", required=False)
    errors = []
    if new not in known_departments(current_app):
        errors.append(("department", "Select the department to pass the case to"))
    elif new == report.department:
        errors.append(("department", f"The case is already with {new}: select a different department"))
    if problem:
        errors.append(("reassign_reason", problem))
    if errors:
        return _case_page(report, errors, reassign_form=form), 400
    report.department = new
    db.session.add(ReportUpdate(report=report, visibility="internal", author="staff", staff_id=g.staff.id,
                                department=new, text=reason))
    db.session.commit()
    log.info("staff %s reassigned report %s", g.staff.id, report.id)
    if g.staff.is_admin:
        return _back_to_case(report, f"Case passed to {new}.")
    flash(f"Case {report.reference} passed to {new}. It is now in their queue, not yours.", "success")
    return redirect(url_for("staff.queue"))


@bp.get("/photos/<int:photo_id>")
@staff_required
def photo(photo_id: int) -> Response:
    found = db.session.get(Photo, photo_id)
    owner = found and (found.report or (found.update.report if found.update else None))
    if found is None or owner is None or not (g.staff.is_admin or owner.department == g.staff.department):
        abort(404)
    return serve_photo(found)
