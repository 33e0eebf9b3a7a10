"""Working days: the date a resident is told to expect a reply by."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.workdays import add_working_days

D = dt.date
# England and Wales bank holidays, from GOV.UK.
BANK_HOLIDAYS = frozenset({
    D(2026, 1, 1), D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 4), D(2026, 5, 25), D(2026, 8, 31),
    D(2026, 12, 25), D(2026, 12, 28),
    D(2027, 1, 1), D(2027, 3, 26), D(2027, 3, 29), D(2027, 5, 3), D(2027, 5, 31), D(2027, 8, 30),
    D(2027, 12, 27), D(2027, 12, 28),
})


@pytest.mark.parametrize(("start", "days", "due"), [
    (D(2026, 11, 27), 1, D(2026, 11, 30)),   # Friday: due Monday
    (D(2026, 11, 28), 1, D(2026, 11, 30)),   # Saturday: due Monday
    (D(2026, 11, 30), 1, D(2026, 12, 1)),    # Monday: due Tuesday
    (D(2026, 8, 31), 1, D(2026, 9, 1)),      # bank holiday Monday: due Tuesday
    (D(2026, 8, 28), 1, D(2026, 9, 1)),      # Friday before a bank holiday: due Tuesday
    (D(2026, 11, 25), 5, D(2026, 12, 2)),    # a working week
    (D(2026, 11, 25), 0, D(2026, 11, 25)),
])
def test_due_dates(start: dt.date, days: int, due: dt.date) -> None:
    assert add_working_days(start, days, BANK_HOLIDAYS) == due


def test_christmas_and_new_year_are_skipped() -> None:
    # Christmas Day is a Friday and Boxing Day's holiday moves to Monday 28 December.
    assert add_working_days(D(2026, 12, 24), 1, BANK_HOLIDAYS) == D(2026, 12, 29)
    assert add_working_days(D(2026, 12, 23), 2, BANK_HOLIDAYS) == D(2026, 12, 29)
    # New Year's Day is a Friday.
    assert add_working_days(D(2026, 12, 31), 1, BANK_HOLIDAYS) == D(2027, 1, 4)


def test_complaint_made_on_21_december_gets_a_reply_by_7_january() -> None:
    # 22, 23, 24, 29, 30, 31 December and 4, 5, 6, 7 January.
    assert add_working_days(D(2026, 12, 21), 10, BANK_HOLIDAYS) == D(2027, 1, 7)


def test_without_the_bank_holidays_the_date_would_be_wrong() -> None:
    assert add_working_days(D(2026, 12, 21), 10, frozenset()) == D(2027, 1, 4)


def test_negative_days_are_refused() -> None:
    with pytest.raises(ValueError, match="0 or more"):
        add_working_days(D(2026, 12, 21), -1, BANK_HOLIDAYS)
