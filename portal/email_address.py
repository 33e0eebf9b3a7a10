"""The one rule for an email address, wherever one enters: forms, sign-in, staff pages, the CLI,
the council's own contacts in site.yaml.

``email-validator`` checks the syntax (what the mail library will later have to parse: ``a@[.c``
and the like are refused here rather than crashing the outbox), without network look-ups. The
address is stored lower-cased, so its length is checked after lower-casing: some characters grow
when lower-cased ("İ" becomes two), and the database column holds 254.
"""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

from portal.text import single_line
from portal.wording import N_

MAX_LENGTH = 254
FORMAT_MESSAGE = N_("Enter an email address in the correct format, like name@example.com")  # translated where shown
_RULE = single_line(MAX_LENGTH)


class InvalidEmail(ValueError):
    """Not an address we can send to; the message says what to do, in GOV.UK words."""


def normalise_email(raw: str | None) -> str:
    """The address as stored (checked, lower-cased); raises InvalidEmail with a message for the person."""
    text = _RULE.normalise(raw)
    if _RULE.problem(text) or len(text.lower()) > MAX_LENGTH:
        raise InvalidEmail(FORMAT_MESSAGE)
    try:
        checked = validate_email(text, check_deliverability=False, allow_smtputf8=True)
    except EmailNotValidError:
        raise InvalidEmail(FORMAT_MESSAGE) from None
    stored = checked.normalized.lower()
    if len(stored) > MAX_LENGTH or _RULE.problem(stored):
        raise InvalidEmail(FORMAT_MESSAGE)
    return stored


def is_email(raw: str | None) -> bool:
    """Whether ``raw`` passes the rule."""
    try:
        normalise_email(raw)
    except InvalidEmail:
        return False
    return True
