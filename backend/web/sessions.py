"""Signed-in sessions held on the server: signing out ends them; they lapse when idle too long.

The browser's (signed) cookie holds a random secret; the database holds its hash, who it is
for, and when it was last used. Residents and staff have separate sessions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from flask import session

from backend.storage.db import db
from backend.storage.models import Account, LoginSession, Staff, as_utc, utcnow

IDLE_LIMIT = dt.timedelta(minutes=30)
ABSOLUTE_LIMIT = dt.timedelta(hours=12)
_COOKIE_KEYS = {"resident": "resident_session", "staff": "staff_session"}


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def start(who: str, *, account: Account | None = None, staff: Staff | None = None) -> None:
    """Sign in: a fresh session (never one carried over from before sign-in)."""
    end(who)
    secret = secrets.token_urlsafe(32)
    db.session.add(LoginSession(id=_hash(secret), account_id=account.id if account else None,
                                staff_id=staff.id if staff else None))
    session[_COOKIE_KEYS[who]] = secret
    session.permanent = True


def current(who: str) -> LoginSession | None:
    """The live session of this browser, touched as used; None when absent, ended or lapsed."""
    secret = session.get(_COOKIE_KEYS[who])
    if not secret:
        return None
    found = db.session.get(LoginSession, _hash(secret))
    now = utcnow()
    if found is None or found.ended_at is not None or \
            now - as_utc(found.last_seen_at) > IDLE_LIMIT or now - as_utc(found.created_at) > ABSOLUTE_LIMIT:
        session.pop(_COOKIE_KEYS[who], None)
        return None
    found.last_seen_at = now
    db.session.commit()
    return found


def current_account() -> Account | None:
    found = current("resident")
    return db.session.get(Account, found.account_id) if found and found.account_id else None


def current_staff() -> Staff | None:
    """The signed-in officer; None once their account is disabled, whatever their cookie says."""
    found = current("staff")
    staff = db.session.get(Staff, found.staff_id) if found and found.staff_id else None
    return staff if staff is not None and staff.is_active else None


def end(who: str) -> None:
    secret = session.pop(_COOKIE_KEYS[who], None)
    if secret and (found := db.session.get(LoginSession, _hash(secret))) is not None:
        found.ended_at = utcnow()
        db.session.commit()
