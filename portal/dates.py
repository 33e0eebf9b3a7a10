"""Dates as residents read them ("5 December 2026") and times ("10am", "4:30pm")."""

from __future__ import annotations

import datetime as dt

from portal.timezone import LONDON


def long_date(value: dt.date | None) -> str:
    """GOV.UK style: 5 December 2026."""
    return f"{value.day} {value:%B %Y}" if value else ""


def short_time(value: dt.time | None) -> str:
    """GOV.UK style: 10am, 4:30pm, midday."""
    if value is None:
        return ""
    if value.hour == 12 and value.minute == 0:
        return "midday"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def time_range(value: tuple[dt.time, dt.time | None] | None) -> str:
    """'10am to 4pm', or just '10am'."""
    if not value:
        return ""
    start, end = value
    return f"{short_time(start)} to {short_time(end)}" if end else short_time(start)


def long_moment(value: dt.datetime) -> str:
    """A stored moment as London reads it: "3 March 2026, 2:05pm" (a naive time is taken as UTC,
    as SQLite hands timezone columns back)."""
    local = (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(LONDON)
    return f"{long_date(local.date())}, {short_time(local.time())}"
