"""Parsers for form files that ``portal.schema`` does not have; their messages read on from the key's name."""

from __future__ import annotations

import difflib
import math
import re
from typing import Any

from portal import schema as s
from portal.forms.types import ALIASES, FIELD_TYPES


def whole_number(low: int, high: int) -> s.Parser:
    def parse(raw: Any) -> int:
        value = s.text()(raw)
        if not re.fullmatch(r"[0-9]+", value) or not low <= int(value) <= high:
            raise ValueError(f"should be a whole number from {low} to {high}; found '{value}'")
        return int(value)

    return parse


def number() -> s.Parser:
    def parse(raw: Any) -> float:
        value = s.text()(raw)
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            raise ValueError(f"should be a number, like 0 or 2.5; found '{value}'")
        return number

    return parse


def true_or_false() -> s.Parser:
    def parse(raw: Any) -> bool:
        value = s.text()(raw).lower()
        if value not in ("true", "false"):
            raise ValueError(f"should be true or false; found '{value}'")
        return value == "true"

    return parse


def field_name() -> s.Parser:
    def parse(raw: Any) -> str:
        value = s.text()(raw)
        if not re.fullmatch(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*", value):
            raise ValueError(f"'{value}' should be lowercase words joined by underscores, like 'nearest_landmark'")
        return value

    return parse


def field_type() -> s.Parser:
    def parse(raw: Any) -> str:
        value = s.text()(raw)
        if value in FIELD_TYPES:
            return value
        close = ALIASES.get(value.lower()) or next(iter(difflib.get_close_matches(value, FIELD_TYPES, 1)), None)
        hint = f"; did you mean '{close}'?" if close else ""
        raise ValueError(f"'{value}' should be one of: {', '.join(FIELD_TYPES)}{hint}")

    return parse


def raw() -> s.Parser:
    return lambda raw: raw
