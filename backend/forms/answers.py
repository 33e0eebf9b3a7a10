"""A resident's answer as people read it: choice labels, dates in words, a location's coordinates.

Check your answers, the staff case page and anything else that shows answers use this one function.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from portal import dates
from portal.forms import FieldSpec


def display_answer(field: FieldSpec, value: Any, photo_count: int = 0) -> str:
    if field.type == "photo":
        return f"{photo_count} photo{'s' if photo_count != 1 else ''}" if photo_count else "None"
    if value in (None, "", [], {}):
        return "Not given"
    labels = {c.value: c.label for c in field.choices}
    if field.type in ("radios", "select"):
        return labels.get(value, str(value))
    if field.type == "checkboxes":
        return ", ".join(labels.get(v, str(v)) for v in value)
    if field.type == "date":
        try:
            return dates.long_date(dt.date.fromisoformat(value))
        except (TypeError, ValueError):
            return str(value)
    if field.type == "location" and isinstance(value, dict):
        where = value.get("description") or ""
        if value.get("latitude") and value.get("longitude"):
            where += f" (latitude {value['latitude']}, longitude {value['longitude']})"
        return where or "Not given"
    return str(value)
