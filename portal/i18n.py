"""The theme's and the backend's own words in each language: gettext message catalogues.

The source strings in templates and code are English. Each other language has a catalogue per
layer, read by both the build and the backend (the backend's pages use the theme's layout):

    theme/locale/<code>/LC_MESSAGES/messages.po      navigation, buttons, "Last reviewed", ...
    backend/locale/<code>/LC_MESSAGES/messages.po    form pages, errors, emails, account pages

``make messages`` extracts the strings with Babel (``babel.cfg``) and updates each catalogue;
translators edit the ``.po`` files. Catalogues are compiled in memory when first used (and again
when a ``.po`` file changes, so the preview server and ``make run`` pick up a translator's edit).

Templates use Jinja's i18n extension (``{% trans %}``, ``_()``); ``install`` makes it answer in
the language of the page being drawn: the template context's ``language`` (a
``portal.languages.Language``), or the default language where a page has none.
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
from collections.abc import Iterable
from functools import lru_cache
from io import BytesIO
from pathlib import Path

import jinja2
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from portal import dates
from portal.languages import Language

CATALOGUE = "messages"

# The context variable that names the page's language.
LANGUAGE_VARIABLE = "language"


def catalogue_path(locale_dir: Path, code: str) -> Path:
    return locale_dir / code / "LC_MESSAGES" / f"{CATALOGUE}.po"


def translations(locale_dirs: Iterable[Path], code: str) -> _gettext.NullTranslations:
    """The messages of ``code`` from each folder's catalogue (the first folder wins a clash).

    A language with no catalogue, such as the default, answers with the English source strings.
    """
    stamps = []
    for folder in locale_dirs:
        path = catalogue_path(folder, code)
        try:
            stamps.append((str(path), path.stat().st_mtime_ns))
        except OSError:
            continue
    return _compiled(tuple(stamps), code)


@lru_cache(maxsize=64)
def _compiled(stamps: tuple[tuple[str, int], ...], code: str) -> _gettext.NullTranslations:
    merged: _gettext.NullTranslations = _gettext.NullTranslations()
    for path, _mtime in reversed(stamps):
        with open(path, "rb") as source:
            catalog = read_po(source, locale=code)
        buffer = BytesIO()
        # Untranslated and fuzzy entries fall back to the English source string.
        write_mo(buffer, catalog, use_fuzzy=False)
        buffer.seek(0)
        layer = Translations(buffer, domain=CATALOGUE)
        layer.add_fallback(merged)
        merged = layer
    return merged


def long_date(value: dt.date | None, language: Language | None = None) -> str:
    """A date as a resident reads it in the page's language: "1 December 2026", "1 Rhagfyr 2026"."""
    if value is None:
        return ""
    if language is None or language.is_default:
        return dates.long_date(value)
    return format_date(value, "d MMMM y", locale=language.locale)


def install(env: jinja2.Environment, locale_dirs: Iterable[Path]) -> None:
    """Give ``env`` Jinja's i18n extension, answering in each page's ``language``, and date filters
    that write dates in it."""
    folders = tuple(locale_dirs)
    env.add_extension("jinja2.ext.i18n")

    def messages(context: jinja2.runtime.Context) -> _gettext.NullTranslations:
        language = context.get(LANGUAGE_VARIABLE)
        return translations(folders, language.code) if language is not None else _NO_TRANSLATION

    @jinja2.pass_context
    def gettext(context: jinja2.runtime.Context, message: str) -> str:
        return messages(context).gettext(message)

    @jinja2.pass_context
    def ngettext(context: jinja2.runtime.Context, singular: str, plural: str, n: int) -> str:
        return messages(context).ngettext(singular, plural, n)

    @jinja2.pass_context
    def pgettext(context: jinja2.runtime.Context, where: str, message: str) -> str:
        return messages(context).pgettext(where, message)

    @jinja2.pass_context
    def npgettext(context: jinja2.runtime.Context, where: str, singular: str, plural: str, n: int) -> str:
        return messages(context).npgettext(where, singular, plural, n)

    env.install_gettext_callables(gettext, ngettext, newstyle=True, pgettext=pgettext, npgettext=npgettext)  # type: ignore[attr-defined]

    @jinja2.pass_context
    def dated(context: jinja2.runtime.Context, value: dt.date | None) -> str:
        return long_date(value, context.get(LANGUAGE_VARIABLE))

    env.filters["long_date"] = dated


_NO_TRANSLATION = _gettext.NullTranslations()
