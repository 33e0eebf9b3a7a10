"""The language that code outside templates writes in right now: validation messages, emails.

Templates answer in their context's ``language`` (``portal.i18n.install``); Python code that makes
words a resident reads (an error message, an email's subject) calls ``gettext`` here, which
answers in the language set for the work in hand: the backend sets the request's language once
per request, and an email to a resident is written inside ``writing_in`` their language. Where
nothing is set (the static build, staff pages, commands), the English source string comes back.

Strings written down before any language is known (the standard contact page's labels) are marked
with ``N_`` so that ``make messages`` still extracts them; whoever shows them translates them.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token

from portal.languages import Language

_ENGLISH = _gettext.NullTranslations()
# (the language, its messages); a context variable, so each thread or task has its own.
_CURRENT: ContextVar[tuple[Language | None, _gettext.NullTranslations]] = ContextVar(
    "portal_wording", default=(None, _ENGLISH))


def gettext(message: str) -> str:
    """``message`` in the current language (the English source where it has no translation)."""
    return _CURRENT.get()[1].gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _CURRENT.get()[1].ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 (gettext's own name for the marker)
    """Mark ``message`` for extraction without translating it yet."""
    return message


def current_language() -> Language | None:
    """The language being written in; None where nothing was set (English)."""
    return _CURRENT.get()[0]


def set_language(language: Language | None, messages: _gettext.NullTranslations | None) -> Token:
    """Write in ``language`` from now on (until ``reset`` with the token returned)."""
    return _CURRENT.set((language, messages or _ENGLISH))


def reset(token: Token) -> None:
    _CURRENT.reset(token)


@contextmanager
def writing_in(language: Language | None, messages: _gettext.NullTranslations | None) -> Iterator[None]:
    """Write in ``language`` inside the block (an email to a resident in their own language)."""
    token = set_language(language, messages)
    try:
        yield
    finally:
        reset(token)
