"""Working days counted in SQL, by arithmetic on each date: no calendar table, no join.

The working-day ordinal of a day is how many working days (Monday to Friday, not a bank holiday in
site.yaml) there are from Monday 1 January 1900 up to and including it; so the working days from
``a`` to ``b`` are ``ordinal(b) - ordinal(a)``, counted from the next working day after ``a``, just
as ``portal.workdays.add_working_days`` counts to a due date. Weekdays come from whole weeks and
the day of the week; bank holidays on weekdays are subtracted by a CASE over the (few) holidays.
The same expression runs on SQLite and PostgreSQL, so every case is counted where it lies.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection

from sqlalchemy import Date, Integer, case, cast, func, literal, literal_column, text, type_coerce
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement, Grouping

EPOCH = dt.date(1900, 1, 1)  # a Monday
_SATURDAY = 5


def _day_number(dialect: str, column: ColumnElement) -> ColumnElement[int]:
    if dialect == "postgresql":
        return type_coerce(column - literal_column(f"DATE '{EPOCH.isoformat()}'"), Integer)  # date - date: days
    # SQLite keeps dates as ISO text; julianday() of two dates differs by a whole number of days.
    return cast(func.julianday(column) - func.julianday(literal(EPOCH.isoformat())), Integer)


def working_day_ordinal(dialect: str, column: ColumnElement, holidays: Collection[dt.date]) -> ColumnElement[int]:
    """SQL for the working-day ordinal of the date in ``column`` (NULL stays NULL)."""
    n = _day_number(dialect, column)
    weekdays = 5 * (n // 7) + case((n % 7 >= _SATURDAY - 1, 5), else_=n % 7 + 1)
    on_weekdays = sorted(h for h in holidays if h.weekday() < _SATURDAY and h >= EPOCH)
    if not on_weekdays:
        return weekdays
    # Compared as dates (ISO text on SQLite), not as day numbers worked out again for each holiday.
    passed = case(*((column >= literal(h, Date), count) for count, h in reversed(list(enumerate(on_weekdays, 1)))),
                  else_=0)
    return weekdays - passed


def _python_ordinal(day: dt.date, on_weekdays: list[dt.date]) -> int:
    """:func:`working_day_ordinal` worked out in Python, for one day."""
    n = (day - EPOCH).days
    return 5 * (n // 7) + (5 if n % 7 >= _SATURDAY - 1 else n % 7 + 1) - sum(1 for h in on_weekdays if day >= h)


@functools.lru_cache(maxsize=64)
def _ordinals(first: dt.date, days: int, on_weekdays: tuple[dt.date, ...]) -> list[int]:
    """The working-day ordinals of ``days`` days from ``first`` (worked out once for each page's window)."""
    return [_python_ordinal(first + dt.timedelta(days=i), list(on_weekdays)) for i in range(days)]


def _looked_up(column: ColumnElement, holidays: Collection[dt.date],
               between: tuple[dt.date, dt.date]) -> ColumnElement[int]:
    """PostgreSQL: the ordinal read from an array of the ordinals of every day ``between`` (a few
    hundred numbers, sent once), one subtraction and one subscript a row rather than a dozen sums
    and comparisons; a day outside (none should be) falls back to the arithmetic."""
    on_weekdays = tuple(sorted(h for h in holidays if h.weekday() < _SATURDAY and h >= EPOCH))
    days = (between[1] - between[0]).days + 1
    table = type_coerce(Grouping(literal(_ordinals(between[0], days, on_weekdays), ARRAY(Integer))), ARRAY(Integer))
    index = type_coerce(column - literal_column(f"DATE '{between[0].isoformat()}'"), Integer) + 1
    return func.coalesce(table[index], working_day_ordinal("postgresql", column, holidays))


def working_days(dialect: str, start: ColumnElement, end: ColumnElement, holidays: Collection[dt.date],
                 between: tuple[dt.date, dt.date] | None = None) -> ColumnElement[int]:
    """SQL for the working days from ``start`` to ``end`` (NULL when either is NULL). When both
    dates are known to lie ``between`` two days, only the holidays in there can count, and the
    others are left out of the SQL (a shorter CASE for every row)."""
    if between:
        holidays = [h for h in holidays if between[0] <= h <= between[1]]
        if dialect == "postgresql":
            return _looked_up(end, holidays, between) - _looked_up(start, holidays, between)
    return working_day_ordinal(dialect, end, holidays) - working_day_ordinal(dialect, start, holidays)


def prepare(session: Session) -> None:
    """Settings for report queries, for the rest of the transaction. PostgreSQL's JIT compiler
    spends seconds compiling these short aggregations that then run in milliseconds: turn it off.
    Give the grouping room to hash in memory: the planner cannot know how few groups computed
    columns (a department at a date, working days) make, guesses hundreds of thousands, and would
    otherwise sort half a million cases on disk to add up the thousand or so groups there are."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL jit = off"))
        session.execute(text("SET LOCAL work_mem = '64MB'"))
        session.execute(text("SET LOCAL hash_mem_multiplier = 16"))
        session.execute(text("SET LOCAL DateStyle = 'ISO, YMD'"))  # a time as text: 2026-08-25 10:00:00
