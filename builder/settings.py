"""Pelican's settings for a portal build, made in code from the folders and the build state."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican.settings import read_settings

from builder.contentmodel import STAFF_NOTES_SUFFIX
from builder.pelican_plugin import BuildState, PortalReader
from builder.templatecache import COMPILED
from portal import dates
from portal.phones import phone_links
from portal.timezone import TIME_ZONE

# Pelican's other readers would take .html, .rst or .markdown files we do not want published.
_NO_OTHER_READERS = {ext: None for ext in ("markdown", "mkd", "mdown", "html", "htm", "rst")}


def pelican_settings(state: BuildState, *, output_dir: Path, theme_dir: Path, cache_dir: Path,
                     overrides_dir: Path | None = None) -> dict[str, Any]:
    """Settings for ``pelican.Pelican``: our reader, plugin, URLs and theme; Pelican's blog parts off."""
    content_dir = state.content_dir
    return read_settings(override={
        "PATH": str(content_dir),
        "OUTPUT_PATH": str(output_dir),
        "THEME": str(theme_dir),
        # A council's own templates (content/templates/) are searched before the theme's.
        "THEME_TEMPLATES_OVERRIDES": [str(overrides_dir)] if overrides_dir else [],
        "THEME_STATIC_DIR": "theme",
        "SITENAME": state.site.council_name,
        "SITEURL": "",
        "TIMEZONE": TIME_ZONE,
        "DEFAULT_LANG": "en",
        "READERS": {"md": PortalReader, **_NO_OTHER_READERS},
        "PLUGINS": ["builder.pelican_plugin"],
        "PORTAL": state,
        "ARTICLE_PATHS": [],
        "PAGE_PATHS": ["services", "whats-on", "pages"],
        # Staff notes are for the handbook only: the public build never reads them.
        "IGNORE_FILES": [".#*", f"*{STAFF_NOTES_SUFFIX}"],
        "STATIC_PATHS": ["images", "documents"],
        # A translation shares its page's slug; builder.translations pairs them, not Pelican.
        "PAGE_TRANSLATION_ID": None,
        "PAGE_URL": "{url_prefix}{slug}/",
        "PAGE_SAVE_AS": "{url_prefix}{slug}/index.html",
        "DIRECT_TEMPLATES": [],
        "PAGINATED_TEMPLATES": {},
        "DEFAULT_PAGINATION": False,
        **{f"{what}_SAVE_AS": "" for what in (
            "ARTICLE", "ARTICLE_LANG", "DRAFT", "DRAFT_LANG", "DRAFT_PAGE", "DRAFT_PAGE_LANG",
            "PAGE_LANG", "CATEGORY", "TAG", "AUTHOR", "CATEGORIES", "TAGS", "AUTHORS", "ARCHIVES",
            "YEAR_ARCHIVE", "MONTH_ARCHIVE", "DAY_ARCHIVE")},
        **{feed: None for feed in (
            "FEED_ATOM", "FEED_RSS", "FEED_ALL_ATOM", "FEED_ALL_RSS", "CATEGORY_FEED_ATOM",
            "CATEGORY_FEED_RSS", "AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS", "TAG_FEED_ATOM",
            "TAG_FEED_RSS", "TRANSLATION_FEED_ATOM", "TRANSLATION_FEED_RSS")},
        "JINJA_ENVIRONMENT": {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True,
                              "bytecode_cache": COMPILED},
        "JINJA_FILTERS": {"long_date": dates.long_date, "time_range": dates.time_range,
                          "phone_links": phone_links},
        "TEMPLATE_EXTENSIONS": [".html", ".xml"],
        # Reading Markdown is the slow part; unchanged files come from Pelican's reader cache.
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CONTENT_CACHING_LAYER": "reader",
        "CACHE_PATH": str(cache_dir),
        "GZIP_CACHE": False,
        "CHECK_MODIFIED_METHOD": "mtime",
        "DELETE_OUTPUT_DIRECTORY": False,
        "SLUGIFY_SOURCE": "basename",
    })
