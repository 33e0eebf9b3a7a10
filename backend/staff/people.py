"""Changes to staff accounts, made by an admin on /staff/admin/ or from the command line: disable,
enable, change role or department, reset a password. Each is written to the StaffChange log with
who made it, in the same transaction as the change; the caller commits.

A password reset retires the old password at once (a random one replaces it) and emails a link,
single-use and alive for RESET_LIFETIME, to choose a new one. Disabling ends every open session
and retires every waiting sign-in code and reset link, so a disabled officer is out at once.
"""

from __future__ import annotations

import datetime as dt
import secrets

from flask import current_app
from sqlalchemy import select, update

from backend.council import site_config
from backend.mail import emails, outbox
from backend.staff.passwords import hash_password
from backend.storage.db import db
from backend.storage.models import ROLES, LoginSession, SignInToken, Staff, StaffChange, utcnow
from backend.web.tokens import make_token

COMMAND_LINE = "the command line"
RESET_PURPOSE = "staff-password-reset"
RESET_LIFETIME = dt.timedelta(hours=24)


def log_change(staff: Staff, action: str, actor: Staff | None, detail: str | None = None) -> None:
    db.session.add(StaffChange(staff_id=staff.id, actor_id=actor.id if actor else None,
                               actor=actor.email if actor else COMMAND_LINE, action=action, detail=detail))


def recent_changes(limit: int = 100) -> list[StaffChange]:
    return list(db.session.scalars(select(StaffChange).order_by(StaffChange.id.desc()).limit(limit)))


def everyone() -> list[Staff]:
    return list(db.session.scalars(select(Staff).order_by(Staff.department, Staff.email)))


def end_sessions(staff: Staff) -> None:
    """Sign the officer out everywhere: every browser's next request finds its session ended."""
    db.session.execute(update(LoginSession).where(LoginSession.staff_id == staff.id, LoginSession.ended_at.is_(None))
                       .values(ended_at=utcnow()), execution_options={"synchronize_session": False})


def _end_sessions_and_links(staff: Staff) -> None:
    now = utcnow()
    end_sessions(staff)
    db.session.execute(update(SignInToken).where(SignInToken.email == staff.email, SignInToken.used_at.is_(None))
                       .values(used_at=now), execution_options={"synchronize_session": False})


def disable(staff: Staff, actor: Staff | None) -> None:
    if staff.disabled_at is not None:
        return
    staff.disabled_at = utcnow()
    _end_sessions_and_links(staff)
    log_change(staff, "disabled", actor)


def enable(staff: Staff, actor: Staff | None) -> None:
    if staff.disabled_at is None:
        return
    staff.disabled_at = None
    log_change(staff, "enabled", actor)


def set_role(staff: Staff, role: str, actor: Staff | None) -> None:
    if role not in ROLES:
        raise ValueError(f"Choose a role: {', '.join(ROLES)}")
    if role == staff.role:
        return
    old = staff.role
    staff.role, staff.is_admin = role, role == "admin"
    log_change(staff, "role changed", actor, f"{ROLES.get(old, old)} to {ROLES[role]}")


def set_department(staff: Staff, department: str, actor: Staff | None) -> None:
    if department == staff.department:
        return
    old = staff.department
    staff.department = department
    log_change(staff, "department changed", actor, f"{old} to {department}")


def reset_password(staff: Staff, actor: Staff | None) -> None:
    """Retire the password and email a link to choose a new one (only the newest link works)."""
    now = utcnow()
    staff.password_hash = hash_password(secrets.token_urlsafe(32))
    _end_sessions_and_links(staff)
    token_id = secrets.token_urlsafe(32)
    db.session.add(SignInToken(id=token_id, purpose=RESET_PURPOSE, email=staff.email, expires_at=now + RESET_LIFETIME))
    # Built by hand, not url_for: the command line has no request to build a URL from.
    link = f"{current_app.config['PUBLIC_URL'].rstrip('/')}/staff/reset-password/{make_token(RESET_PURPOSE, token_id)}"
    outbox.enqueue(staff.email, *emails.staff_password_reset(link, int(RESET_LIFETIME.total_seconds() // 3600),
        site_config(current_app)))
    log_change(staff, "password reset", actor, "link emailed")
