"""The language of each resident page: ``/cy/submit/<form>/...`` is the form in Welsh.

The default language's pages have no prefix; each other language's resident pages (forms, track,
account) answer under ``/<code>/`` as well, with the same views. The language comes from the
address only (the page the resident started from), is read once per request and is set for the
templates (``language``, ``alternates``: the layout draws the links) and for Python code (``portal.wording``), so error
messages, check your answers, the confirmation and emails all come out in it.

Where a page is offered: a form in the languages it has a translation in (``translations:`` in
its file); the other resident pages in the site's full languages (a partial language such as Urdu
covers the journeys its translators have done, not the whole backend). A page asked for in a
language it is not offered in sends the browser to the default language's page, so no link breaks.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, current_app, g, has_request_context, redirect, request, url_for
from flask.signals import before_render_template
from werkzeug.routing import BaseConverter, Rule
from werkzeug.wrappers import Response

from portal import i18n, wording
from portal.forms import FormSpec
from portal.languages import Language, serves
from portal.siteconfig import SiteConfig

PROJECT = Path(__file__).resolve().parent.parent.parent
# The backend's pages extend the theme's layout, so the theme's catalogue serves them too.
LOCALE_DIRS = (PROJECT / "theme" / "locale", PROJECT / "backend" / "locale")
_ENDPOINTS = "portal_language_endpoints"  # app.extensions key: the endpoints that answer under /<code>/


def init_app(app: Flask, site: SiteConfig) -> None:
    """Words in the page's language for templates and code; called once the site's languages are known."""
    codes = [lang.code for lang in site.languages if not lang.is_default]
    pattern = "|".join(codes) or "(?!)"  # a site with one language matches no prefix at all
    app.url_map.converters["lang"] = type("LanguageConverter", (BaseConverter,), {"regex": pattern})
    app.extensions[_ENDPOINTS] = set()
    i18n.install(app.jinja_env, LOCALE_DIRS, page_messages)
    by_code = {lang.code: lang for lang in site.languages}
    default = site.default_language

    @app.url_value_preprocessor
    def read_language(_endpoint: str | None, values: dict[str, Any] | None) -> None:
        code = values.pop("lang", None) if values else None
        g.language = by_code.get(code, default) if code else default

    @app.before_request
    def speak() -> Response | None:
        language = g.get("language", default)
        g.language_messages = (language, messages(language))  # once per request (page_messages)
        g.wording_token = wording.set_language(language, g.language_messages[1])
        if not language.is_default and not serves(language, _form_asked_for()):
            return redirect(unprefixed(request.full_path if request.query_string else request.path))
        return None

    @app.teardown_request
    def stop_speaking(_error: BaseException | None) -> None:
        token = g.pop("wording_token", None)
        if token is not None:
            wording.reset(token)

    @app.url_defaults
    def keep_language(endpoint: str, values: dict[str, Any]) -> None:
        language = g.get("language")
        if language is not None and not language.is_default and endpoint in app.extensions[_ENDPOINTS]:
            values.setdefault("lang", language.code)

    app.jinja_env.globals["resident_url"] = resident_url

    @app.context_processor
    def page_language() -> dict[str, Any]:
        language = g.get("language", default)
        return {"language": language, "alternates": alternates(site, language)}

    bound: dict[str, tuple[_gettext.NullTranslations, dict[str, Any]]] = {}

    @before_render_template.connect_via(app)
    def bind_helpers(_app: Flask, template: Any, context: dict[str, Any], **_extra: Any) -> None:
        # The template helpers bound to the page's language (portal.i18n.page_helpers), made once
        # per language and catalogue: a plain call each, where the globals copy the context.
        language = context.get("language")
        if language is None or "lang_url" in context:
            return
        words = page_messages(language)
        made = bound.get(language.code)
        if made is None or made[0] is not words:
            made = bound[language.code] = (words, i18n.page_helpers(language, default, words))
        context.update(made[1])


def serve_in_languages(bp: Blueprint) -> None:
    """Also answer every route of ``bp`` under ``/<code>/`` for each other language of the site.

    Call it after the blueprint's routes: the copies are made when the blueprint is registered.
    """
    def copy_rules(state: Any) -> None:
        app = state.app
        for rule in list(app.url_map.iter_rules()):
            if rule.endpoint.startswith(f"{bp.name}."):
                app.url_map.add(Rule(f"/<lang:lang>{rule.rule}", endpoint=rule.endpoint, methods=rule.methods,
                                     defaults=rule.defaults, strict_slashes=rule.strict_slashes))
                app.extensions[_ENDPOINTS].add(rule.endpoint)

    bp.record_once(copy_rules)


@contextmanager
def writing_to(code: str | None) -> Iterator[Language]:
    """Write (an email) in the language a resident asked for: a report's or account's ``language``."""
    language = site_of(current_app).language_of(code)
    with wording.writing_in(language, messages(language)):
        yield language


def page_messages(language: Language) -> _gettext.NullTranslations:
    """A template's messages: the request's, looked up once for the request, else ``messages``."""
    if has_request_context():
        found = g.get("language_messages")
        if found is not None and found[0] is language:
            return found[1]
    return messages(language)


def resident_url(endpoint: str, **values: Any) -> str:
    """``url_for`` a resident page (track, sign in) in the page's language where that language
    covers those pages (its full languages), else in the default language."""
    language = current()
    if not serves(language, None):
        values["lang"] = None
    return url_for(endpoint, **values)


def messages(language: Language | None) -> _gettext.NullTranslations:
    """The backend's and the theme's words in ``language`` (the English source strings where it has
    no catalogue, as the default language usually has none)."""
    return i18n.translations(LOCALE_DIRS, language.code) if language is not None else _ENGLISH


def current() -> Language:
    """The language of the page being answered."""
    return g.get("language") or site_of(current_app).default_language


def site_of(app: Flask) -> SiteConfig:
    return app.extensions["portal_site"]


def unprefixed(path: str) -> str:
    """The default language's address of a page: ``/cy/track/`` → ``/track/``."""
    language = g.get("language")
    if language is not None and not language.is_default and path.startswith(language.prefix + "/"):
        return path[len(language.prefix):]
    return path


def alternates(site: SiteConfig, language: Language) -> list[tuple[Language, str]]:
    """This page in each other language it is offered in: (language, address), for the switcher.

    The address is the same page with the same query, so a resident half way through a form keeps
    their place (the answers are kept on the server, whatever the language)."""
    if not has_request_context() or request.endpoint not in current_app.extensions[_ENDPOINTS]:
        return []  # a page drawn by a command (the printable report), or a page in one language only
    form = _form_asked_for()
    here = unprefixed(request.path) + (f"?{request.query_string.decode()}" if request.query_string else "")
    return [(other, other.url(here)) for other in site.languages
            if other != language and serves(other, form)]


def _form_asked_for() -> FormSpec | None:
    slug = (request.view_args or {}).get("slug")
    return current_app.extensions["portal_forms"].get(slug) if slug and request.blueprint == "submit" else None


def in_language(form: FormSpec, language: Language | None = None) -> FormSpec:
    """``form`` with its words in ``language`` (the page's by default), made once per language."""
    language = language or current()
    if language.is_default:
        return form
    words = messages(language)
    cache: dict[tuple[str, str, int], FormSpec] = current_app.extensions.setdefault("portal_forms_in_language", {})
    key = (form.slug, language.code, id(words))
    if key not in cache:
        from portal.forms.translations import in_language as translate  # noqa: PLC0415

        cache[key] = translate(form, language.code, words.gettext)
    return cache[key]


_ENGLISH = _gettext.NullTranslations()
