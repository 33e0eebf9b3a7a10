"""Signed tokens for links in emails, one salt and lifetime per purpose.

Payloads carry no personal data, only an id; every way a token can be wrong (tampered,
truncated, expired, reused, meant for something else) comes back as the same ``None``, so the
page a resident sees cannot tell an attacker which it was. Old secret keys in
SECRET_KEY_FALLBACKS still verify while links signed with them are in circulation.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from flask import current_app
from itsdangerous import BadData, URLSafeTimedSerializer


@dataclass(frozen=True)
class Purpose:
    salt: str
    max_age: dt.timedelta


PURPOSES = {
    "track": Purpose("portal.track-link.v1", dt.timedelta(days=90)),
    "resident-sign-in": Purpose("portal.resident-sign-in.v1", dt.timedelta(minutes=10)),
    "staff-sign-in": Purpose("portal.staff-sign-in.v1", dt.timedelta(minutes=10)),
    "staff-password-reset": Purpose("portal.staff-password-reset.v1", dt.timedelta(hours=24)),
}


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    config = current_app.config
    # itsdangerous signs with the last key and accepts any of them.
    return _made_serializer((*config.get("SECRET_KEY_FALLBACKS", []), config["SECRET_KEY"]), purpose)


@functools.lru_cache(maxsize=32)
def _made_serializer(keys: tuple[str, ...], purpose: str) -> URLSafeTimedSerializer:
    """Made once per keys and purpose (a serializer holds no state between uses), not per link."""
    return URLSafeTimedSerializer(list(keys), salt=PURPOSES[purpose].salt)


def make_token(purpose: str, payload: Any) -> str:
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str) -> Any | None:
    """The payload of a valid, unexpired token for ``purpose``; None for anything else."""
    try:
        return _serializer(purpose).loads(token, max_age=PURPOSES[purpose].max_age.total_seconds())
    except (BadData, UnicodeError, ValueError):
        return None
