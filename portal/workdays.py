"""Working days, for the date by which the council promises to respond to a report or request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

_SATURDAY = 5


def is_working_day(day: dt.date, holidays: Collection[dt.date]) -> bool:
    """Monday to Friday, and not a bank holiday."""
    return day.weekday() < _SATURDAY and day not in holidays


def add_working_days(start: dt.date, days: int, holidays: Collection[dt.date]) -> dt.date:
    """The date ``days`` working days after ``start``.

    Counting starts on the next working day after ``start``, whatever ``start`` is: a report
    made on a Friday with 1 working day is due on Monday, and one made on a bank holiday Monday
    is due on Tuesday. ``days`` of 0 gives ``start`` itself.
    """
    if days < 0:
        raise ValueError(f"days should be 0 or more, not {days}")
    day = start
    remaining = days
    while remaining:
        day += dt.timedelta(days=1)
        if is_working_day(day, holidays):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date, holidays: Collection[dt.date]) -> int:
    """How many working days from ``start`` to ``end``, counted as ``add_working_days`` counts:
    from the next working day after ``start``, up to and including ``end`` (0 if ``end`` is not later)."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_working_day(day, holidays)
    return count
