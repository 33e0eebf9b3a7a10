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
``portal.languages.Language``), or the default language where a page has none. It also gives
templates ``long_date`` and ``time_range`` in that language, ``lang_url("/a-to-z/")`` (the
address in the page's language), ``page_url`` (that, if the page exists in it), ``served_url``
(a backend page, in the language if the backend serves it in it) and ``lang_attrs(url)`` (marks a
link to an English page).
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
import os
from collections.abc import Callable, Iterable
from functools import lru_cache
from io import BytesIO
from pathlib import Path

import jinja2
from babel.dates import format_date, format_interval, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from markupsafe import Markup

from portal import dates
from portal.languages import Language, serves

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
    for path in _paths(tuple(locale_dirs), code):
        try:
            stamps.append((path, os.stat(path).st_mtime_ns))
        except OSError:
            continue
    return _compiled(tuple(stamps), code)


@lru_cache(maxsize=64)
def _paths(locale_dirs: tuple[Path, ...], code: str) -> tuple[str, ...]:
    # Made once: templates ask for their messages at every _(), and building the paths cost more
    # than the rest of the look-up (a backend page's words took a millisecond of CPU without this).
    return tuple(str(catalogue_path(folder, code)) for folder in locale_dirs)


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


def install(env: jinja2.Environment, locale_dirs: Iterable[Path],
            messages_of: Callable[[Language], _gettext.NullTranslations] | None = None) -> None:
    """Give ``env`` Jinja's i18n extension, answering in each page's ``language``, and date filters
    that write dates in it. ``messages_of`` (a language's messages; by default ``translations``
    of ``locale_dirs``) lets a server look them up once per request rather than at every ``_()``."""
    folders = tuple(locale_dirs)
    env.add_extension("jinja2.ext.i18n")
    look_up = messages_of or (lambda language: translations(folders, language.code))

    def messages(context: jinja2.runtime.Context) -> _gettext.NullTranslations:
        language = context.get(LANGUAGE_VARIABLE)
        return look_up(language) if language is not None else _NO_TRANSLATION

    # Jinja's own newstyle callables wrap ours in two more template calls, and `_` in a third:
    # at some thirty words a page that was a tenth of a build. These are its newstyle callables
    # (a Markup result when autoescaping, always %-formatted with the keywords) in one call each.
    @jinja2.pass_context
    def gettext(context: jinja2.runtime.Context, message: str, /, **variables: object) -> str:
        return _formatted(context, messages(context).gettext(message), variables)

    @jinja2.pass_context
    def ngettext(context: jinja2.runtime.Context, singular: str, plural: str, n: int, /,
                 **variables: object) -> str:
        variables.setdefault("num", n)
        return _formatted(context, messages(context).ngettext(singular, plural, n), variables)

    @jinja2.pass_context
    def pgettext(context: jinja2.runtime.Context, where: str, message: str, /, **variables: object) -> str:
        variables.setdefault("context", where)
        return _formatted(context, messages(context).pgettext(where, message), variables)

    @jinja2.pass_context
    def npgettext(context: jinja2.runtime.Context, where: str, singular: str, plural: str, n: int, /,
                  **variables: object) -> str:
        variables.setdefault("context", where)
        variables.setdefault("num", n)
        return _formatted(context, messages(context).npgettext(where, singular, plural, n), variables)

    env.newstyle_gettext = True  # type: ignore[attr-defined]
    env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext, pgettext=pgettext, npgettext=npgettext)

    @jinja2.pass_context
    def dated(context: jinja2.runtime.Context, value: dt.date | None) -> str:
        return long_date(value, context.get(LANGUAGE_VARIABLE))

    env.filters["long_date"] = dated

    @jinja2.pass_context
    def timed(context: jinja2.runtime.Context, value: tuple[dt.time, dt.time | None] | None) -> str:
        language = context.get(LANGUAGE_VARIABLE)
        if language is None or language.is_default or not value:
            return dates.time_range(value)
        start, end = value
        if end is None:
            return format_time(start, "short", locale=language.locale)
        return format_interval(start, end, "Hm", locale=language.locale)  # "10:00–16:00", as its readers write it

    env.filters["time_range"] = timed

    @jinja2.pass_context
    def lang_url(context: jinja2.runtime.Context, path: str) -> str:
        """A site address in the page's language: "/a-to-z/" → "/cy/a-to-z/" on a Welsh page."""
        language = context.get(LANGUAGE_VARIABLE)
        return language.url(path) if language is not None else path

    @jinja2.pass_context
    def lang_attrs(context: jinja2.runtime.Context, url: str, link: bool = True) -> Markup:
        """` lang="en-GB" hreflang="en-GB"` on a link, in a page of another language, that leads to
        a page in the default language (a service not yet translated), so it is read out in English
        ``link=False`` is for that page's summary beside the link: no hreflang, and in a
        right-to-left page ``dir="ltr"``."""
        page_language = context.get(LANGUAGE_VARIABLE)
        if page_language is None or page_language.is_default or not url.startswith("/"):
            return Markup("")
        if url == page_language.prefix or url.startswith(page_language.prefix + "/"):
            return Markup("")
        default = context.get("site").default_language
        attrs = Markup(' lang="{0}" hreflang="{0}"' if link else ' lang="{0}"').format(default.tag)
        if not link and default.direction != page_language.direction:
            # An English sentence in an Urdu page reads left to right, its full stop at its end. (A
            # link's few words need no dir, which would reverse its place in the page's line.)
            attrs += Markup(' dir="{0}"').format(default.direction)
        return attrs

    @jinja2.pass_context
    def page_url(context: jinja2.runtime.Context, path: str) -> str:
        """Like ``lang_url``, but the default language's page where the context's ``portal`` says
        the page has no translation (the build knows; the backend's pages use ``lang_url``)."""
        link = getattr(context.get("portal"), "link", None)
        return link(path) if link is not None else lang_url(context, path)

    @jinja2.pass_context
    def served_url(context: jinja2.runtime.Context, path: str, form: object | None = None) -> str:
        """A backend page (``/track/``, ``/submit/x/``) in the page's language where the backend
        serves it in that language (``portal.languages.serves``), else the default language's."""
        language = context.get(LANGUAGE_VARIABLE)
        return language.url(path) if language is not None and serves(language, form) else path

    env.globals.update(lang_url=lang_url, lang_attrs=lang_attrs, page_url=page_url, served_url=served_url)


_NO_TRANSLATION = _gettext.NullTranslations()


def _formatted(context: jinja2.runtime.Context, words: str, variables: dict[str, object]) -> str:
    # As Jinja's newstyle gettext: always a format string ("%%" for a percent sign), and escaped
    # values in an autoescaped template.
    if context.eval_ctx.autoescape:
        return Markup(words) % variables
    return words % variables
