"""The date range a report covers: the presets managers pick, or any two dates.

The default is the last full calendar month. The financial year starts on 1 April. Dates are
London calendar days and both ends are included.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portal import dates
from portal.timezone import LONDON

PRESETS = {
    "last-month": "Last month",
    "this-month": "This month so far",
    "financial-year": "This financial year so far (from 1 April)",
    "custom": "Between two dates",
}
FINANCIAL_YEAR_STARTS = 4  # April
LONGEST = dt.timedelta(days=366 * 5)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    preset: str = "custom"

    @property
    def label(self) -> str:
        return f"{dates.long_date(self.start)} to {dates.long_date(self.end)}"

    @property
    def ends_at(self) -> dt.datetime:
        """The first moment after the last day in London: "at the end of the range". In UTC, as
        times are stored (SQLite compares them as text, so the zone must match)."""
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(), LONDON).astimezone(dt.UTC)

    def a_year_earlier(self) -> Period:
        return Period(_year_before(self.start), _year_before(self.end), self.preset)


class PeriodError(ValueError):
    """A date range that cannot be reported on; ``field`` says which box to fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The first of the month ``months`` after (or before) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def preset_period(preset: str, today: dt.date) -> Period:
    if preset == "this-month":
        return Period(month_start(today), today, preset)
    if preset == "financial-year":
        year = today.year if today.month >= FINANCIAL_YEAR_STARTS else today.year - 1
        return Period(dt.date(year, FINANCIAL_YEAR_STARTS, 1), today, preset)
    first = add_months(today, -1)
    return Period(first, month_start(today) - dt.timedelta(days=1), "last-month")


def parse_date(value: str, field: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise PeriodError(field, f"Enter the {what} as a real date, like 2026-04-01") from None


def read_period(preset: str | None, start: str | None, end: str | None, today: dt.date) -> Period:
    """The period asked for; PeriodError names the box and the fix for dates that make no sense."""
    preset = preset or ("custom" if start or end else "last-month")
    if preset not in PRESETS:
        preset = "last-month"
    if preset != "custom":
        return preset_period(preset, today)
    if not (start or "").strip():
        raise PeriodError("from", "Enter the first day of the period")
    if not (end or "").strip():
        raise PeriodError("to", "Enter the last day of the period")
    first, last = parse_date(start, "from", "first day"), parse_date(end, "to", "last day")
    if last < first:
        raise PeriodError("to", "The last day must be the same as or after the first day")
    if last - first > LONGEST:
        raise PeriodError("from", "The period must be 5 years or shorter")
    return Period(first, last, "custom")
