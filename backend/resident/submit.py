"""The resident's journey through a form: its pages, check your answers, confirmation.

URLs: /submit/<form>/<page number>, /submit/<form>/check, /submit/<form>/done. Nothing personal
is put in a URL: answers live in a server-side draft, the reference in the session.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from backend.cases.reports import create_report
from backend.council import forms_of, site_config
from backend.forms.fields import HONEYPOT, error_links, page_answers, page_form_class
from backend.resident import drafts
from backend.resident.prefill import prefilled
from backend.storage.db import db
from backend.storage.models import Photo, Report
from backend.storage.photos import MAX_FILES, PhotoRejected, check_uploads, save_photo
from backend.web import languages, sessions
from backend.web.access import public
from backend.web.languages import serve_in_languages
from backend.web.security import limiter
from portal.forms import FormSpec, display_answer

bp = Blueprint("submit", __name__, url_prefix="/submit")


def _form_or_404(slug: str) -> FormSpec:
    """The form in the page's language (its stored values are the same in every language)."""
    form = forms_of(current_app).get(slug)
    if form is None:
        abort(404)
    return languages.in_language(form)


@bp.get("/<slug>/")
@public
def start(slug: str) -> Response:
    spec = _form_or_404(slug)
    answers = prefilled({f.name for f in spec.fields}, request.args, site_config(current_app).base_url,
                        current_app.config["PUBLIC_URL"])
    if answers:
        # Into the draft, so the address never travels further in a URL.
        drafts.save_answers(drafts.get_or_create_draft(slug), answers)
        db.session.commit()
    return redirect(url_for("submit.page", slug=slug, number=1))


@bp.route("/<slug>/<int:number>", methods=["GET", "POST"])
@public
def page(slug: str, number: int) -> Response | str:
    spec = _form_or_404(slug)
    if not 1 <= number <= len(spec.pages):
        abort(404)
    # Showing the page only reads the draft (without the ORM session); sending it changes it.
    draft = drafts.find_draft(slug) if request.method == "POST" else drafts.read_draft(slug)
    missing = _first_missing_page(spec, draft, before=number)
    if missing:
        return redirect(url_for("submit.page", slug=slug, number=missing))
    page_spec = spec.pages[number - 1]
    form_class = page_form_class(page_spec)
    changing = request.args.get("change") == "1"
    if request.method == "GET":
        answers = {**_saved_details(spec), **{k: v for k, v in drafts.answers_of(draft).items() if v}}
        form = form_class(formdata=None, data=_page_data(page_spec, answers))
        return _render_page(spec, number, form, changing, draft)
    form = form_class()
    if form[HONEYPOT].data:
        abort(400)
    form.validate()
    _accept_kept_photos(page_spec, form, draft)
    photos = _check_photos(page_spec, form)
    # On an error page, photos that passed and answers without errors are kept, so fixing one
    # answer loses nothing (a draft is made only when there is something to keep).
    kept = {k: v for k, v in page_answers(page_spec, form).items() if not form[k].errors and v}
    if form.errors and not photos and not kept:
        return _render_page(spec, number, form, changing, draft), 400
    draft = draft or drafts.new_draft(slug)
    for field_name, new in photos.items():
        drafts.replace_photos(draft, field_name, new)
    if form.errors:
        drafts.save_answers(draft, kept)
        db.session.commit()
        return _render_page(spec, number, form, changing, draft), 400
    drafts.save_page(draft, number, page_answers(page_spec, form))
    db.session.commit()
    if changing or number == len(spec.pages):
        return redirect(url_for("submit.check", slug=slug))
    return redirect(url_for("submit.page", slug=slug, number=number + 1))


@bp.post("/<slug>/<int:number>/remove-photo")
@public
def remove_photo(slug: str, number: int) -> Response:
    """The Remove button beside a kept photo (its own small form, so Enter in a box never presses it)."""
    spec = _form_or_404(slug)
    if not 1 <= number <= len(spec.pages):
        abort(404)
    draft = drafts.find_draft(slug)
    photo_id = request.form.get("photo", type=int)
    if draft is None or photo_id is None or not drafts.remove_photo(draft, photo_id):
        abort(404)
    db.session.commit()
    return redirect(url_for("submit.page", slug=slug, number=number,
                            **({"change": 1} if request.form.get("change") == "1" else {})))


@bp.route("/<slug>/check", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SUBMIT_RATE_LIMIT"], methods=["POST"])
@public
def check(slug: str) -> Response | str:
    spec = _form_or_404(slug)
    draft = drafts.find_draft(slug) if request.method == "POST" else drafts.read_draft(slug)
    if draft is None and (made := drafts.report_made_from(slug)) is not None:
        return _confirm(slug, _confirmation(slug, made))  # "Send" pressed again after the report was made
    missing = _first_missing_page(spec, draft, before=len(spec.pages) + 1)
    if missing:
        return redirect(url_for("submit.page", slug=slug, number=missing))
    assert draft is not None
    if request.method == "GET":
        return render_template("submit/check.html", form=spec, rows=_summary_rows(spec, draft))
    return _confirm(slug, _create_report(spec, draft))


def _confirmation(slug: str, report: Report) -> dict[str, Any]:
    """What the confirmation page shows, kept in the session (nothing personal goes in a URL)."""
    return {"slug": slug, "reference": report.reference, "due": report.due_date.isoformat(),
            "emailed": bool(report.email)}


def _confirm(slug: str, confirmation: dict[str, Any]) -> Response:
    session["confirmation"] = confirmation
    return redirect(url_for("submit.done", slug=slug))


@bp.get("/<slug>/done")
@public
def done(slug: str) -> str | Response:
    spec = _form_or_404(slug)
    confirmation = session.get("confirmation")
    if not confirmation or confirmation.get("slug") != slug:
        return redirect(url_for("submit.start", slug=slug))
    return render_template("submit/done.html", form=spec, reference=confirmation["reference"],
                           due=dt.date.fromisoformat(confirmation["due"]),
                           emailed=confirmation.get("emailed", True))


def _render_page(spec: FormSpec, number: int, form: Any, changing: bool, draft: Any) -> str:
    previous = (url_for("submit.check", slug=spec.slug) if changing else
                url_for("submit.page", slug=spec.slug, number=number - 1) if number > 1 else
                spec.start_url)
    page_spec = spec.pages[number - 1]
    return render_template("submit/page.html", form_spec=spec, page=page_spec, number=number, form=form,
                           back=previous, changing=changing, errors=error_links(page_spec, form),
                           single=len(page_spec.fields) == 1,
                           kept_photos={f.name: drafts.kept_photos(draft, f.name) for f in page_spec.fields
                                        if f.type == "photo"})


def _saved_details(spec: FormSpec) -> dict[str, Any]:
    """A signed-in resident's saved details, to fill in the contact page and postcode questions."""
    account = sessions.current_account()
    if account is None:
        return {}
    saved = {"name": account.name, "email": account.email, "phone": account.phone}
    saved.update({f.name: account.postcode for f in spec.fields if f.type == "postcode"})
    return {k: v for k, v in saved.items() if v}


def _first_missing_page(spec: FormSpec, draft: Any, *, before: int) -> int | None:
    done = drafts.pages_done(draft)
    return next((n for n in range(1, before) if n not in done), None)


def _page_data(page_spec: Any, answers: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field in page_spec.fields:
        value = answers.get(field.name)
        if field.type == "location" and isinstance(value, dict):
            data[field.name] = value.get("description")
            data[f"{field.name}_latitude"] = value.get("latitude")
            data[f"{field.name}_longitude"] = value.get("longitude")
        elif field.type != "photo":
            data[field.name] = value
    return data


def _accept_kept_photos(page_spec: Any, form: Any, draft: Any) -> None:
    """A required photo question is answered by the photos already kept for it."""
    for field in (f for f in page_spec.fields if f.type == "photo"):
        chosen = any(f.filename for f in request.files.getlist(field.name))
        if not chosen and drafts.kept_photos(draft, field.name):
            form[field.name].errors = []


def _check_photos(page_spec: Any, form: Any) -> dict[str, list[tuple[Photo, str]]]:
    """Check and store each photo question's new files, whatever other answers say; a question
    with a bad file gets the error and keeps none of its new files."""
    saved: dict[str, list[tuple[Photo, str]]] = {}
    for field in (f for f in page_spec.fields if f.type == "photo"):
        files = request.files.getlist(field.name)
        try:
            checked = check_uploads(files, max_files=field.max_files or MAX_FILES,
                                    max_bytes=current_app.config["PHOTO_MAX_BYTES"])
        except PhotoRejected as exc:
            form[field.name].errors = [str(exc)]
            continue
        names = [f.filename or "" for f in files if f.filename]
        if checked:
            saved[field.name] = [(save_photo(p, field.name), n)
                                 for p, n in zip(checked, names, strict=True)]
    return saved


def _summary_rows(spec: FormSpec, draft: Any) -> list[dict[str, Any]]:
    answers = drafts.answers_of(draft)
    rows = []
    for number, page_spec in enumerate(spec.pages, start=1):
        for field in page_spec.fields:
            kept = [name for _photo, name in drafts.kept_photos(draft, field.name)]
            value = ", ".join(kept) if kept else display_answer(field, answers.get(field.name), 0)
            rows.append({"label": field.label, "value": value,
                         "change": url_for("submit.page", slug=spec.slug, number=number, change=1),
                         "field": field.name})
    return rows


def _create_report(spec: FormSpec, draft: Any) -> dict[str, Any]:
    """One transaction: the report, its photos, its email and the draft's removal, or none of them;
    its confirmation. Of two presses of "Send" at once, the second breaks the unique draft and gets
    the first's report."""
    try:
        # The form as defined (English), whatever language the resident used: one stored value each.
        report = create_report(forms_of(current_app)[spec.slug], drafts.answers_of(draft),
                               photos=[p for p, _name in drafts.kept_photos(draft)],
                               source_draft=draft.id, language=languages.current().code)
        confirmation = _confirmation(spec.slug, report)  # before the commit, which would have it read again
        drafts.forget_draft(draft)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        report = drafts.report_made_from(spec.slug)
        if report is None:
            raise
        confirmation = _confirmation(spec.slug, report)
    return confirmation


serve_in_languages(bp)
