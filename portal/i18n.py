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
templates ``long_date`` and ``time_range`` in that language, and the address helpers
``lang_url``, ``page_url``, ``served_url`` and ``lang_attrs``. A page renders fastest with its
language's ``page_helpers`` (the same words and addresses, bound to the language) in its context.
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
import os
from collections.abc import Callable, Iterable
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any

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

    # A render with its language's ``page_helpers`` in its context calls those. These answer the
    # renders without them (a macro imported without context, an email): the same rules, looked
    # up in the context at each call.
    def messages(context: jinja2.runtime.Context) -> _gettext.NullTranslations:
        language = context.get(LANGUAGE_VARIABLE)
        return look_up(language) if language is not None else _NO_TRANSLATION

    def default(context: jinja2.runtime.Context) -> Language | None:
        site = context.get("site")
        return site.default_language if site is not None else None

    def word(name: str) -> Callable[..., str]:
        @jinja2.pass_context
        def said(context: jinja2.runtime.Context, *args: Any, **variables: Any) -> str:
            return _words(messages(context))[name](context.eval_ctx, *args, **variables)
        return said

    gettext, ngettext, pgettext, npgettext = (word(name) for name in ("gettext", "ngettext", "pgettext", "npgettext"))

    @jinja2.pass_context
    def lang_url(context: jinja2.runtime.Context, path: str) -> str:
        return _lang_url(context.get(LANGUAGE_VARIABLE), path)

    @jinja2.pass_context
    def page_url(context: jinja2.runtime.Context, path: str) -> str:
        return _page_url(context.get(LANGUAGE_VARIABLE), getattr(context.get("portal"), "link", None), path)

    @jinja2.pass_context
    def served_url(context: jinja2.runtime.Context, path: str, form: object | None = None) -> str:
        return _served_url(context.get(LANGUAGE_VARIABLE), path, form)

    @jinja2.pass_context
    def lang_attrs(context: jinja2.runtime.Context, url: str, link: bool = True) -> Markup:
        language = context.get(LANGUAGE_VARIABLE)
        if _same_language(language, url):
            return _NOTHING
        return _english_attrs(language, default(context), link)

    env.newstyle_gettext = True  # type: ignore[attr-defined]
    env.globals.update({"_": gettext, "gettext": gettext, "ngettext": ngettext, "pgettext": pgettext,
                        "npgettext": npgettext, "lang_url": lang_url, "page_url": page_url,
                        "served_url": served_url, "lang_attrs": lang_attrs})

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


_NO_TRANSLATION = _gettext.NullTranslations()


def page_helpers(language: Language, default: Language, messages: _gettext.NullTranslations,
                 link: Callable[[str], str] | None = None) -> dict[str, Callable[..., Any]]:
    """The template helpers of pages in ``language``, bound to it: make them once per language
    (or request) and give them in the render's context. (``install`` gives the same helpers as
    globals that look the language up in the context; Jinja hands such a helper called in a loop
    or a block a copy of the whole context, and at some fifty calls a page that was a third of
    drawing it.)

    - ``_()``, ``gettext`` and the rest: the theme's words in ``messages``, as Jinja's newstyle
      gettext gives them (always a format string; values escaped in an autoescaped template);
    - ``lang_url("/a-to-z/")``: the address in the page's language ("/cy/a-to-z/");
    - ``page_url``: that, but the default language's page where ``link`` (the build's site model,
      which knows the translated pages) says the page has no translation;
    - ``served_url(path, form)``: a backend page (``/track/``, ``/submit/x/``) in the page's
      language where the backend serves it in it (``portal.languages.serves``), else the default's;
    - ``lang_attrs(url)``: ` lang="en-GB" hreflang="en-GB"` on a link from a page in another
      language to a page in the default language (a service not yet translated), so that it is
      read out in English; ``link=False`` for that page's summary beside the link.
    """

    words = _words(messages)
    plain: dict[tuple[str, bool], str] = {}  # the words without values, as drawn before

    @jinja2.pass_eval_context
    def gettext(eval_ctx: jinja2.nodes.EvalContext, message: str, /, **variables: Any) -> str:
        if variables:
            return words["gettext"](eval_ctx, message, **variables)
        key = (message, eval_ctx.autoescape)
        if key not in plain:
            plain[key] = words["gettext"](eval_ctx, message)
        return plain[key]

    english = {True: _english_attrs(language, default, True), False: _english_attrs(language, default, False)}

    def lang_attrs(url: str, link: bool = True) -> Markup:
        return _NOTHING if _same_language(language, url) else english[bool(link)]

    return {**words, "_": gettext, "gettext": gettext, "lang_url": language.url, "lang_attrs": lang_attrs,
            "page_url": lambda path: _page_url(language, link, path),
            "served_url": lambda path, form=None: _served_url(language, path, form)}


_NOTHING = Markup("")


def _words(messages: _gettext.NullTranslations) -> dict[str, Callable[..., str]]:
    """The gettext callables of ``messages``, as Jinja's newstyle gettext gives them: always a
    format string ("%%" for a percent sign), values escaped in an autoescaped template."""

    @jinja2.pass_eval_context
    def gettext(eval_ctx: jinja2.nodes.EvalContext, message: str, /, **variables: Any) -> str:
        return _said(eval_ctx, messages.gettext(message), variables)

    @jinja2.pass_eval_context
    def ngettext(eval_ctx: jinja2.nodes.EvalContext, singular: str, plural: str, n: int, /,
                 **variables: Any) -> str:
        variables.setdefault("num", n)
        return _said(eval_ctx, messages.ngettext(singular, plural, n), variables)

    @jinja2.pass_eval_context
    def pgettext(eval_ctx: jinja2.nodes.EvalContext, where: str, message: str, /, **variables: Any) -> str:
        variables.setdefault("context", where)
        return _said(eval_ctx, messages.pgettext(where, message), variables)

    @jinja2.pass_eval_context
    def npgettext(eval_ctx: jinja2.nodes.EvalContext, where: str, singular: str, plural: str, n: int, /,
                  **variables: Any) -> str:
        variables.setdefault("context", where)
        variables.setdefault("num", n)
        return _said(eval_ctx, messages.npgettext(where, singular, plural, n), variables)

    return {"gettext": gettext, "ngettext": ngettext, "pgettext": pgettext, "npgettext": npgettext}


def _said(eval_ctx: jinja2.nodes.EvalContext, words: str, variables: dict[str, Any]) -> str:
    # Jinja's newstyle gettext: always a format string ("%%" for a percent sign).
    return (Markup(words) if eval_ctx.autoescape else words) % variables


def _lang_url(language: Language | None, path: str) -> str:
    return language.url(path) if language is not None else path


def _page_url(language: Language | None, link: Callable[[str], str] | None, path: str) -> str:
    return link(path) if link is not None else _lang_url(language, path)


def _served_url(language: Language | None, path: str, form: object | None) -> str:
    return language.url(path) if language is not None and serves(language, form) else path


def _same_language(language: Language | None, url: str) -> bool:
    """Whether a link to ``url`` from a page in ``language`` stays in the page's language (or
    leaves the site, which ``lang_attrs`` does not judge)."""
    if language is None or language.is_default or not url.startswith("/"):
        return True
    return url == language.prefix or url.startswith(language.prefix + "/")


def _english_attrs(language: Language | None, default: Language | None, link: bool) -> Markup:
    if language is None or default is None:
        return _NOTHING
    attrs = Markup(' lang="{0}" hreflang="{0}"' if link else ' lang="{0}"').format(default.tag)
    if not link and default.direction != language.direction:
        # An English sentence in an Urdu page reads left to right, its full stop at its end. (A
        # link's few words need no dir, which would reverse its place in the page's line.)
        attrs += Markup(' dir="{0}"').format(default.direction)
    return attrs
