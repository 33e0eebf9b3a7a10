"""The site's own words in another language: ``content/site.<code>.yaml`` beside site.yaml.

Only the keys that are text, all optional; anything left out reads as site.yaml's value::

    council_name: Cyngor Bwrdeistref Kestrelford
    short_name: Kestrelford
    logo_alt: Cyngor Bwrdeistref Kestrelford
    alert: {message: ...}                    # the url stays site.yaml's
    top_tasks: [{title: ..., url: /services/pay-council-tax/}, ...]   # site.yaml's urls, unprefixed
    categories: {bins-and-recycling: {title: ..., summary: ...}, ...}
    contacts: {waste: {name: ..., address: ..., hours: ...}, ...}

``site_in`` gives the ``SiteConfig`` a page in that language is drawn with; the build and the
backend both use it, so a Welsh page reads "Cyngor Bwrdeistref Kestrelford" in either.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from portal import schema as s
from portal.errors import Problems, SourceError
from portal.languages import Language
from portal.siteconfig import Alert, Link, SiteConfig
from portal.yamlsource import load_yaml

_TOP = [s.Field(name, s.text(limit), example, required=False) for name, limit, example in (
    ("council_name", 80, "Cyngor Bwrdeistref Kestrelford"), ("short_name", 40, "Kestrelford"),
    ("logo_alt", 120, "Cyngor Bwrdeistref Kestrelford"))] + [
    s.Field(name, lambda raw: raw, example, required=False) for name, example in (
        ("alert", "{message: ...}"), ("top_tasks", "[{title: ..., url: /services/pay-council-tax/}]"),
        ("categories", "{bins-and-recycling: {title: ..., summary: ...}}"),
        ("contacts", "{waste: {name: ..., address: ..., hours: ...}}"))]
_ALERT = [s.Field("message", s.text(200), "...", required=False)]
_TASK = [s.Field("title", s.text(60), "Talu eich Treth Gyngor"),
         s.Field("url", s.site_path(), "/services/pay-council-tax/")]
_CATEGORY = [s.Field("title", s.text(60), "Biniau ac ailgylchu", required=False),
             s.Field("summary", s.text(160), "...", required=False)]
_CONTACT = [s.Field(name, s.text(limit), "...", required=False)
            for name, limit in (("name", 100), ("address", 200), ("hours", 120))]


def words_path(content_dir: Path, code: str) -> Path:
    return content_dir / f"site.{code}.yaml"


def site_in(site: SiteConfig, language: Language, content_dir: Path, problems: Problems,
            display_path: str | None = None) -> SiteConfig:
    """``site`` with its text in ``language`` from site.<code>.yaml; problems name file:line."""
    if language.is_default:
        return site
    path = words_path(content_dir, language.code)
    categories = {slug: dataclasses.replace(c, prefix=language.prefix) for slug, c in site.categories.items()}
    local = dataclasses.replace(site, categories=categories)
    if not path.is_file():
        return local
    shown = display_path or str(path)
    try:
        data, lines = load_yaml(path.read_text(encoding="utf-8"), shown)
    except SourceError as exc:
        problems.errors.append(exc.problem)
        return local
    if data is None:
        return local
    top = s.check_fields(data, _TOP, path=shown, lines=lines, problems=problems)
    changes: dict = {k: top[k] for k in ("council_name", "short_name", "logo_alt") if top[k]}

    def section(raw: object, fields: list[s.Field], at: tuple, what: str) -> dict:
        return s.check_fields(raw, fields, path=shown, lines=lines, problems=problems, at=at, what=what)

    if top["alert"] is not None:
        message = section(top["alert"], _ALERT, ("alert",), "alert")["message"]
        if site.alert is None:
            problems.error(shown, lines.get(("alert",), 1), "alert: site.yaml has no alert to translate; "
                           "remove it here or add the alert to site.yaml")
        elif message:
            changes["alert"] = Alert(message, site.alert.url)
    if top["top_tasks"] is not None:
        changes["top_tasks"] = _tasks(top["top_tasks"], site, shown, lines, problems, section)
    changes["categories"] = _translated(top["categories"], "categories", categories, shown, lines, problems,
                                        lambda c, v: dataclasses.replace(c, **v), _CATEGORY, section)
    changes["contacts"] = _translated(top["contacts"], "contacts", site.contacts, shown, lines, problems,
                                      lambda c, v: dataclasses.replace(c, **v), _CONTACT, section)
    return dataclasses.replace(local, **changes)


def _tasks(raw: object, site: SiteConfig, shown: str, lines: dict, problems: Problems, section) -> tuple[Link, ...]:
    if not isinstance(raw, list):
        problems.error(shown, lines.get(("top_tasks",), 1), "top_tasks should be a list of entries starting with '-'")
        return site.top_tasks
    known = {task.url for task in site.top_tasks}
    tasks = []
    for i, entry in enumerate(raw):
        values = section(entry, _TASK, ("top_tasks", i), f"top_tasks entry {i + 1}:")
        if values["url"] and values["url"] not in known:
            problems.error(shown, lines.get(("top_tasks", i, "url"), lines.get(("top_tasks", i), 1)),
                           f"top_tasks url {values['url']} is not one of site.yaml's top_tasks; use the same "
                           "addresses as site.yaml, without the language prefix")
        if values["title"] and values["url"]:
            tasks.append(Link(values["title"], values["url"], lines.get(("top_tasks", i), 1)))
    return tuple(tasks)


def _translated(raw: object, key: str, known: dict, shown: str, lines: dict, problems: Problems, apply,
                fields: list[s.Field], section) -> dict:
    """site.yaml's ``key`` entries with the text given here; a key site.yaml lacks is an error."""
    result = dict(known)
    if raw is None:
        return result
    if not isinstance(raw, dict):
        problems.error(shown, lines.get((key,), 1), f"{key} should be a set of 'key:' entries")
        return result
    for name, entry in raw.items():
        values = section(entry, fields, (key, name), f"{key} '{name}':")
        if name not in known:
            problems.error(shown, lines.get((key, name), 1), f"{key}: '{name}' is not in site.yaml's {key}; "
                           f"use one of its keys ({', '.join(sorted(known))})")
            continue
        result[name] = apply(known[name], {k: v for k, v in values.items() if v})
    return result

