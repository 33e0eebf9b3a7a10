"""The council's side of the portal: officers work their department's queue, answer cases, and
record reports that residents make by phone or face to face. Signing in is ``staff_signin``.

URLs (all under /staff, all for signed-in officers): the queue at ``/``, ``cases/<reference>``
with its four actions (``status``, ``updates``, ``notes``, ``department``), ``photos/<id>``, and
``cases/new`` to record a report.

Officers see and act on their own department's cases only; anything else is "not found", so a
guessed reference reveals nothing. Admins see every department. Logs name officers and reports by
their database ids: never tokens, codes, email addresses or names.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field, replace
from typing import Any
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from werkzeug.wrappers import Response
from wtforms import RadioField, SelectField, TextAreaField

from backend import emails, outbox
from backend.access import staff_required
from backend.answers import display_answer
from backend.casehistory import is_overdue
from backend.db import db
from backend.formclasses import error_links, page_answers, page_form_class
from backend.models import Photo, Report, ReportUpdate, Staff, as_utc
from backend.photos import MAX_FILES, CheckedPhoto, PhotoRejected, check_uploads, save_photo
from backend.photostore import serve_photo
from backend.reports import CHANNELS, CONTACT_FIELDS, create_report
from backend.statuses import OPEN, STATUSES, label
from backend.theme import forms_of, site_config
from portal import dates
from portal.formspec import CONTACT_PAGE_TITLE, FieldSpec, FormSpec, PageSpec
from portal.references import normalise

bp = Blueprint("staff", __name__, url_prefix="/staff")
log = logging.getLogger(__name__)

LONDON = ZoneInfo("Europe/London")
QUEUE_LIMIT = 200
TEXT_LIMIT = 5000
STAFF_CHANNELS = {k: v for k, v in CHANNELS.items() if k != "web"}
INTERNAL_NOTE = "Internal note — not shown to the resident"
_RECORDED = "staff_recorded"  # session key: the report just recorded, for its confirmation page
_STATUS_FILTERS = ("open", "closed", "any")


# --- Helpers other modules use -------------------------------------------------------------------

def known_departments(app: Flask) -> list[str]:
    """The departments the forms send reports to: the names staff accounts must use."""
    return sorted({form.department for form in forms_of(app).values()})


def _visible(query: Any) -> Any:
    return query if g.staff.is_admin else query.where(Report.department == g.staff.department)


@bp.get("/")
@staff_required
def queue() -> str:
    args = request.args
    status = args.get("status", "open")
    status = status if status in _STATUS_FILTERS or status in STATUSES else "open"
    form_slug = args.get("form", "")
    overdue_only = args.get("overdue") == "1"
    department = args.get("department", "") if g.staff.is_admin else g.staff.department
    today = dt.datetime.now(LONDON).date()

    query = _visible(select(Report))
    if department:
        query = query.where(Report.department == department)
    if status == "open":
        query = query.where(Report.status.in_(OPEN))
    elif status == "closed":
        query = query.where(Report.status.not_in(OPEN))
    elif status in STATUSES:
        query = query.where(Report.status == status)
    if form_slug:
        query = query.where(Report.form_slug == form_slug)
    if overdue_only:
        query = query.where(Report.status.in_(OPEN), Report.due_date < today)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    reports = db.session.scalars(query.order_by(Report.due_date, Report.created_at, Report.id).limit(QUEUE_LIMIT))
    rows = [(r, label(r.status), is_overdue(r, today)) for r in reports]

    scope = _visible(select(Report.form_slug, Report.form_title).distinct())
    if department:
        scope = scope.where(Report.department == department)
    form_choices = sorted({tuple(row) for row in db.session.execute(scope)}, key=lambda pair: (pair[1], pair[0]))
    departments = sorted({*known_departments(current_app),
                          *db.session.scalars(select(Report.department).distinct())}) if g.staff.is_admin else []
    status_choices = [("open", "Open (any open status)"), ("closed", "Closed (any closed status)"),
                      ("any", "Any status"), *((s.key, s.label) for s in STATUSES.values())]
    return render_template("staff/queue.html", rows=rows, total=total, limit=QUEUE_LIMIT,
                           status_choices=status_choices, status=status, form_slug=form_slug,
                           form_choices=form_choices, overdue_only=overdue_only, department=department,
                           department_choices=[(d, d) for d in departments])


# --- A case --------------------------------------------------------------------------------------

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


def _case_or_404(reference: str) -> Report:
    """The case with that reference if this officer may see it; 404 for anything else."""
    canonical = normalise(reference)
    report = db.session.scalar(select(Report).where(Report.reference == canonical)) if canonical else None
    if report is None or not (g.staff.is_admin or report.department == g.staff.department):
        abort(404)
    return report


def _when(moment: dt.datetime) -> str:
    local = as_utc(moment).astimezone(LONDON)
    return f"{dates.long_date(local.date())}, {dates.short_time(local.time())}"


def _answer_rows(report: Report) -> list[tuple[str, str]]:
    """(question, answer) in the form's order and words; answers the form no longer asks come last."""
    spec = forms_of(current_app).get(report.form_slug)
    answers = report.answers or {}
    rows: list[tuple[str, str]] = []
    asked: set[str] = set(CONTACT_FIELDS)
    for question in spec.fields if spec else ():
        asked.add(question.name)
        if question.name in CONTACT_FIELDS:
            continue
        count = sum(1 for p in report.photos if p.field_name == question.name)
        rows.append((question.label, display_answer(question, answers.get(question.name), count)))
    for name, value in answers.items():
        if name not in asked:
            rows.append((name.replace("_", " ").capitalize(), "Not given" if value in (None, "") else str(value)))
    return rows


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
    entries = [HistoryEntry(_when(report.created_at), f"Received {how}")]
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
        entries.append(HistoryEntry(_when(u.created_at), heading, u.text, u.visibility == "internal",
                                    officers.get(u.staff_id) if u.staff_id else None, list(u.photos)))
    return entries


def _case_page(report: Report, errors: list[tuple[str, str]] | None = None, **forms: Any) -> str:
    status_form = forms.get("status_form") or StatusForm(formdata=None)
    status_form.status.choices = [(s.key, s.label) for s in STATUSES.values()]
    reassign_form = forms.get("reassign_form") or ReassignForm(formdata=None)
    reassign_form.department.choices = [(d, d) for d in known_departments(current_app) if d != report.department]
    return render_template(
        "staff/case.html", report=report, status=label(report.status), overdue=is_overdue(report),
        channel=CHANNELS.get(report.channel, report.channel), answers=_answer_rows(report),
        photos=_photo_labels(report), history=_history(report), internal_note=INTERNAL_NOTE, errors=errors or [],
        status_form=status_form, update_form=forms.get("update_form") or UpdateForm(formdata=None),
        note_form=forms.get("note_form") or NoteForm(formdata=None), reassign_form=reassign_form,
    )


def _clean_text(value: str | None) -> str | None:
    text = (value or "").replace("\r\n", "\n").strip()
    return text or None


def _text_problem(text: str | None, what: str, *, required: bool) -> str | None:
    if text is None:
        return f"Enter the {what}" if required else None
    if len(text) > TEXT_LIMIT:
        return f"The {what} must be {TEXT_LIMIT:,} characters or fewer; it has {len(text):,}"
    if any(ord(c) < 32 and c not in "\n\t" for c in text):
        return f"The {what} must not contain hidden control characters"
    return None


def _tell_resident(report: Report, text: str | None) -> None:
    """Queue an email about a public change, in the same transaction as the change."""
    if report.email:
        outbox.enqueue(report.email, *emails.case_update(report, text, site_config(current_app),
                                                         current_app.config["PUBLIC_URL"]))


def _back_to_case(report: Report) -> Response:
    return redirect(url_for("staff.case", reference=report.reference) + "#history")


@bp.get("/cases/<reference>")
@staff_required
def case(reference: str) -> str:
    return _case_page(_case_or_404(reference))


@bp.post("/cases/<reference>/status")
@staff_required
def change_status(reference: str) -> Response | tuple[str, int]:
    report = _case_or_404(reference)
    form = StatusForm()
    new = form.status.data
    message = _clean_text(form.status_message.data)
    errors = []
    if new not in STATUSES:
        errors.append(("status", "Select the new status"))
    elif new == report.status:
        errors.append(("status", f"The case is already {label(new)}: select a different status, "
                                 "or write an update to the resident instead"))
    if problem := _text_problem(message, "message to the resident", required=False):
        errors.append(("status_message", problem))
    if errors:
        return _case_page(report, errors, status_form=form), 400
    report.status = new
    db.session.add(ReportUpdate(report=report, visibility="public", author="staff", staff_id=g.staff.id,
                                status=new, text=message))
    _tell_resident(report, message)
    db.session.commit()
    log.info("staff %s set report %s to %s", g.staff.id, report.id, new)
    return _back_to_case(report)


@bp.post("/cases/<reference>/updates")
@staff_required
def public_update(reference: str) -> Response | tuple[str, int]:
    report = _case_or_404(reference)
    form = UpdateForm()
    text = _clean_text(form.update_text.data)
    if problem := _text_problem(text, "update to the resident", required=True):
        return _case_page(report, [("update_text", problem)], update_form=form), 400
    db.session.add(ReportUpdate(report=report, visibility="public", author="staff", staff_id=g.staff.id, text=text))
    _tell_resident(report, text)
    db.session.commit()
    log.info("staff %s wrote to the resident of report %s", g.staff.id, report.id)
    return _back_to_case(report)


@bp.post("/cases/<reference>/notes")
@staff_required
def internal_note(reference: str) -> Response | tuple[str, int]:
    report = _case_or_404(reference)
    form = NoteForm()
    text = _clean_text(form.note_text.data)
    if problem := _text_problem(text, "internal note", required=True):
        return _case_page(report, [("note_text", problem)], note_form=form), 400
    # Internal: never emailed, and casehistory leaves it out of everything residents see.
    db.session.add(ReportUpdate(report=report, visibility="internal", author="staff", staff_id=g.staff.id, text=text))
    db.session.commit()
    log.info("staff %s added an internal note to report %s", g.staff.id, report.id)
    return _back_to_case(report)


@bp.post("/cases/<reference>/department")
@staff_required
def reassign(reference: str) -> Response | tuple[str, int]:
    report = _case_or_404(reference)
    form = ReassignForm()
    new = form.department.data
    reason = _clean_text(form.reassign_reason.data)
    errors = []
    if new not in known_departments(current_app):
        errors.append(("department", "Select the department to pass the case to"))
    elif new == report.department:
        errors.append(("department", f"The case is already with {new}: select a different department"))
    if problem := _text_problem(reason, "reason", required=False):
        errors.append(("reassign_reason", problem))
    if errors:
        return _case_page(report, errors, reassign_form=form), 400
    report.department = new
    db.session.add(ReportUpdate(report=report, visibility="internal", author="staff", staff_id=g.staff.id,
                                department=new, text=reason))
    db.session.commit()
    log.info("staff %s reassigned report %s", g.staff.id, report.id)
    if g.staff.is_admin:
        return _back_to_case(report)
    flash(f"Case {report.reference} passed to {new}. It is now in their queue, not yours.")
    return redirect(url_for("staff.queue"))


@bp.get("/photos/<int:photo_id>")
@staff_required
def photo(photo_id: int) -> Response:
    found = db.session.get(Photo, photo_id)
    owner = found and (found.report or (found.update.report if found.update else None))
    if found is None or owner is None or not (g.staff.is_admin or owner.department == g.staff.department):
        abort(404)
    return serve_photo(found)


# --- Recording a report made by phone or face to face -------------------------------------------

class RecordForm(FlaskForm):
    channel = RadioField("How did the resident make the report?", choices=list(STAFF_CHANNELS.items()),
                         validate_choice=False)


def _staff_pages(spec: FormSpec) -> tuple[PageSpec, ...]:
    """The form's pages as staff fill them in: the same questions, except that a resident on the
    phone may have no email address to give, and cannot hand over a photo."""
    def adapt(question: FieldSpec) -> FieldSpec:
        if question.name == "email":
            return replace(question, required=False,
                           hint="Leave empty if the resident has none: they will not get emails about it.")
        if question.type == "photo":
            return replace(question, required=False)
        return question

    return tuple(PageSpec("The resident's contact details" if page.title == CONTACT_PAGE_TITLE else page.title,
                          tuple(adapt(q) for q in page.fields)) for page in spec.pages)


def _page_forms(pages: tuple[PageSpec, ...], *, posted: bool) -> list[Any]:
    # CSRF is checked once for the whole request (CSRFProtect), not once per page's form.
    meta = {"csrf": False}
    return [page_form_class(page)(meta=meta) if posted else page_form_class(page)(formdata=None, meta=meta)
            for page in pages]


def _error_links(pages: tuple[PageSpec, ...], forms: list[Any]) -> list[tuple[str, str]]:
    return [link for page, form in zip(pages, forms, strict=True) for link in error_links(page, form)]


def _answers(pages: tuple[PageSpec, ...], forms: list[Any]) -> dict[str, Any]:
    return {k: v for page, form in zip(pages, forms, strict=True) for k, v in page_answers(page, form).items()}


def _checked_photos(pages: tuple[PageSpec, ...], forms: list[Any]) -> list[tuple[str, CheckedPhoto]]:
    """Every uploaded photo, checked; a problem goes into its field's errors and nothing is kept."""
    checked: list[tuple[str, CheckedPhoto]] = []
    for page, form in zip(pages, forms, strict=True):
        for question in (q for q in page.fields if q.type == "photo"):
            try:
                checked += [(question.name, photo) for photo in check_uploads(
                    request.files.getlist(question.name), max_files=question.max_files or MAX_FILES,
                    max_bytes=current_app.config["PHOTO_MAX_BYTES"])]
            except PhotoRejected as exc:
                form[question.name].errors = [str(exc)]
    return checked


@bp.get("/cases/new")
@staff_required
def new_case() -> str | Response | tuple[str, int]:
    forms = sorted(forms_of(current_app).values(), key=lambda f: f.title)
    if "form" not in request.args:
        return render_template("staff/new.html", forms=forms, errors=[])
    if request.args["form"] not in forms_of(current_app):
        return render_template("staff/new.html", forms=forms, errors=[("form", "Select the form")]), 400
    return redirect(url_for("staff.new_case_form", slug=request.args["form"]))


@bp.route("/cases/new/<slug>", methods=["GET", "POST"])
@staff_required
def new_case_form(slug: str) -> str | Response | tuple[str, int]:
    spec = forms_of(current_app).get(slug) or abort(404)
    pages = _staff_pages(spec)
    record = RecordForm()
    forms = _page_forms(pages, posted=request.method == "POST")
    if request.method == "GET":
        return render_template("staff/new_form.html", spec=spec, pages=list(zip(pages, forms, strict=True)),
                               record=record, errors=[])
    valid = all([form.validate() for form in forms])  # every page validated, so every error is shown
    channel = record.channel.data
    errors = [] if channel in STAFF_CHANNELS else [("channel-1", "Select how the resident made the report")]
    checked = _checked_photos(pages, forms) if valid and not errors else []
    errors += _error_links(pages, forms)
    if errors:
        return render_template("staff/new_form.html", spec=spec, pages=list(zip(pages, forms, strict=True)),
                               record=record, errors=errors), 400
    photos = [save_photo(p, name) for name, p in checked]
    db.session.add_all(photos)
    report = create_report(spec, _answers(pages, forms), channel=channel, photos=photos)
    # Who took the report, for the case's history; residents never see it.
    db.session.add(ReportUpdate(report=report, visibility="internal", author="staff", staff_id=g.staff.id,
                                text=f"Recorded {STAFF_CHANNELS[channel].lower()} by a member of staff."))
    db.session.commit()
    log.info("staff %s recorded report %s (%s)", g.staff.id, report.id, channel)
    session[_RECORDED] = {"reference": report.reference, "title": spec.title, "department": report.department,
                          "due": report.due_date.isoformat(), "emailed": bool(report.email)}
    return redirect(url_for("staff.new_case_done"))


@bp.get("/cases/new/done")
@staff_required
def new_case_done() -> str | Response:
    recorded = session.get(_RECORDED)
    if not recorded:
        return redirect(url_for("staff.new_case"))
    visible = g.staff.is_admin or recorded["department"] == g.staff.department
    return render_template("staff/recorded.html", recorded=recorded, visible=visible,
                           due=dt.date.fromisoformat(recorded["due"]))
