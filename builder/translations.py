"""Pages in the site's other languages: which page translates which, and each language's model.

A translation sits beside its page (``services/x.cy.md`` beside ``services/x.md``) and is built
under the language's prefix (``/cy/services/x/``). Each language gets its own ``SiteModel``: its
home page, A–Z, category pages and What's on list its own pages, sorted by its alphabet
(``portal.collation``), with the site's words from ``site.<code>.yaml`` (``portal.sitewords``).

A form with a translation (``translations:`` in its file) gets a start page in that language
(``/cy/forms/x/``), leading to the backend's form in it (``/cy/submit/x/``).

A partial language (Urdu) translates a few pages only. Its listings still show every service,
so a resident is never sent to a dead end: a service with no translation is listed by its
English title, marked ``lang="en-GB"``, and links to the English page. A full language (Welsh in
Wales) should have no such entries; the checks in ``builder.languages_check`` name any it has.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Any

from builder.sitemodel import SiteModel
from portal.forms import start_url
from portal.forms.translations import in_language
from portal.languages import Language
from portal.siteconfig import SiteConfig

_HREF = re.compile(r'(href=")(/[^"#?]*)')


def language_code(page: Any) -> str | None:
    """The code of a translation's language ("cy"), None for a page in the default language."""
    return getattr(page, "language_code", None)


def version_key(page: Any) -> str:
    """What a page and its translations share: its kind and slug ("service:report-a-pothole")."""
    return f"{page.kind}:{page.slug}"


def add_languages(model: SiteModel, pages: Iterable[Any], sites: dict[str, SiteConfig]) -> None:
    """Give ``model`` (the default language's) a model per other language, and every model the
    map of which page has which translations. ``sites`` is the site's words per language code."""
    pages = list(pages)
    versions: dict[str, dict[str, Any]] = {}
    default_code = model.language.code
    for page in pages:
        if getattr(page, "kind", None):
            versions.setdefault(version_key(page), {})[language_code(page) or default_code] = page
    model.versions = versions
    for language in model.site.languages[1:]:
        site = sites.get(language.code) or model.site
        own = [p for p in pages if language_code(p) == language.code]
        translated = {version_key(p) for p in own}
        # Services and events with no translation are listed in the default language (see above).
        fallback = [p for p in (*model.services, *model.events) if version_key(p) not in translated]
        forms = {slug: in_language(form, language.code, _as_written) if form.translation(language.code) else form
                 for slug, form in model.forms.items()}
        other = SiteModel.for_language(own + fallback, own, _linked(site, language, versions, default_code),
                                       model.today, forms, language)
        other.translated_forms = {slug for slug, form in model.forms.items() if form.translation(language.code)}
        other.versions, other.root = versions, model
        model.others[language.code] = other
    known = model.all_urls(with_languages=True)
    for other in model.others.values():
        for page in other.own_pages:
            _link_within_language(page, other.language, known)


def _as_written(words: str) -> str:
    # The standard contact page's words are the backend's (its catalogue); a start page shows none.
    return words


def _linked(site: SiteConfig, language: Language, versions: dict[str, dict[str, Any]],
            default_code: str) -> SiteConfig:
    """``site`` with its top tasks and alert leading to this language's pages where they exist."""
    def local(url: str | None) -> str | None:
        if not url:
            return url
        kind_slug = _page_of_url(url)
        found = versions.get(kind_slug, {}) if kind_slug else {}
        return language.url(url) if language.code in found or kind_slug is None and _is_generated(url) else url

    tasks = tuple(dataclasses.replace(t, url=local(t.url)) for t in site.top_tasks)
    alert = dataclasses.replace(site.alert, url=local(site.alert.url)) if site.alert else None
    return dataclasses.replace(site, top_tasks=tasks, alert=alert)


def _page_of_url(url: str) -> str | None:
    """"service:x" for /services/x/, "event:x" for /whats-on/x/, "page:x" for /x/; else None."""
    parts = url.split("#", 1)[0].split("?", 1)[0].strip("/").split("/")
    if len(parts) == 2 and parts[0] == "services":
        return f"service:{parts[1]}"
    if len(parts) == 2 and parts[0] == "whats-on":
        return f"event:{parts[1]}"
    if len(parts) == 1 and parts[0] and parts[0] not in _GENERATED:
        return f"page:{parts[0]}"
    return None


# Pages every language has: its home, A–Z, What's on, search and the online-forms hubs.
_GENERATED = ("", "a-to-z", "whats-on", "search", "report-it", "request-it")


def _is_generated(url: str) -> bool:
    parts = url.split("#", 1)[0].split("?", 1)[0].strip("/").split("/")
    return parts[0] in _GENERATED and len(parts) == 1 or parts[0] == "category"


def _link_within_language(page: Any, language: Language, known: set[str]) -> None:
    """Links in a translation to ``/services/x/`` go to ``/cy/services/x/`` when that exists."""
    def swap(match: re.Match) -> str:
        target = match[2]
        local = language.url(target)
        if not target.startswith(language.prefix + "/") and (local in known or local + "/" in known):
            return match[1] + local
        return match[0]

    content = getattr(page, "_content", None)
    if content and "href=\"/" in content:
        page._content = _HREF.sub(swap, content)


def counterparts(model: SiteModel, page: Any) -> list[tuple[Language, str]]:
    """The page's versions in the site's other languages, as (language, address), in site.yaml's
    order: what the language links show. Only versions that exist: no link to a missing page."""
    found = model.versions.get(version_key(page), {}) if getattr(page, "kind", None) else {}
    own = language_code(page) or model.site.default_language.code
    return [(lang, "/" + found[lang.code].url) for lang in model.site.languages
            if lang.code != own and lang.code in found]


def generated_counterparts(model: SiteModel, path: str) -> list[tuple[Language, str]]:
    """A derived page's (home, A–Z, category, What's on, search) versions in the other languages."""
    root = model.root or model
    return [(lang, lang.url(path)) for lang in root.site.languages if lang != model.language
            and (lang.is_default or lang.code in root.others)]


def form_counterparts(model: SiteModel, slug: str) -> list[tuple[Language, str]]:
    """A form's start page in the site's other languages: those the form has a translation in."""
    root = model.root or model
    path = start_url(slug)
    return [(lang, lang.url(path)) for lang in root.site.languages if lang != model.language
            and (lang.is_default or slug in root.others[lang.code].translated_forms)]
