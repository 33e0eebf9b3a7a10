"""The council's settings from ``content/site.yaml``: name, look, top tasks, categories, contacts.

``SiteConfig`` is also the one context object the theme's base layout reads (as ``site``), so the
static pages and the backend's pages are branded from the same values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from portal import schema as s
from portal.errors import Problems, SourceError, SourceProblem
from portal.languages import Language, default_language, parse_language
from portal.phones import tel_href
from portal.yamlsource import load_yaml


def _RAW(raw: object) -> object:  # noqa: N802 - sections that load_site_config reads entry by entry
    return raw


@dataclass(frozen=True)
class Colours:
    brand: str = s.key(s.colour(), '"#0b4f6c"')
    link: str = s.key(s.colour(), '"#1d5aa6"')
    focus: str = s.key(s.colour(), '"#ffbf47"')


@dataclass(frozen=True)
class Alert:
    message: str = s.key(s.text(200), "Bin collections are delayed by snow.")
    url: str | None = s.key(s.site_path(), "/services/bin-collection-days/", required=False, default=None)


@dataclass(frozen=True)
class Link:
    title: str = s.key(s.text(60), "Pay your council tax")
    url: str = s.key(s.site_path(), "/services/pay-council-tax/")
    line: int = 0


@dataclass(frozen=True)
class Category:
    slug: str
    title: str = s.key(s.text(60), "Bins and recycling")
    summary: str = s.key(s.text(160), "Collection days, missed bins and recycling.")

    @property
    def url(self) -> str:
        return f"/category/{self.slug}/"


@dataclass(frozen=True)
class Contact:
    key: str
    name: str = s.key(s.text(100), "Waste and recycling team")
    phone: str = s.key(s.phone(), '"0116 496 0123"')
    email: str = s.key(s.email(), "waste@example.gov.uk")
    address: str = s.key(s.text(200), "Town Hall, Market Square, KF1 1AA")
    hours: str = s.key(s.text(120), "Monday to Friday, 9am to 5pm")
    textphone: str | None = s.key(s.text(40), '"18001 0116 496 0123"', required=False, default=None)

    @property
    def phone_link(self) -> str:
        return tel_href(self.phone)


@dataclass(frozen=True)
class SiteConfig:
    council_name: str = s.key(s.text(80), "Kestrelford Borough Council")
    short_name: str = s.key(s.text(40), "Kestrelford")
    base_url: str = s.key(s.text(), "https://www.example.gov.uk")
    language: str = s.key(s.text(10), "en-GB")
    logo: str = s.key(s.text(), "images/logo.svg")
    logo_alt: str = s.key(s.text(120), "Kestrelford Borough Council")
    colours: Colours = s.key(_RAW, "(a list of brand, link and focus colours)")
    top_tasks: tuple[Link, ...] = s.key(_RAW, "(a list of title and url)")
    categories: dict[str, Category] = s.key(_RAW, "(category slugs with title and summary)")
    contacts: dict[str, Contact] = s.key(_RAW, "(contact keys with name, phone, email...)")
    telephone_table: tuple[str, ...] = s.key(s.text_list(), "[general, waste]")
    bank_holidays: frozenset[dt.date] = s.key(s.text_list(), "[2026-12-25, 2026-12-28]", required=False)
    alert: Alert | None = s.key(_RAW, "(message and url)", required=False, default=None)
    # The address the council's emails come from (confirmations, updates, sign-in links).
    mail_from: str | None = s.key(s.email(), "noreply@kestrelford.gov.uk", required=False, default=None)
    # Pounds per contact by channel ("web", "phone", "face-to-face", ...), for the performance reports.
    contact_costs: dict[str, Decimal] = s.key(_RAW, "(pounds per contact by channel: web: 0.08, phone: 3.39)",
                                              required=False, default_factory=dict)
    # The other languages, each full or partial (portal/languages.py); the default comes first.
    languages: tuple[Language, ...] = s.key(_RAW, "(language codes with full or partial: cy: full)",
                                            required=False, default=())
    path: str = "content/site.yaml"
    lines: dict = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, *key: object) -> int:
        return self.lines.get(key, 1)

    @property
    def default_language(self) -> Language:
        return self.languages[0] if self.languages else default_language(self.language)

    def language_of(self, code: str | None) -> Language:
        """The site's language with this code; the default language for None or a code it lacks."""
        return next((lang for lang in self.languages if lang.code == code), self.default_language)


_TOP = s.keys_of(SiteConfig)
_COLOURS = s.keys_of(Colours)
_ALERT = s.keys_of(Alert)
_LINK = s.keys_of(Link)
_CATEGORY = s.keys_of(Category)
_CONTACT = s.keys_of(Contact)


def load_site_config(path: Path, display_path: str | None = None) -> SiteConfig:
    """Read and check site.yaml; raise SourceError listing every problem found."""
    shown = display_path or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourceError(_problem(shown, "is missing; every site needs a site.yaml")) from None
    data, lines = load_yaml(text, shown)
    problems = Problems()
    top = s.check_fields(data, _TOP, path=shown, lines=lines, problems=problems)

    def section(key: str, fields: list[s.Field], raw: object, at: tuple) -> dict:
        return s.check_fields(raw, fields, path=shown, lines=lines, problems=problems, at=at, what=key)

    colours = section("colours", _COLOURS, top["colours"] or {}, ("colours",))
    alert = section("alert", _ALERT, top["alert"], ("alert",)) if top["alert"] else None
    tasks = []
    for i, raw in enumerate(_as_list(top["top_tasks"], "top_tasks", shown, lines, problems)):
        values = section(f"top_tasks entry {i + 1}:", _LINK, raw, ("top_tasks", i))
        tasks.append(Link(values["title"], values["url"], lines.get(("top_tasks", i), 1)))
    categories = {}
    for slug, raw in _as_mapping(top["categories"], "categories", shown, lines, problems).items():
        values = section(f"category '{slug}':", _CATEGORY, raw, ("categories", slug))
        categories[slug] = Category(slug, values["title"], values["summary"])
    contacts = {}
    for key, raw in _as_mapping(top["contacts"], "contacts", shown, lines, problems).items():
        values = section(f"contact '{key}':", _CONTACT, raw, ("contacts", key))
        contacts[key] = Contact(key=key, **values)
    for i, key in enumerate(top["telephone_table"] or []):
        if key not in contacts:
            problems.error(
                shown,
                lines.get(("telephone_table", i), lines.get(("telephone_table",), 1)),
                f"telephone_table names '{key}', which is not in contacts; add it there or remove it",
            )
    holidays = set()
    for i, raw in enumerate(top["bank_holidays"] or []):
        try:
            holidays.add(s.date()(raw))
        except ValueError as exc:
            problems.error(shown, lines.get(("bank_holidays", i), 1), f"bank_holidays entry {exc}")
    costs = _contact_costs(top["contact_costs"], shown, lines, problems)
    languages = _languages(top["language"], top["languages"], shown, lines, problems)
    _check_contrast(colours, shown, lines, problems)
    if problems.errors:
        raise SiteConfigError(problems)
    return SiteConfig(
        council_name=top["council_name"],
        short_name=top["short_name"],
        base_url=top["base_url"].rstrip("/"),
        mail_from=top["mail_from"],
        language=top["language"],
        languages=languages,
        logo=top["logo"],
        logo_alt=top["logo_alt"],
        colours=Colours(**colours),
        top_tasks=tuple(tasks),
        categories=categories,
        contacts=contacts,
        telephone_table=tuple(top["telephone_table"]),
        bank_holidays=frozenset(holidays),
        alert=Alert(**alert) if alert else None,
        contact_costs=costs,
        path=shown,
        lines=lines,
    )


def _languages(tag: str, raw: object, shown: str, lines: dict, problems: Problems) -> tuple[Language, ...]:
    """The default language (from ``language:``), then each entry of ``languages:``."""
    default = default_language(tag)
    found = [default]
    for code, coverage in _as_mapping(raw, "languages", shown, lines, problems).items():
        try:
            found.append(parse_language(code, coverage, default))
        except ValueError as exc:
            problems.error(shown, lines.get(("languages", code), 1), f"languages: {exc}")
    return tuple(found)


def _contact_costs(raw: object, shown: str, lines: dict, problems: Problems) -> dict[str, Decimal]:
    """``channel: pounds`` pairs, each a sum of money of 0 or more."""
    costs: dict[str, Decimal] = {}
    for channel, value in _as_mapping(raw, "contact_costs", shown, lines, problems).items():
        try:
            pounds = Decimal(str(value).strip().lstrip("£"))
        except InvalidOperation:
            pounds = Decimal(-1)
        if not pounds.is_finite() or pounds < 0 or isinstance(value, bool):
            problems.error(shown, lines.get(("contact_costs", channel), 1),
                           f"contact_costs {channel} should be an amount in pounds like 3.39; found '{value}'")
            continue
        costs[str(channel)] = pounds
    return costs


class SiteConfigError(Exception):
    """site.yaml has problems; ``problems`` lists them all."""

    def __init__(self, problems: Problems) -> None:
        super().__init__("\n".join(str(p) for p in problems.errors))
        self.problems = problems


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _check_contrast(colours: dict, path: str, lines: dict, problems: Problems) -> None:
    # The theme puts white text on the brand colour, links on white and dark text on focus.
    pairs = [("brand", "#ffffff", "white text on it"), ("link", "#ffffff", "it on a white page"),
             ("focus", "#0b0c0c", "dark text on it")]
    for name, other, use in pairs:
        value = colours.get(name)
        if value and (ratio := contrast_ratio(value, other)) < 4.5:
            problems.error(
                path,
                lines.get(("colours", name), 1),
                f"colours: {name} {value} gives {use} a contrast of {ratio:.1f}:1; "
                "WCAG AA needs at least 4.5:1, so choose a "
                + ("lighter" if name == "focus" else "darker") + " colour",
            )


def _problem(path: str, message: str) -> SourceProblem:
    return SourceProblem(path, 0, message)


def _as_list(raw: object, key: str, path: str, lines: dict, problems: Problems) -> list:
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.error(path, lines.get((key,), 1), f"{key} should be a list of entries starting with '-'")
        return []
    return raw


def _as_mapping(raw: object, key: str, path: str, lines: dict, problems: Problems) -> dict:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.error(path, lines.get((key,), 1), f"{key} should be a set of 'key:' entries")
        return {}
    return raw
