"""The whole site as templates see it: services by category, the A–Z, events, contacts.

Built once per build from the pages Pelican read, and put in the template context as ``portal``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from builder.azindex import AzLetter, build_az
from builder.events import upcoming
from portal.forms import FORMS_INDEX_URL, FormSpec, start_url
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

    @classmethod
    def from_pages(cls, pages: list[Any], site: SiteConfig, today: dt.date,
                   forms: dict[str, FormSpec] | None = None) -> SiteModel:
        def of_kind(kind: str) -> list[Any]:
            return sorted((p for p in pages if getattr(p, "kind", None) == kind),
                          key=lambda p: p.title.casefold())

        model = cls(site=site, today=today, services=of_kind("service"), events=of_kind("event"),
                    pages=of_kind("page"), forms=dict(sorted((forms or {}).items())))
        for slug in site.categories:
            model.by_category[slug] = [s for s in model.services if s.topic == slug]
        model.az = build_az(model.services)
        model.upcoming_events = upcoming(model.events, today)
        return model

    @property
    def categories(self) -> list[tuple[Category, list[Any]]]:
        """Categories that have services, in title order, with their services."""
        found = [(self.site.categories[slug], items) for slug, items in self.by_category.items()
                 if items]
        return sorted(found, key=lambda pair: pair[0].title.casefold())

    def category_of(self, page: Any) -> Category | None:
        return self.site.categories.get(getattr(page, "topic", None) or "")

    def related(self, page: Any) -> list[Any]:
        """Other services in the same category, for the "Related services" list."""
        return [s for s in self.by_category.get(page.topic, []) if s is not page][:RELATED_LIMIT]

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

    def all_urls(self) -> set[str]:
        """Every address this build makes, for checking links."""
        urls = set(GENERATED_URLS)
        urls.update("/" + p.url for p in (*self.services, *self.events, *self.pages))
        urls.update(c.url for c, _ in self.categories)
        urls.update(start_url(slug) for slug in self.forms)
        return urls
