"""The whole site as templates see it: services by category, the A–Z, events, contacts.

Built once per build from the pages Pelican read, and put in the template context as ``portal``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from builder.azindex import AzLetter, build_az
from builder.events import upcoming
from portal import collation
from portal.forms import FORMS_INDEX_URL, FormSpec, start_url
from portal.languages import Language
from portal.siteconfig import Category, Contact, SiteConfig

RELATED_LIMIT = 6

# Pages the plugin generates, whose addresses no content file may take.
GENERATED_URLS = ("/", "/a-to-z/", "/whats-on/", "/search/", "/404.html", "/sitemap.xml",
                  "/robots.txt", "/whats-on/events.ics", "/report-it/", "/request-it/", FORMS_INDEX_URL)


@dataclass
class SiteModel:
    site: SiteConfig
    today: dt.date
    services: list[Any]
    events: list[Any]
    pages: list[Any]
    forms: dict[str, FormSpec] = field(default_factory=dict)
    by_category: dict[str, list[Any]] = field(default_factory=dict)
    az: list[AzLetter] = field(default_factory=list)
    upcoming_events: list[Any] = field(default_factory=list)
    # The language of this model's pages; another language's model also lists the default
    # language's services and events that have no translation (builder.translations).
    language: Language = None  # type: ignore[assignment]  # set by from_pages / for_language
    own_pages: list[Any] = field(default_factory=list)  # the pages written in this language
    # "service:x" → {language code: page}: every page's versions (builder.translations).
    versions: dict[str, dict[str, Any]] = field(default_factory=dict)
    others: dict[str, SiteModel] = field(default_factory=dict)  # the other languages' models
    root: SiteModel | None = None  # the default language's model
    translated_forms: set[str] = field(default_factory=set)  # forms with a start page in this language

    @classmethod
    def from_pages(cls, pages: list[Any], site: SiteConfig, today: dt.date,
                   forms: dict[str, FormSpec] | None = None) -> SiteModel:
        """The default language's model; translations (``language_code`` set) are left out."""
        default = [p for p in pages if not getattr(p, "language_code", None)]
        return cls._make(default, default, site, today, forms, site.default_language)

    @classmethod
    def for_language(cls, pages: list[Any], own: list[Any], site: SiteConfig, today: dt.date,
                     forms: dict[str, FormSpec] | None, language: Language) -> SiteModel:
        """Another language's model: ``own`` its translations, ``pages`` those and the fallbacks."""
        return cls._make(pages, own, site, today, forms, language)

    @classmethod
    def _make(cls, pages: list[Any], own: list[Any], site: SiteConfig, today: dt.date,
              forms: dict[str, FormSpec] | None, language: Language) -> SiteModel:
        code = None if language.is_default else language.code

        def of_kind(kind: str) -> list[Any]:
            found = [p for p in pages if getattr(p, "kind", None) == kind and (kind != "page" or p in own)]
            return sorted(found, key=lambda p: _collate(p.title, code))

        model = cls(site=site, today=today, services=of_kind("service"), events=of_kind("event"),
                    pages=of_kind("page"), forms=dict(sorted((forms or {}).items())), language=language,
                    own_pages=list(own))
        for slug in site.categories:
            model.by_category[slug] = [s for s in model.services if s.topic == slug]
        if code is None:
            model.az = build_az(model.services)
        else:
            # Synonyms come from this language's own keywords, not from the English fallbacks'.
            mine = {id(p) for p in own}
            model.az = build_az(model.services, code, lambda s: (s.keywords or []) if id(s) in mine else [])
        model.upcoming_events = upcoming(model.events, today)
        return model

    def model_of(self, page: Any) -> SiteModel:
        """The model of the language ``page`` is written in (this one for the default language)."""
        root = self.root or self
        return root.others.get(getattr(page, "language_code", None) or "", root)

    def is_fallback(self, page: Any) -> bool:
        """Whether ``page`` is listed here in the default language for want of a translation."""
        return not self.language.is_default and getattr(page, "language_code", None) != self.language.code

    def url(self, path: str) -> str:
        """A site address in this model's language: "/a-to-z/" → "/cy/a-to-z/"."""
        return self.language.url(path)

    def link(self, path: str) -> str:
        """``path`` in this language where the site has it, else the default language's page."""
        local = self.language.url(path)
        return local if local == path or local in (self.root or self).known_urls else path

    @cached_property
    def known_urls(self) -> set[str]:
        return self.all_urls()

    @property
    def categories(self) -> list[tuple[Category, list[Any]]]:
        """Categories that have services, in title order, with their services."""
        found = [(self.site.categories[slug], items) for slug, items in self.by_category.items()
                 if items]
        code = None if self.language.is_default else self.language.code
        return sorted(found, key=lambda pair: _collate(pair[0].title, code))

    def category_of(self, page: Any) -> Category | None:
        return self.site.categories.get(getattr(page, "topic", None) or "")

    def related(self, page: Any) -> list[Any]:
        """Other services in the same category, for the "Related services" list."""
        # Only the first few can be shown, and the page itself is at most one of them.
        nearest = self.by_category.get(page.topic, [])[:RELATED_LIMIT + 1]
        return [s for s in nearest if s is not page][:RELATED_LIMIT]

    def forms_for(self, page: Any) -> list[FormSpec]:
        """The online forms a service page leads to: its own `form`, and any form naming it."""
        found = [f for f in self.forms.values() if f.service == page.slug]
        own = self.forms.get(getattr(page, "form", None) or "")
        return [own, *[f for f in found if f is not own]] if own else found

    def forms_of_kind(self, kind: str) -> list[FormSpec]:
        return sorted((f for f in self.forms.values() if f.kind == kind), key=lambda f: f.title.casefold())

    def service(self, slug: str) -> Any:
        return next((s for s in self.services if s.slug == slug), None)

    def contact_for(self, page: Any) -> Contact | None:
        return self.site.contacts.get(getattr(page, "contact", None) or "")

    def telephone_table(self) -> list[Contact]:
        """Every team with a phone: site.yaml's telephone_table first, in its order, then the rest,
        so a team added to contacts is never missing from the contact page."""
        listed = [self.site.contacts[key] for key in self.site.telephone_table if key in self.site.contacts]
        return listed + [c for c in self.site.contacts.values() if c not in listed and c.phone]

    def all_urls(self, with_languages: bool = True) -> set[str]:
        """Every address this build makes, for checking links (every language's, unless not asked)."""
        if self.root is not None and with_languages:
            return self.root.all_urls()
        urls = set(GENERATED_URLS)
        urls.update("/" + p.url for p in (*self.services, *self.events, *self.pages))
        urls.update(c.url for c, _ in self.categories)
        urls.update(start_url(slug) for slug in self.forms)
        for other in self.others.values() if with_languages else ():
            prefix = other.language.prefix
            urls.update(prefix + u for u in GENERATED_URLS if u.endswith("/") and u != FORMS_INDEX_URL)
            urls.update("/" + p.url for p in other.own_pages)
            urls.update(c.url for c, _ in other.categories)
            urls.update(prefix + start_url(slug) for slug in other.translated_forms)
        return urls


def _collate(text: str, code: str | None) -> tuple | str:
    """The sort key of ``text``: the default language's as before, another's by its alphabet."""
    return text.casefold() if code is None else collation.sort_key(text, code)
