"""Staff passwords: how they are stored and how long they must be (the CLI sets them, sign-in checks them)."""

from __future__ import annotations

from werkzeug.security import generate_password_hash

PASSWORD_MIN_LENGTH = 12


def hash_password(password: str) -> str:
    """The stored form of a staff password (Werkzeug's scrypt)."""
    return generate_password_hash(password, method="scrypt")
