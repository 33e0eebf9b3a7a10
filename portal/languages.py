"""The languages a council publishes in, as ``content/site.yaml`` declares them.

One language is the default (``language: en-GB``; its pages have no address prefix). Each other
language is **full** (every page must exist in it: Welsh in Wales) or **partial** (key pages only:
community languages such as Urdu or Polish)::

    language: en-GB
    languages:
      cy: full
      ur: partial

A language's own name ("Cymraeg", "اردو") and its writing direction come from Babel's locale data,
so no council has to type them. Everything else that asks "which language?" (the file suffix of a
translation, ``/cy/`` addresses, ``<html lang dir>``, ``hreflang``, the message catalogue, dates)
reads it from a ``Language`` here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from babel import Locale, UnknownLocaleError

FULL = "full"
PARTIAL = "partial"
DEFAULT = "default"
COVERAGES = (FULL, PARTIAL)

# Language codes as they appear in addresses and file names: ISO 639 letters only ("cy", "ur", "pl").
_CODE = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class Language:
    """One language of the site."""

    code: str  # "cy": the address prefix (/cy/...) and the translation's file suffix (.cy.md)
    tag: str  # "cy", "en-GB": <html lang> and hreflang
    coverage: str  # DEFAULT, FULL or PARTIAL

    @cached_property
    def locale(self) -> Locale:
        return Locale.parse(self.tag, sep="-")

    @property
    def name(self) -> str:
        """The language's name in itself, as its readers look for it: "Cymraeg", "اردو", "English"."""
        own = self.locale.language_name or self.code
        return own[:1].upper() + own[1:]

    @property
    def english_name(self) -> str:
        """Its name in English, for staff pages and reports: "Welsh", "Urdu"."""
        return Locale.parse(self.code).get_language_name("en") or self.code

    @property
    def direction(self) -> str:
        """``ltr`` or ``rtl`` (Urdu, Arabic): the value of ``<html dir>``."""
        return "rtl" if self.locale.text_direction == "rtl" else "ltr"

    @property
    def is_default(self) -> bool:
        return self.coverage == DEFAULT

    @property
    def prefix(self) -> str:
        """What goes before a site address in this language: "" for the default, "/cy" for Welsh."""
        return "" if self.is_default else f"/{self.code}"

    def url(self, path: str) -> str:
        """``path`` (a site address starting "/") in this language: ``/services/x/`` → ``/cy/services/x/``."""
        return self.prefix + path if path.startswith("/") else path


def default_language(tag: str) -> Language:
    """The site's default language from its ``language:`` tag ("en-GB" → code "en")."""
    return Language(code=tag.split("-", maxsplit=1)[0].lower(), tag=tag, coverage=DEFAULT)


def parse_language(code: object, coverage: object, default: Language) -> Language:
    """One ``languages:`` entry; raises ``ValueError`` with a message that says what to write."""
    code = str(code).strip()
    if not _CODE.match(code):
        raise ValueError(f"'{code}' is not a language code; use the two or three lower-case letters "
                         "of ISO 639, like cy for Welsh or ur for Urdu")
    if code == default.code:
        raise ValueError(f"'{code}' is the site's default language (language: {default.tag}); list only the others")
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        raise ValueError(f"'{code}' is not a language Babel knows; use an ISO 639 code like cy, ur or pl") from None
    if coverage not in COVERAGES:
        raise ValueError(f"{code} should be 'full' (every page must exist in it) or 'partial' "
                         f"(key pages only); found '{coverage}'")
    return Language(code=code, tag=code, coverage=str(coverage))
