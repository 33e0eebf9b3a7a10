"""Checks on translations, run on every build and reported at file:line like every other check.

- A translation whose language site.yaml does not declare, or with no page beside it to
  translate (``x.cy.md`` with no ``x.md``), is an error.
- A translation's front matter keys other than its text (category, contact, form, owner, layout,
  an event's date and time) must be the source's: an error names the key and the source's value.
- A full language with a page missing is a warning (so ``--strict`` fails the build); a partial
  language may leave pages out.
- A translation older than its source (the source's last_reviewed later than its own) is a warning.
- The theme's message catalogue of a language missing strings is a warning naming them: every
  string for a full language, the layout's (header, footer, search, alert) for a partial one.
- The usual checks across files (links, titles, review dates) for each language's own pages.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po

from builder.crossrefs import check_site
from builder.sitemodel import SiteModel
from builder.translations import language_code, version_key
from portal.i18n import catalogue_path
from portal.languages import FULL, Language

# Front matter that is not text: the same in every language (metadata names as the reader keeps them).
SHARED_KEYS = {"service": ("topic", "contact", "form", "owner"), "event": ("event_date", "event_time"),
               "page": ("layout", "owner")}
_FRONT_MATTER_NAME = {"topic": "category", "event_date": "date", "event_time": "time"}
# Templates every page of a language is drawn in: a partial language's catalogue must have these.
LAYOUT_TEMPLATES = ("base.html", "_alert.html", "_breadcrumbs.html", "_search_form.html")


def check_languages(model: SiteModel, pages: Iterable[Any], state: Any, *, static_urls: Iterable[str]) -> None:
    """Add every problem with the site's translations to ``state.problems``."""
    problems = state.problems
    site = model.site
    codes = {lang.code: lang for lang in site.languages[1:]}
    for page in pages:
        code = language_code(page)
        if code is None:
            continue
        if code not in codes:
            declared = ", ".join(codes) or "none"
            problems.error(page.source_file, 0, f"is a translation into '{code}', which site.yaml does not "
                           f"declare (languages: {declared}); add '{code}: partial' under languages: in "
                           "content/site.yaml, or rename the file")
            continue
        source = model.versions.get(version_key(page), {}).get(site.default_language.code)
        if source is None:
            problems.error(page.source_file, 0, f"translates a page that does not exist: there is no "
                           f"{_source_name(page.source_file, code)}; a translation sits beside its page, "
                           "named like it with the language code before .md")
            continue
        _check_against_source(page, source, codes[code], problems)
    for other in model.others.values():
        if other.language.coverage == FULL:
            _check_full(model, other.language, problems)
        check_site(_own_only(other), static_urls=static_urls, problems=problems)
    for language in site.languages[1:]:
        for folder in state.locale_dirs:
            check_catalogue(folder, language, problems, state.display_path)


def _check_against_source(page: Any, source: Any, language: Language, problems: Any) -> None:
    for key in SHARED_KEYS.get(page.kind, ()):
        mine, theirs = getattr(page, key, None), getattr(source, key, None)
        if mine != theirs:
            name = _FRONT_MATTER_NAME.get(key, key)
            should = f"'{name}: {_shown(theirs)}' as" if theirs is not None else f"no {name}, like"
            problems.error(page.source_file, page.field_lines.get(name, 1),
                           f"{name} differs from the page it translates: write {should} {source.source_file} "
                           f"(only the text is translated)")
    mine, theirs = getattr(page, "last_reviewed", None), getattr(source, "last_reviewed", None)
    if mine and theirs and theirs > mine:
        problems.warning(page.source_file, page.field_lines.get("last_reviewed", 1),
                         f"the {language.english_name} translation was last reviewed {mine}, before its "
                         f"source {source.source_file} ({theirs}); bring it up to date, then set last_reviewed")


def _check_full(model: SiteModel, language: Language, problems: Any) -> None:
    """Every page of the default language must exist in a full language."""
    for page in (*model.services, *model.events, *model.pages):
        if language.code not in model.versions.get(version_key(page), {}):
            problems.warning(page.source_file, 1, f"has no {language.english_name} translation, and "
                             f"{language.code} is a full language in site.yaml; add "
                             f"{_translation_name(page.source_file, language.code)}")


def check_catalogue(folder: Path, language: Language, problems: Any, shown: Any = str) -> list[str]:
    """Warn about the theme's strings ``language``'s catalogue does not translate; return them."""
    template = folder / "messages.pot"
    if not template.is_file():
        return []
    with template.open("rb") as source:
        wanted = [m for m in read_po(source) if m.id]
    if language.coverage != FULL:
        wanted = [m for m in wanted if any(Path(loc).name in LAYOUT_TEMPLATES for loc, _ in m.locations)]
    path = catalogue_path(folder, language.code)
    done: set[str] = set()
    if path.is_file():
        with path.open("rb") as source:
            done = {_key(m.id) for m in read_po(source, locale=language.code)
                    if m.id and m.string and all(m.string if isinstance(m.string, tuple) else [m.string])
                    and not m.fuzzy}
    missing = [_key(m.id) for m in wanted if _key(m.id) not in done]
    if missing:
        what = "" if language.coverage == FULL else "layout "
        listed = "; ".join(f"'{m}'" for m in missing)
        problems.warning(shown(path), 0, f"{len(missing)} of the theme's {what}strings have no "
                         f"{language.english_name} translation, so they show in English: {listed}; "
                         "run make messages and translate them")
    return missing


def _key(message_id: str | tuple[str, ...]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def _own_only(model: SiteModel) -> SiteModel:
    """A language's model with only its own pages, for the checks across files."""
    own = {id(p) for p in model.own_pages}
    copy = SiteModel(site=model.site, today=model.today, forms=model.forms, language=model.language,
                     services=[p for p in model.services if id(p) in own],
                     events=[p for p in model.events if id(p) in own], pages=list(model.pages),
                     own_pages=model.own_pages, versions=model.versions, root=model.root)
    copy.by_category = {slug: [p for p in items if id(p) in own] for slug, items in model.by_category.items()}
    return copy


def _source_name(path: str, code: str) -> str:
    return path.replace(f".{code}.md", ".md")


def _translation_name(path: str, code: str) -> str:
    return path[:-3] + f".{code}.md"


def _shown(value: Any) -> str:
    if isinstance(value, tuple):  # an event's time: (start, end)
        return " to ".join(t.strftime("%H:%M") for t in value if t is not None)
    return str(value)
