"""Staff passwords: the rules a new one must meet, and how they are stored (the CLI and the reset
page set them, sign-in checks them)."""

from __future__ import annotations

from werkzeug.security import generate_password_hash

PASSWORD_MIN_LENGTH = 12
PASSWORD_MAX_LENGTH = 128  # scrypt hashes any length; this stops a megabyte "password" costing CPU
PASSWORD_RULES = f"at least {PASSWORD_MIN_LENGTH} characters; a few unrelated words make a good one"


def password_problem(password: str, email: str | None = None) -> str | None:
    """What is wrong with a new password, as a sentence for the person choosing it; None if nothing."""
    if len(password) < PASSWORD_MIN_LENGTH:
        return f"The password must be at least {PASSWORD_MIN_LENGTH} characters long."
    if len(password) > PASSWORD_MAX_LENGTH:
        return f"The password must be {PASSWORD_MAX_LENGTH} characters or fewer."
    if len(set(password)) < 4:
        return "The password must not be one or two characters repeated: use a few unrelated words."
    if email and email.split("@")[0].casefold() in password.casefold() and len(email.split("@")[0]) > 3:
        return "The password must not contain your email address."
    return None


def hash_password(password: str) -> str:
    """The stored form of a staff password (Werkzeug's scrypt)."""
    return generate_password_hash(password, method="scrypt")
