"""Choosing a new password from the link an admin's reset emailed: /staff/reset-password/<token>.

The link is signed (it carries only the id of its row), works once, and dies after
people.RESET_LIFETIME or when a newer reset or a disable retires it. Setting the password ends
every session the officer still had, then they sign in as usual (password, then emailed code).
"""

from __future__ import annotations

import logging

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from sqlalchemy import select, update
from werkzeug.wrappers import Response
from wtforms import PasswordField

from backend.staff.passwords import PASSWORD_RULES, hash_password, password_problem
from backend.staff.people import RESET_PURPOSE, end_sessions, log_change
from backend.storage.db import db
from backend.storage.models import SignInToken, Staff, as_utc, utcnow
from backend.web.access import public
from backend.web.security import limiter
from backend.web.tokens import read_token

bp = Blueprint("staff_password", __name__, url_prefix="/staff")
log = logging.getLogger(__name__)


class NewPasswordForm(FlaskForm):
    password = PasswordField("New password")
    confirm = PasswordField("Type the new password again")


def _live_link(token: str) -> tuple[SignInToken, Staff] | None:
    token_id = read_token(RESET_PURPOSE, token)
    row = db.session.get(SignInToken, token_id) if isinstance(token_id, str) else None
    if row is None or row.purpose != RESET_PURPOSE or row.used_at is not None or as_utc(row.expires_at) <= utcnow():
        return None
    staff = db.session.scalar(select(Staff).where(Staff.email == row.email))
    return (row, staff) if staff is not None and staff.is_active else None


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@limiter.limit("10 per 15 minutes", methods=["POST"])
@public
def choose(token: str) -> str | Response | tuple[str, int]:
    live = _live_link(token)
    if live is None:
        return render_template("link_invalid.html"), 400
    row, staff = live
    form = NewPasswordForm()
    if request.method == "GET" or not form.validate():
        return render_template("staff/reset_password.html", form=form, rules=PASSWORD_RULES, errors=[])
    password = form.password.data or ""
    errors = []
    if not password:
        errors.append(("password", "Enter a new password"))
    elif problem := password_problem(password, staff.email):
        errors.append(("password", problem))
    elif password != (form.confirm.data or ""):
        errors.append(("confirm", "The two passwords are not the same: type the new password again"))
    if errors:
        return render_template("staff/reset_password.html", form=form, rules=PASSWORD_RULES, errors=errors), 400
    # Guarded by the row's state, so two presses (or two browsers) use the link once.
    used = db.session.execute(update(SignInToken).where(SignInToken.id == row.id, SignInToken.used_at.is_(None))
                              .values(used_at=utcnow()), execution_options={"synchronize_session": False})
    if not used.rowcount:
        db.session.rollback()
        return render_template("link_invalid.html"), 400
    staff.password_hash = hash_password(password)
    end_sessions(staff)
    log_change(staff, "password set", staff, "from the emailed link")
    db.session.commit()
    log.info("staff %s set a new password", staff.id)
    flash("Your new password is set. Sign in with it.", "success")
    return redirect(url_for("staff_signin.sign_in"))
