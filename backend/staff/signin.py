"""Staff sign in: a password, then a 6-digit code sent by email; and sign out.

- Why two factors: staff pages show many residents' names, addresses and photos, so a reused or
  phished password alone must not be enough.
- Why an emailed code rather than an authenticator app, SMS or hardware keys: the council already
  gives every officer a mailbox protected by its own sign-in (and usually its own MFA), the outbox
  already delivers mail reliably, and nothing needs enrolling, resetting or paying for. An app or
  key is stronger against a compromised mailbox; it can be added later beside this, not instead.
- The code lives 10 minutes, works once, and dies after 5 wrong tries. It is kept only as an
  HMAC-SHA256 keyed with SECRET_KEY: six digits are too few for a slow hash to protect (a million
  guesses), whereas without the key a copy of the database gives nothing to guess against.
- Wrong tries are counted in the code's row (``failed_tries``) by a guarded UPDATE, so even
  guesses sent in parallel get five tries in all, and the right code can be used only once.
- Wrong email and wrong password give the same message, and an unknown email still costs a
  password check, so neither the words nor the timing tell which was wrong. Sign-in POSTs are
  rate-limited per IP address. The browser's cookie carries only a signed id for the pending code,
  never the officer's email.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import logging
import secrets

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_wtf import FlaskForm
from sqlalchemy import select, update
from werkzeug.security import check_password_hash
from werkzeug.wrappers import Response
from wtforms import PasswordField, StringField

from backend.council import site_config
from backend.mail import emails, outbox
from backend.staff.passwords import hash_password
from backend.storage.db import db
from backend.storage.models import SignInToken, Staff, as_utc, utcnow
from backend.web import sessions
from backend.web.access import STAFF_RETURN_TO, public, staff_required
from backend.web.security import limiter
from backend.web.tokens import make_token, read_token
from portal.email_address import InvalidEmail, normalise_email

bp = Blueprint("staff_signin", __name__, url_prefix="/staff")
log = logging.getLogger(__name__)

SIGN_IN_RATE_LIMIT = "10 per 15 minutes"
CODE_PURPOSE = "staff-code"
CODE_LIFETIME = dt.timedelta(minutes=10)
CODE_TRIES = 5
WRONG_PASSWORD = "The email address or password is not right"
DEAD_CODE = "That code can no longer be used: it has expired, been used, or been tried too many times. " \
            "Sign in again to get a new code."
DISABLED = "Your account has been disabled. Ask an administrator if you need to use the staff pages."
_PENDING = "staff_sign_in"  # session key: the signed id of the code waiting to be entered


class SignInForm(FlaskForm):
    email = StringField("Email address")
    password = PasswordField("Password")


class CodeForm(FlaskForm):
    code = StringField("Code")


@functools.cache
def _dummy_password_hash() -> str:
    # Checked against when the email is unknown, so a wrong email takes as long as a wrong password.
    return hash_password(secrets.token_hex(16))


def _code_hash(base_id: str, code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return "hmac-sha256$" + hmac.new(key, f"{base_id}:{code}".encode(), hashlib.sha256).hexdigest()


def _issue_code(staff: Staff) -> str:
    """Queue a new code to the officer by email; return the id its tries share. Caller commits."""
    now = utcnow()
    # Only the newest code works: asking again retires any earlier one still waiting.
    db.session.execute(update(SignInToken)
                       .where(SignInToken.purpose == CODE_PURPOSE, SignInToken.email == staff.email,
                              SignInToken.used_at.is_(None))
                       .values(used_at=now))
    base_id = secrets.token_urlsafe(32)
    code = f"{secrets.randbelow(10 ** 6):06d}"
    db.session.add(SignInToken(id=base_id, purpose=CODE_PURPOSE, email=staff.email,
                               code_hash=_code_hash(base_id, code), expires_at=now + CODE_LIFETIME))
    outbox.enqueue(staff.email, *emails.staff_sign_in_code(code, int(CODE_LIFETIME.total_seconds() // 60),
                                                           site_config(current_app)))
    return base_id


def _live_code(base_id: str) -> SignInToken | None:
    row = db.session.get(SignInToken, base_id)
    if row is None or row.purpose != CODE_PURPOSE or row.used_at is not None or row.failed_tries >= CODE_TRIES:
        return None
    return row if as_utc(row.expires_at) > utcnow() else None


def _check_code(base_id: str, code: str) -> tuple[Staff | None, int]:
    """The officer if ``code`` is right for a live code, else None; and the tries left. Commits.

    Both outcomes are single UPDATEs guarded by the row's state, so parallel guesses cannot use
    one code twice or get more than CODE_TRIES tries between them."""
    row = _live_code(base_id)
    if row is None:
        return None, 0
    email, live = row.email, (SignInToken.id == base_id) & SignInToken.used_at.is_(None)
    if hmac.compare_digest(row.code_hash or "", _code_hash(base_id, code)):
        used = db.session.execute(update(SignInToken).where(live, SignInToken.failed_tries < CODE_TRIES)
                                  .values(used_at=utcnow()), execution_options={"synchronize_session": False})
        db.session.commit()
        return (db.session.scalar(select(Staff).where(Staff.email == email)) if used.rowcount else None), 0
    db.session.execute(update(SignInToken).where(live)
                       .values(failed_tries=SignInToken.failed_tries + 1),
                       execution_options={"synchronize_session": False})
    db.session.commit()
    db.session.expire_all()
    row = db.session.get(SignInToken, base_id)
    return None, max(0, CODE_TRIES - row.failed_tries) if row and row.used_at is None else 0


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_RATE_LIMIT, methods=["POST"])
@public
def sign_in() -> str | Response | tuple[str, int]:
    if request.method == "GET" and sessions.current_staff() is not None:
        return redirect(url_for("staff.queue"))
    form = SignInForm()
    if request.method == "GET" or not form.validate():
        return render_template("staff/sign_in.html", form=form, errors=[])
    password = form.password.data or ""
    errors = []
    email = ""
    if not (form.email.data or "").strip():
        errors.append(("email", "Enter your email address"))
    else:
        try:
            email = normalise_email(form.email.data)
        except InvalidEmail as exc:
            errors.append(("email", str(exc)))
    if not password:
        errors.append(("password", "Enter your password"))
    if errors:
        return render_template("staff/sign_in.html", form=form, errors=errors), 400
    staff = db.session.scalar(select(Staff).where(Staff.email == email))
    if staff is None:
        check_password_hash(_dummy_password_hash(), password)
        log.info("staff sign-in refused: wrong email or password")
        return render_template("staff/sign_in.html", form=form, errors=[("email", WRONG_PASSWORD)]), 400
    if not check_password_hash(staff.password_hash, password):
        log.info("staff sign-in refused: wrong email or password")
        return render_template("staff/sign_in.html", form=form, errors=[("email", WRONG_PASSWORD)]), 400
    if not staff.is_active:
        log.info("staff %s sign-in refused: account disabled", staff.id)
        return render_template("staff/sign_in.html", form=form, errors=[("email", DISABLED)]), 403
    base_id = _issue_code(staff)
    db.session.commit()
    session[_PENDING] = make_token("staff-sign-in", base_id)
    log.info("staff %s: password accepted, code sent", staff.id)
    return redirect(url_for("staff_signin.sign_in_code"))


@bp.route("/sign-in/code", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_RATE_LIMIT, methods=["POST"])
@public
def sign_in_code() -> str | Response | tuple[str, int]:
    pending = session.get(_PENDING)
    base_id = read_token("staff-sign-in", pending) if isinstance(pending, str) else None
    if not isinstance(base_id, str):
        session.pop(_PENDING, None)
        return redirect(url_for("staff_signin.sign_in"))
    form = CodeForm()
    if request.method == "GET" or not form.validate():
        return render_template("staff/sign_in_code.html", form=form, errors=[])
    code = "".join((form.code.data or "").split())
    if not (len(code) == 6 and code.isascii() and code.isdigit()):
        # Not a guess at all (a typo in its shape), so it does not spend a try.
        return render_template("staff/sign_in_code.html", form=form,
                               errors=[("code", "Enter the 6-digit code from the email, like 123456")]), 400
    staff, left = _check_code(base_id, code)
    if staff is not None and staff.is_active:
        session.pop(_PENDING, None)
        sessions.start("staff", staff=staff)
        db.session.commit()
        log.info("staff %s signed in", staff.id)
        # Back to the page that asked for sign-in (only ever a staff page of this site).
        wanted = session.pop(STAFF_RETURN_TO, None)
        return redirect(wanted if isinstance(wanted, str) and wanted.startswith("/staff/") else url_for("staff.queue"))
    log.info("staff sign-in code refused (%s tries left)", left)
    if left == 0:
        session.pop(_PENDING, None)
        return render_template("staff/sign_in.html", form=SignInForm(formdata=None), errors=[("email", DEAD_CODE)]), 400
    message = f"The code is not right. Check the email and try again: you have {left} " \
              f"{'try' if left == 1 else 'tries'} left"
    return render_template("staff/sign_in_code.html", form=form, errors=[("code", message)]), 400


@bp.post("/sign-out")
@staff_required
def sign_out() -> Response:
    log.info("staff %s signed out", g.staff.id)
    sessions.end("staff")
    flash("You have signed out.")
    return redirect(url_for("staff_signin.sign_in"))


# --- The queue -----------------------------------------------------------------------------------
