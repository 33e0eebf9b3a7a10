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
from portal.yamlsource import load_yaml


@dataclass(frozen=True)
class Colours:
    brand: str
    link: str
    focus: str


@dataclass(frozen=True)
class Alert:
    message: str
    url: str | None = None


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    line: int = 0


@dataclass(frozen=True)
class Category:
    slug: str
    title: str
    summary: str

    @property
    def url(self) -> str:
        return f"/category/{self.slug}/"


@dataclass(frozen=True)
class Contact:
    key: str
    name: str
    phone: str
    email: str
    address: str
    hours: str
    textphone: str | None = None

    @property
    def phone_link(self) -> str:
        return "tel:+44" + self.phone.replace(" ", "")[1:]


@dataclass(frozen=True)
class SiteConfig:
    council_name: str
    short_name: str
    base_url: str
    language: str
    logo: str
    logo_alt: str
    colours: Colours
    top_tasks: tuple[Link, ...]
    categories: dict[str, Category]
    contacts: dict[str, Contact]
    telephone_table: tuple[str, ...]
    bank_holidays: frozenset[dt.date]
    alert: Alert | None = None
    # Pounds per contact by channel ("web", "phone", "face-to-face", ...), for the performance reports.
    contact_costs: dict[str, Decimal] = field(default_factory=dict)
    path: str = "content/site.yaml"
    lines: dict = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, *key: object) -> int:
        return self.lines.get(key, 1)


_TOP = [
    s.Field("council_name", s.text(80), "Kestrelford Borough Council"),
    s.Field("short_name", s.text(40), "Kestrelford"),
    s.Field("base_url", s.text(), "https://www.example.gov.uk"),
    s.Field("language", s.text(10), "en-GB"),
    s.Field("logo", s.text(), "images/logo.svg"),
    s.Field("logo_alt", s.text(120), "Kestrelford Borough Council"),
    s.Field("colours", lambda raw: raw, "(a list of brand, link and focus colours)"),
    s.Field("alert", lambda raw: raw, "(message and url)", required=False),
    s.Field("top_tasks", lambda raw: raw, "(a list of title and url)"),
    s.Field("categories", lambda raw: raw, "(category slugs with title and summary)"),
    s.Field("contacts", lambda raw: raw, "(contact keys with name, phone, email...)"),
    s.Field("telephone_table", s.text_list(), "[general, waste]"),
    s.Field("bank_holidays", s.text_list(), "[2026-12-25, 2026-12-28]", required=False),
    s.Field("contact_costs", lambda raw: raw, "(pounds per contact by channel: web: 0.08, phone: 3.39)",
            required=False),
]
_COLOURS = [
    s.Field("brand", s.colour(), '"#0b4f6c"'),
    s.Field("link", s.colour(), '"#1d5aa6"'),
    s.Field("focus", s.colour(), '"#ffbf47"'),
]
_ALERT = [
    s.Field("message", s.text(200), "Bin collections are delayed by snow."),
    s.Field("url", s.site_path(), "/services/bin-collection-days/", required=False),
]
_LINK = [
    s.Field("title", s.text(60), "Pay your council tax"),
    s.Field("url", s.site_path(), "/services/pay-council-tax/"),
]
_CATEGORY = [
    s.Field("title", s.text(60), "Bins and recycling"),
    s.Field("summary", s.text(160), "Collection days, missed bins and recycling."),
]
_CONTACT = [
    s.Field("name", s.text(100), "Waste and recycling team"),
    s.Field("phone", s.phone(), '"0116 496 0123"'),
    s.Field("textphone", s.text(40), '"18001 0116 496 0123"', required=False),
    s.Field("email", s.email(), "waste@example.gov.uk"),
    s.Field("address", s.text(200), "Town Hall, Market Square, KF1 1AA"),
    s.Field("hours", s.text(120), "Monday to Friday, 9am to 5pm"),
]


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
    _check_contrast(colours, shown, lines, problems)
    if problems.errors:
        raise SiteConfigError(problems)
    return SiteConfig(
        council_name=top["council_name"],
        short_name=top["short_name"],
        base_url=top["base_url"].rstrip("/"),
        language=top["language"],
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
