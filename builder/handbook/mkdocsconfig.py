"""The handbook's ``mkdocs.yml``, generated from site.yaml and the content on every build.

The navigation is written out in full and grouped (home, finding things, services by category,
forms by kind), rather than left to mkdocs to discover from the folder: discovery orders pages
by file name and puts every page at the top level. Google Fonts are off (nothing from outside
the handbook is loaded), and so is the "Made with Material" line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from builder.handbook.model import Handbook

OVERRIDES_DIR = Path(__file__).resolve().parent / "overrides"
ASSETS = "assets/handbook"


def mkdocs_config(handbook: Handbook, *, docs_dir: Path, site_dir: Path, logo: str | None,
                  nav: bool = True) -> dict[str, Any]:
    """The configuration as a mapping; ``nav=False`` leaves the navigation to mkdocs (benchmarks)."""
    site = handbook.site
    theme: dict[str, Any] = {
        "name": "material",
        "custom_dir": str(OVERRIDES_DIR),
        "language": "en",
        "font": False,
        "palette": {"scheme": "default", "primary": "custom", "accent": "custom"},
        "features": ["navigation.indexes", "navigation.sections", "search.highlight"],
    }
    if logo:
        theme["logo"] = theme["favicon"] = logo
    config: dict[str, Any] = {
        "site_name": f"{site.short_name} contact-centre handbook",
        "site_description": f"Staff-only handbook for {site.council_name}'s contact centre",
        "site_url": f"{site.base_url.rstrip('/')}/staff/handbook/",
        "docs_dir": str(docs_dir),
        "site_dir": str(site_dir),
        "use_directory_urls": True,
        "theme": theme,
        "extra_css": [f"{ASSETS}/council.css", f"{ASSETS}/handbook.css"],
        "extra": {"generator": False},
        "plugins": [{"search": {"lang": "en"}}],
        "markdown_extensions": ["attr_list", "md_in_html", "tables", {"toc": {"permalink": False}}],
        "validation": {"nav": {"omitted_files": "warn", "not_found": "warn"},
                       "links": {"not_found": "warn", "absolute_links": "info", "unrecognized_links": "warn"}},
    }
    if nav:
        config["nav"] = navigation(handbook)
    return config


def navigation(handbook: Handbook) -> list[Any]:
    model = handbook.model
    services: list[Any] = []
    for category, members in model.categories:
        services.append({category.title: [f"categories/{category.slug}.md",
                                          *({s.title: f"services/{s.slug}.md"} for s in members)]})
    grouped = {s.slug for _, members in model.categories for s in members}
    others = [{s.title: f"services/{s.slug}.md"} for s in model.services if s.slug not in grouped]
    if others:
        services.append({"Other services": others})
    forms: list[Any] = ["forms/index.md"]
    for kind, title in (("report", "Reports"), ("request", "Requests")):
        of_kind = [{f.title: f"forms/{f.slug}.md"} for f in model.forms_of_kind(kind)]
        if of_kind:
            forms.append({title: of_kind})
    return [
        {"Home": "index.md"},
        {"Find": [{"A to Z": "a-to-z.md"}, {"Contact directory": "contacts.md"},
                  {"Key telephone numbers": "key-numbers.md"}]},
        {"Services": services},
        {"Forms": forms},
    ]


def council_css(handbook: Handbook) -> str:
    """The council's colours from site.yaml as mkdocs-material's colour variables."""
    colours = handbook.site.colours
    return (":root, [data-md-color-scheme=default] {\n"
            f"  --md-primary-fg-color: {colours.brand};\n"
            f"  --md-primary-fg-color--light: {colours.brand};\n"
            f"  --md-primary-fg-color--dark: {colours.brand};\n"
            "  --md-primary-bg-color: #ffffff;\n"
            f"  --md-accent-fg-color: {colours.link};\n"
            f"  --md-typeset-a-color: {colours.link};\n"
            f"  --hb-focus: {colours.focus};\n"
            "}\n")


def write_config(config: dict[str, Any], path: Path) -> None:
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
