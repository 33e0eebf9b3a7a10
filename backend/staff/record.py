"""Recording a report that a resident makes by phone or face to face: ``/staff/cases/new``.

The same questions as the resident's form, except that a resident on the phone may have no email
address to give and cannot hand over a photo. Who recorded it goes into the case's history.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import replace
from typing import Any

from flask import abort, current_app, g, redirect, render_template, request, session, url_for
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import RadioField

from backend.cases.reports import CHANNELS, create_report
from backend.cases.tracking import tracking_details
from backend.council import forms_of
from backend.forms.fields import error_links, page_answers, page_form_class
from backend.staff.scope import bp
from backend.storage.db import db
from backend.storage.models import ReportUpdate
from backend.storage.photos import MAX_FILES, CheckedPhoto, PhotoRejected, check_uploads, save_photo
from backend.web.access import staff_required
from portal.forms import CONTACT_PAGE_TITLE, FieldSpec, FormSpec, PageSpec

log = logging.getLogger(__name__)

STAFF_CHANNELS = {k: v for k, v in CHANNELS.items() if k not in ("web", "api")}
_RECORDED = "staff_recorded"  # session key: the report just recorded, for its confirmation page


class RecordForm(FlaskForm):
    channel = RadioField("How did the resident make the report?", choices=list(STAFF_CHANNELS.items()),
                         validate_choice=False)


_YOUR = re.compile(r"\byour\b", re.IGNORECASE)


def _staff_pages(spec: FormSpec) -> tuple[PageSpec, ...]:
    """The form's pages as staff fill them in: the same questions, except that a resident on the
    phone may have no email address to give, and cannot hand over a photo."""
    def adapt(question: FieldSpec) -> FieldSpec:
        # The officer is told what to ask the caller, not addressed as the resident ("your").
        if question.error:
            question = replace(question, error=_YOUR.sub("the caller's", question.error))
        if question.name == "email":
            return replace(question, required=False,
                           hint="Leave empty if the resident has none: they will not get emails about it.")
        if question.name == "phone":
            return replace(question, hint="With it they can track the report online if they have no email address.")
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
                          "due": report.due_date.isoformat(), "emailed": bool(report.email),
                          "track_with": tracking_details(report)}
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
