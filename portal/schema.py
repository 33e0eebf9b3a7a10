"""A small typed schema for editors' YAML: each field names its parser and an example.

Parsers take the raw text and return a typed value or raise ``ValueError`` with a message that
reads on from the field's name, so problems come out as
``content/services/pothole.md:4: summary is 212 characters; the limit is 160``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from portal.email_address import is_email
from portal.errors import Problems
from portal.slugs import is_slug
from portal.yamlsource import KeyPath, Lines

Parser = Callable[[Any], Any]


@dataclass(frozen=True)
class Field:
    """One allowed key: how to read it, whether it must be there, and an example value."""

    name: str
    parse: Parser
    example: str
    required: bool = True


_SCHEMA = "schema"


def key(parse: Parser, example: str, *, required: bool = True, default: Any = dataclasses.MISSING,
        default_factory: Any = dataclasses.MISSING) -> Any:
    """A dataclass field that is also a YAML key: the class declares the key's name (the field's),
    its parser, an example for messages and whether it is required, once.

    ``default`` (or ``default_factory``) is the field's value where the class is made in code, not
    from YAML; a missing optional key reads as None.
    """
    return dataclasses.field(default=default, default_factory=default_factory,
                             metadata={_SCHEMA: (parse, example, required)})


def keys_of(cls: type, *extra: Field) -> list[Field]:
    """The YAML keys a dataclass declares with ``key()``, in declaration order, then ``extra``
    (keys the reader handles itself, such as nested lists)."""
    found = []
    for f in dataclasses.fields(cls):
        if _SCHEMA in f.metadata:
            parse, example, required = f.metadata[_SCHEMA]
            found.append(Field(f.name, parse, example, required))
    return [*found, *extra]


def check_fields(
    data: Any,
    fields: Sequence[Field],
    *,
    path: str,
    lines: Lines,
    problems: Problems,
    at: KeyPath = (),
    what: str = "",
) -> dict[str, Any]:
    """Validate ``data`` (a mapping) against ``fields``; return the parsed values.

    Missing optional fields come back as None. Every problem is added to ``problems``; the
    result then holds None for the bad field so that checking can go on and report them all.
    """
    where = lines.get(at, 1)
    label = f"{what} " if what else ""
    if not isinstance(data, dict):
        problems.error(path, where, f"{label}should be a list of 'key: value' lines")
        return {f.name: None for f in fields}
    known = {f.name: f for f in fields}
    for name in data:
        if name not in known:
            hint = difflib.get_close_matches(name, known, n=1)
            fix = f"did you mean '{hint[0]}'?" if hint else "allowed keys: " + ", ".join(known)
            problems.error(path, lines.get((*at, name), where), f"unknown key '{name}'; {fix}")
    values: dict[str, Any] = {}
    for f in fields:
        raw = data.get(f.name)
        if raw is None or raw in ("", []):
            values[f.name] = None
            if f.required:
                problems.error(
                    path,
                    lines.get((*at, f.name), where),
                    f"{label}{f.name} is missing; add a line like '{f.name}: {f.example}'",
                )
            continue
        try:
            values[f.name] = f.parse(raw)
        except ValueError as exc:
            values[f.name] = None
            problems.error(path, lines.get((*at, f.name), where), f"{f.name} {exc}")
    return values


def text(max_length: int | None = None, *, multiline: bool = False) -> Parser:
    """Plain text, optionally limited in length and to one line."""

    def parse(raw: Any) -> str:
        if not isinstance(raw, str):
            raise ValueError("should be plain text, not a list or a set of keys")
        value = raw.strip()
        if not multiline and "\n" in value:
            raise ValueError("should be on one line")
        if max_length is not None and len(value) > max_length:
            raise ValueError(f"is {len(value)} characters; the limit is {max_length}")
        return value

    return parse


def date() -> Parser:
    def parse(raw: Any) -> dt.date:
        try:
            return dt.date.fromisoformat(str(raw).strip())
        except ValueError:
            raise ValueError(
                f"should be a date written YYYY-MM-DD, for example 2027-03-31; found '{raw}'"
            ) from None

    return parse


def text_list(max_items: int | None = None) -> Parser:
    """A YAML list of short texts, or one comma-separated line."""

    def parse(raw: Any) -> list[str]:
        items = raw.split(",") if isinstance(raw, str) else raw
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise ValueError("should be a list, for example [bins, rubbish]")
        values = [i.strip() for i in items if i.strip()]
        if max_items is not None and len(values) > max_items:
            raise ValueError(f"has {len(values)} entries; the limit is {max_items}")
        return values

    return parse


def slug() -> Parser:
    def parse(raw: Any) -> str:
        value = text()(raw)
        if not is_slug(value):
            raise ValueError(
                f"'{value}' should be lowercase words joined by hyphens, like 'report-a-pothole'"
            )
        return value

    return parse


def site_path() -> Parser:
    """A path on this site, such as /services/council-tax/."""

    def parse(raw: Any) -> str:
        value = text()(raw)
        if not value.startswith("/") or value.startswith("//"):
            raise ValueError(f"'{value}' should be a path on this site starting with /, like /contact/")
        return value

    return parse


_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def colour() -> Parser:
    def parse(raw: Any) -> str:
        value = text()(raw)
        if not _COLOUR.match(value):
            raise ValueError(f"'{value}' should be a colour written #rrggbb, like #0b4f6c")
        return value.lower()

    return parse


_TIME = r"([01]\d|2[0-3]):[0-5]\d"
_TIME_RANGE = re.compile(rf"^(?P<start>{_TIME})(?:\s+to\s+(?P<end>{_TIME}))?$")


def time_range() -> Parser:
    """'10:00' or '10:00 to 16:00', 24-hour clock."""

    def parse(raw: Any) -> tuple[dt.time, dt.time | None]:
        value = text()(raw)
        match = _TIME_RANGE.match(value)
        if not match:
            raise ValueError(
                f"should be a 24-hour time or range in quotes, like \"10:00\" or "
                f"\"10:00 to 16:00\"; found '{value}'"
            )
        start = dt.time.fromisoformat(match["start"])
        end = dt.time.fromisoformat(match["end"]) if match["end"] else None
        if end is not None and end <= start:
            raise ValueError(f"ends at {match['end']}, before it starts at {match['start']}")
        return start, end

    return parse


def choice(options: Sequence[str]) -> Parser:
    def parse(raw: Any) -> str:
        value = text()(raw)
        if value not in options:
            raise ValueError(f"'{value}' should be one of: {', '.join(options)}")
        return value

    return parse


def matching(pattern: str, fix: str) -> Parser:
    """Text that matches ``pattern``; ``fix`` says what is wanted, with {value} for what was found."""
    compiled = re.compile(pattern)

    def parse(raw: Any) -> str:
        value = text()(raw)
        if not compiled.match(value):
            raise ValueError(fix.format(value=value))
        return value

    return parse


def email() -> Parser:
    """An email address, by the same rule as residents' answers (``portal.email_address``)."""

    def parse(raw: Any) -> str:
        value = text()(raw)
        if not is_email(value):
            raise ValueError(f"'{value}' is not an email address")
        return value

    return parse


def phone() -> Parser:
    return matching(r"^[0-9 ]{6,20}$", "'{value}' should be digits and spaces, like \"0116 496 0000\" (in quotes)")
