"""The council's settings and forms, loaded once at start-up, and the backend's pages in the site's look.

Templates are searched in the council's overrides (content/templates/), then the theme, then the
backend's own, so ``base.html`` is the very file the static pages use.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader

from backend.web import languages
from portal import dates
from portal.forms import FormSpec, load_forms, service_slugs
from portal.phones import phone_links
from portal.siteconfig import SiteConfig, load_site_config

THEME_TEMPLATES = Path(__file__).resolve().parent.parent / "theme" / "templates"


def init_app(app: Flask) -> None:
    """Load site.yaml and forms/ once (a bad file stops start-up with file:line), set up Jinja."""
    content = app.config["CONTENT_DIR"]
    site = load_site_config(content / "site.yaml")
    forms = load_forms(app.config["FORMS_DIR"], services=service_slugs(content), languages=site.languages)
    app.extensions["portal_site"] = site
    app.extensions["portal_forms"] = forms
    loaders = [FileSystemLoader(str(p)) for p in (content / "templates", THEME_TEMPLATES) if p.is_dir()]
    app.jinja_loader = ChoiceLoader([*loaders, app.jinja_loader])  # type: ignore[list-item]
    app.jinja_env.filters.update(long_date=dates.long_date, long_moment=dates.long_moment,
                                 time_range=dates.time_range, phone_links=phone_links)
    # After the filters: its long_date writes dates in the page's language. It installs the
    # catalogues (theme and backend) through which the theme's layout says its words (portal.i18n).
    languages.init_app(app, site)
    app.context_processor(lambda: {"site": site})


def site_config(app: Flask) -> SiteConfig:
    return app.extensions["portal_site"]


def forms_of(app: Flask) -> dict[str, FormSpec]:
    return app.extensions["portal_forms"]


def known_departments(app: Flask) -> list[str]:
    """The departments the forms send reports to: the names staff accounts must use."""
    return sorted({form.department for form in forms_of(app).values()})
