"""The one rule for free text that people type: what it may contain and how long it may be.

Every form field, staff note, account update, sign-in box and filter reads text through here, so
the same characters are refused everywhere and nothing reaches the database (or an email's header
or top lines) that PostgreSQL or a mail client would choke on.

- Text is normalised first (Unicode NFC, line breaks as ``\\n``, outer spaces trimmed), and its
  length is checked after that, so the limit counts what is stored.
- Single-line text refuses every control character, line breaks included: a name with a CR/LF
  in it could otherwise add lines to the top of an email.
- Multi-line text allows line breaks and tabs, and refuses every other control character.
- Neither may hold HTML tags.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from portal.wording import gettext as _

# C0 controls, DEL and C1 controls; NUL among them, which PostgreSQL refuses in text.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_EXCEPT_BREAKS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# The start of an HTML tag. Everything is escaped when shown, but text pasted with markup in it
# is refused so that what staff and emails show is what the resident meant to say.
_TAG = re.compile(r"<\s*[a-zA-Z!/]")


@dataclass(frozen=True)
class TextRule:
    """How one kind of text is checked: on one line or several, and at most ``limit`` characters."""

    multiline: bool
    limit: int

    def normalise(self, value: str | None) -> str:
        """The text as it is checked and stored: NFC, ``\\n`` line breaks, trimmed."""
        text = unicodedata.normalize("NFC", value or "")
        if self.multiline:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        return text.strip()

    def problem(self, value: str) -> str | None:
        """What is wrong with normalised ``value``, as words that follow its name; None if nothing."""
        control = _CONTROL_EXCEPT_BREAKS if self.multiline else _CONTROL
        if not self.multiline and ("\n" in value or "\r" in value):
            return _("must be on one line")
        if control.search(value):
            return _("must not contain hidden control characters")
        if _TAG.search(value):
            return _("must not contain HTML such as <script>; remove the angle brackets")
        if len(value) > self.limit:
            return _("must be %(limit)s characters or fewer; you have %(count)s") % {
                "limit": f"{self.limit:,}", "count": f"{len(value):,}"}
        return None


def single_line(limit: int) -> TextRule:
    """Names, emails, phone numbers, references, search filters."""
    return TextRule(multiline=False, limit=limit)


def multi_line(limit: int) -> TextRule:
    """Descriptions, notes, messages."""
    return TextRule(multiline=True, limit=limit)


def clean(value: str | None, rule: TextRule) -> tuple[str, str | None]:
    """``value`` normalised, and what is wrong with it (None if nothing)."""
    text = rule.normalise(value)
    return text, rule.problem(text)


def clean_or_empty(value: str | None, rule: TextRule) -> str:
    """``value`` normalised, or "" if it breaks the rule: for filters and look-ups, where a bad value
    simply matches nothing rather than earning an error message."""
    text, problem = clean(value, rule)
    return "" if problem else text
