"""The resident's account, with no password: a single-use link by email signs them in.

Opening the link (GET) only shows a "Sign in" button; the POST uses it up, so mail scanners that
follow links do not. Asking for a link gives the same answer whether or not we know the address.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import replace

from flask import Blueprint, Response, abort, current_app, g, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField

from backend.cases.answers import answer_rows
from backend.cases.history import is_overdue, public_timeline
from backend.cases.statuses import label
from backend.council import forms_of, site_config
from backend.forms.fields import check_answer
from backend.mail import emails, outbox
from backend.storage.db import db
from backend.storage.models import Account, LoginSession, Photo, Report, ReportUpdate, SignInToken, as_utc, utcnow
from backend.storage.photos import MAX_FILES, PhotoRejected, check_uploads, save_photo
from backend.storage.photostore import photo_store, serve_photo
from backend.web import languages, sessions
from backend.web.access import public, resident_required
from backend.web.languages import serve_in_languages
from backend.web.security import limiter
from backend.web.tokens import PURPOSES, make_token, read_token
from portal.email_address import MAX_LENGTH, InvalidEmail, normalise_email
from portal.forms import CONTACT_PAGE, FieldSpec
from portal.languages import FULL
from portal.references import normalise
from portal.text import clean, clean_or_empty, multi_line, single_line
from portal.wording import N_
from portal.wording import gettext as _

bp = Blueprint("account", __name__, url_prefix="/account")
PURPOSE = "resident-sign-in"


class EmailForm(FlaskForm):
    email = StringField(N_("Email address"))


class DetailsForm(FlaskForm):
    name = StringField(N_("Full name"))
    phone = StringField(N_("Phone number"))
    postcode = StringField(N_("Postcode"))


class UpdateForm(FlaskForm):
    text = TextAreaField("What do you want to add?")


# What a resident adds to a report, by the one free-text rule.
_UPDATE_TEXT = multi_line(2000)
# The saved details are the contact page's questions (all optional here), and a postcode.
_DETAILS = {
    "name": replace(CONTACT_PAGE.fields[0], required=False),
    "phone": replace(CONTACT_PAGE.fields[2], required=False),
    "postcode": FieldSpec("postcode", "postcode", "Postcode", required=False, max_length=8),
}


def _email_key() -> str:
    # Rate-limit by address without writing the address itself into the limiter's store.
    email = clean_or_empty(request.form.get("email"), single_line(MAX_LENGTH)).lower()
    return "signin:" + hashlib.sha256((current_app.config["SECRET_KEY"] + email).encode()).hexdigest()


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
@limiter.limit("5 per hour", methods=["POST"], key_func=_email_key)
@public
def sign_in() -> str | tuple[str, int]:
    form = EmailForm()
    if request.method == "GET" or not form.validate():
        return render_template("account/sign_in.html", form=form, error=None)
    try:
        email = normalise_email(form.email.data)
    except InvalidEmail as exc:
        return render_template("account/sign_in.html", form=form, error=_(str(exc))), 400
    row = SignInToken(id=secrets.token_urlsafe(24), purpose=PURPOSE, email=email,
                      expires_at=utcnow() + PURPOSES[PURPOSE].max_age)
    db.session.add(row)
    # In the account's language if there is one (the language the resident chose), else this page's.
    account = db.session.scalar(db.select(Account.language).where(Account.email == email))
    with languages.writing_to(account or languages.current().code):
        link = emails.resident_page(current_app.config["PUBLIC_URL"], f"/account/sign-in/{make_token(PURPOSE, row.id)}")
        message = emails.sign_in_link(link, site_config(current_app))
    outbox.enqueue(email, *message)
    db.session.commit()
    return render_template("account/check_email.html")


def _usable_token(token: str) -> SignInToken | None:
    token_id = read_token(PURPOSE, token)
    row = db.session.get(SignInToken, token_id) if isinstance(token_id, str) else None
    if row is None or row.purpose != PURPOSE or row.used_at is not None:
        return None
    return row if as_utc(row.expires_at) > utcnow() else None


@bp.route("/sign-in/<token>", methods=["GET", "POST"])
@public
def use_link(token: str) -> Response | str | tuple[str, int]:
    row = _usable_token(token)
    if row is None:
        return render_template("link_invalid.html"), 400
    form = FlaskForm()
    if request.method == "GET" or not form.validate():
        return render_template("account/confirm_sign_in.html", form=form)
    # Using the link is one guarded UPDATE: of many browsers pressing it at once, exactly one changes the row.
    used = db.session.execute(db.update(SignInToken).where(SignInToken.id == row.id, SignInToken.used_at.is_(None))
                              .values(used_at=utcnow()), execution_options={"synchronize_session": False})
    if used.rowcount != 1:
        db.session.rollback()
        return render_template("link_invalid.html"), 400
    account = db.session.scalar(db.select(Account).where(Account.email == row.email))
    if account is None:
        account = Account(email=row.email, language=languages.current().code)
        db.session.add(account)
        db.session.flush()
    sessions.start("resident", account=account)
    db.session.commit()
    return redirect(url_for("account.reports"))


@bp.post("/sign-out")
@public
def sign_out() -> Response:
    sessions.end("resident")
    return redirect(url_for("account.signed_out"))


@bp.get("/signed-out")
@public
def signed_out() -> str:
    return render_template("account/signed_out.html")


def _own_reports() -> list[Report]:
    return list(db.session.scalars(db.select(Report).where(Report.email == g.account.email)
                                   .order_by(Report.created_at.desc(), Report.id.desc())))


def _own_report(reference: str) -> Report:
    """The signed-in resident's report with that reference; 404 for anyone else's."""
    canonical = normalise(reference)
    report = db.session.scalar(db.select(Report).where(Report.reference == canonical)) if canonical else None
    if report is None or report.email != g.account.email:
        abort(404)
    return report


@bp.get("/")
@resident_required
def reports() -> str:
    rows = [(r, _(label(r.status)), is_overdue(r)) for r in _own_reports()]
    titles = {slug: languages.in_language(spec).title for slug, spec in forms_of(current_app).items()}
    return render_template("account/reports.html", rows=rows, account=g.account, titles=titles)


@bp.route("/reports/<reference>", methods=["GET", "POST"])
@resident_required
def report(reference: str) -> str | Response | tuple[str, int]:
    found = _own_report(reference)
    form = UpdateForm()
    errors: list[tuple[str, str]] = []
    if request.method == "POST" and form.validate():
        errors = _add_update(found, form)
        if not errors:
            return redirect(url_for("account.report", reference=found.reference))
    spec = forms_of(current_app).get(found.form_slug)
    words = languages.in_language(spec) if spec else None
    page = render_template("account/report.html", report=found, status=_(label(found.status)), form=form,
                           form_title=words.title if words else found.form_title,
                           answers=answer_rows(words, found, "resident"),
                           overdue=is_overdue(found), timeline=public_timeline(found, include_resident=True),
                           photos=found.photos + [p for u in found.updates for p in u.photos
                                                  if u.visibility == "public"], errors=errors)
    return (page, 400) if errors else page


def _add_update(found: Report, form: UpdateForm) -> list[tuple[str, str]]:
    if not found.is_open:
        return [("text", _("This report is closed, so it cannot be added to. Make a new report instead."))]
    text, problem = clean(form.text.data, _UPDATE_TEXT)
    files = request.files.getlist("photos")
    if not text and not any(f.filename for f in files):
        return [("text", _("Enter what you want to add, or choose a photo"))]
    if problem:
        return [("text", _("What you add %(problem)s") % {"problem": problem})]
    try:
        checked = check_uploads(files, max_files=MAX_FILES, max_bytes=current_app.config["PHOTO_MAX_BYTES"])
    except PhotoRejected as exc:
        return [("photos", str(exc))]
    update = ReportUpdate(report=found, visibility="public", author="resident", text=text or None)
    db.session.add(update)
    for photo in checked:
        record = save_photo(photo, "update")
        record.update = update
        db.session.add(record)
    db.session.commit()
    return []


@bp.get("/photos/<int:photo_id>")
@resident_required
def photo(photo_id: int) -> Response:
    found = db.session.get(Photo, photo_id)
    owner = found and (found.report or (found.update.report if found.update else None))
    if found is None or owner is None or owner.email != g.account.email:
        abort(404)
    return serve_photo(found)


@bp.route("/details", methods=["GET", "POST"])
@resident_required
def details() -> str | Response | tuple[str, int]:
    form = DetailsForm(obj=g.account)
    errors: list[tuple[str, str]] = []
    # The languages every email can be written in: the default and the full ones.
    site = site_config(current_app)
    choices = [other for other in site.languages if other.is_default or other.coverage == FULL]
    if request.method == "POST" and form.validate():
        # The same questions, by the same rules, as the contact page of every form.
        values = {}
        for name, spec in _DETAILS.items():
            values[name], problem = check_answer(spec, form[name].data)
            if problem:
                errors.append((name, problem))
        if not errors:
            for name, value in values.items():
                setattr(g.account, name, value)
            chosen = request.form.get("language")
            if any(chosen == other.code for other in choices):
                g.account.language = chosen
            db.session.commit()
            return redirect(url_for("account.reports"))
    page = render_template("account/details.html", form=form, errors=errors, email_languages=choices,
                           email_language=site.language_of(g.account.language))
    return (page, 400) if errors else page


@bp.get("/download")
@resident_required
def download() -> Response:
    """Everything we hold about the resident, as JSON (internal notes are the council's, not data
    about them that they gave, and are left out, as are other people's details)."""
    data = {
        "account": {"email": g.account.email, "name": g.account.name, "phone": g.account.phone,
                    "postcode": g.account.postcode, "created": g.account.created_at.isoformat()},
        "reports": [{
            "reference": r.reference, "what": r.form_title, "status": label(r.status), "channel": r.channel,
            "sent": r.created_at.isoformat(), "due": r.due_date.isoformat(), "answers": r.answers,
            "name": r.name, "email": r.email, "phone": r.phone, "postcode": r.postcode,
            "history": [{"when": e.when.isoformat(), "what": e.heading, "text": e.text}
                        for e in public_timeline(r, include_resident=True)],
        } for r in _own_reports()],
    }
    response = Response(json.dumps(data, indent=2, default=str), mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="my-data.json"'
    response.headers["Cache-Control"] = "no-store"  # personal data: never kept by a browser or proxy cache
    return response


@bp.route("/delete", methods=["GET", "POST"])
@resident_required
def delete() -> str | Response:
    form = FlaskForm()
    if request.method == "GET" or not form.validate():
        return render_template("account/delete.html", form=form)
    store = photo_store()
    for found in _own_reports():
        # The council keeps the anonymous fact of the report for its figures, and nothing personal.
        found.name = found.email = found.phone = found.postcode = None
        found.answers = {}
        for update in found.updates:
            if update.author == "resident":
                update.text = None
            for photo in update.photos:
                store.delete(photo.stored_name)
                db.session.delete(photo)
        for photo in found.photos:
            store.delete(photo.stored_name)
            db.session.delete(photo)
    db.session.execute(db.update(LoginSession).where(LoginSession.account_id == g.account.id)
                       .values(ended_at=utcnow()))
    db.session.execute(db.delete(SignInToken).where(SignInToken.email == g.account.email))
    sessions.end("resident")
    db.session.delete(g.account)
    db.session.commit()
    return render_template("account/deleted.html")


serve_in_languages(bp)
