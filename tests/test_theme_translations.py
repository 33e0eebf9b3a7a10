"""Every word of the theme's templates has its translation in each full language's catalogue,
and in the sample's Welsh catalogue; a new untranslated string in a template fails here.

The strings are extracted afresh from theme/templates (as `make messages` does, with babel.cfg),
so a string added to a template without running `make messages` and translating it is caught.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from conftest import PROJECT

from builder.languages_check import LAYOUT_TEMPLATES
from portal.i18n import catalogue_path
from portal.siteconfig import load_site_config

THEME = PROJECT / "theme"
_OPTIONS = {"**.html": {"trim_blocks": "true", "lstrip_blocks": "true"}}


def template_strings(templates: Path) -> dict[str, set[str]]:
    """Each msgid in the templates, with the templates it appears in."""
    found: dict[str, set[str]] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
            str(templates), [("**.html", "jinja2")], options_map=_OPTIONS):
        key = message if isinstance(message, str) else message[0]
        found.setdefault(key, set()).add(Path(filename).name)
    return found


def untranslated(templates: Path, po: Path, only: tuple[str, ...] = ()) -> list[str]:
    with po.open("rb") as source:
        catalog = read_po(source)
    missing = []
    for key, files in sorted(template_strings(templates).items()):
        if only and not files & set(only):
            continue
        message = catalog.get(key)
        strings = (message.string if isinstance(message.string, tuple) else (message.string,)) if message else ("",)
        if message is None or message.fuzzy or not all(strings):
            missing.append(key)
    return missing


def full_languages() -> list[str]:
    site = load_site_config(PROJECT / "content" / "site.yaml")
    return sorted({lang.code for lang in site.languages if lang.coverage == "full"} | {"cy"})


@pytest.mark.parametrize("code", full_languages())
def test_every_theme_string_has_its_translation(code: str) -> None:
    assert untranslated(THEME / "templates", catalogue_path(THEME / "locale", code)) == []


def test_urdu_translates_the_layout_home_contact_and_service_pages() -> None:
    pages = (*LAYOUT_TEMPLATES, "home.html", "contact.html", "page.html", "service.html",
             "_contact_box.html", "_last_reviewed.html")
    assert untranslated(THEME / "templates", catalogue_path(THEME / "locale", "ur"), pages) == []
    # And the rest, so the Urdu A–Z, What's on, hubs and search page are not English in a
    # right-to-left page.
    assert untranslated(THEME / "templates", catalogue_path(THEME / "locale", "ur")) == []


def test_a_new_untranslated_string_in_a_template_fails(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    for path in (THEME / "templates").glob("*.html"):
        (templates / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    page = templates / "page.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "{% block after_body %}", '<p>{{ _("Was this page useful?") }}</p>\n{% block after_body %}'), encoding="utf-8")
    assert untranslated(templates, catalogue_path(THEME / "locale", "cy")) == ["Was this page useful?"]


def test_no_template_has_words_outside_the_catalogue() -> None:
    """Text between tags is a variable, a translated string, or punctuation: never bare English."""
    bare = re.compile(r">\s*([A-Za-z][A-Za-z' ]{2,}[^<{]*)<")
    for path in sorted((THEME / "templates").glob("*.html")):
        text = re.sub(r"\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}", "", path.read_text(encoding="utf-8"), flags=re.S)
        assert bare.findall(text) == [], path.name
