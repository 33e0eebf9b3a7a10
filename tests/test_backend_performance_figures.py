"""The performance figures, worked out by hand for the August 2026 cases in performance_cases,
on SQLite and PostgreSQL: counted straight from the cases, and read from the daily roll-up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from freezegun import freeze_time
from performance_cases import AUGUST, FEEDBACK, HIGHWAYS, TODAY, WASTE, august

from backend.council import forms_of, site_config
from backend.performance.figures import compute
from backend.performance.period import Period
from backend.storage.db import db


@pytest.fixture(autouse=True, params=["direct", "rollup"])
def way(request: pytest.FixtureRequest) -> str:
    return request.param


def figures(app, department, period=AUGUST, today=TODAY, costs=None):
    """The figures as the page has them; with the roll-up built first (days and months) when the
    test runs the "rollup" way, so that they are read from it."""
    site = site_config(app)
    rolled_up = app.extensions.get("test_way") == "rollup"
    with freeze_time(today):
        if rolled_up:
            assert app.test_cli_runner().invoke(args=["report", "rollup"]).exit_code == 0
        return compute(db.session, Period(*period), department, forms_of(app), site.bank_holidays,
                       site.contact_costs if costs is None else costs, use_rollup=rolled_up)


@pytest.fixture(autouse=True)
def _the_way(app, way: str) -> None:
    app.extensions["test_way"] = way


def test_a_departments_month_adds_up_as_worked_out_by_hand(app) -> None:
    august(app)
    f = figures(app, HIGHWAYS)
    t = f.timeliness
    # A, B, C, D, and E (moved in from Waste during August); D counts here though it left in September.
    assert f.received == 5 and f.reassigned == 2
    assert f.by_channel == {"web": 3, "phone": 2, "face-to-face": 0, "api": 0}
    assert f.web_share == 0.6
    assert (t.within, t.missed, t.pending, t.within_share) == (3, 2, 0, 0.6)
    assert (t.median_response, t.p90_response) == (2, 6)  # 1, 2, 5, 6 working days
    assert (t.median_closing, t.p90_closing) == (2, 7)  # E in 2, A in 7; B was reopened
    assert (f.open_now, f.overdue_now) == (3, 3)  # B, C, D
    assert f.oldest_open.reference and f.oldest_open.received_on == dt.date(2026, 8, 3)
    assert f.oldest_open.working_days_open == 30
    assert f.departments is None and f.complaints[0].timeliness.received == 0
    assert f.cost.actual == Decimal("7.02")  # 3 x 0.08 + 2 x 3.39
    assert f.cost.at_last_year_mix == Decimal("34.80")  # 5 contacts, half by phone, half face to face


def test_every_department_complaints_and_the_committee_table(app) -> None:
    august(app)
    f = figures(app, None)
    assert f.received == 7 and f.by_channel == {"web": 4, "phone": 2, "face-to-face": 1, "api": 0}
    rows = {r.department: r for r in f.departments}
    assert list(rows) == [FEEDBACK, HIGHWAYS]  # nothing was with Waste at the end of August
    assert (rows[FEEDBACK].timeliness.received, rows[FEEDBACK].timeliness.within,
            rows[FEEDBACK].timeliness.median_response, rows[FEEDBACK].overdue_now) == (2, 1, 9, 0)
    assert (rows[HIGHWAYS].timeliness.within_share, rows[HIGHWAYS].overdue_now) == (0.6, 3)
    complaint = f.complaints[0]
    assert complaint.title == "Comments, compliments and complaints" and complaint.target_days == 10
    t = complaint.timeliness
    assert (t.received, t.within, t.missed, t.median_response, t.median_closing) == (2, 1, 1, 9, 9)
    assert complaint.outcomes == [("Resolved", 1), ("Closed, not fixed", 1)]
    assert f.cost.actual == Decimal("17.63")
    # 13 months to August 2026: the year-earlier pair, July's case, and August's seven.
    assert [m.month for m in f.months][::12] == [dt.date(2025, 8, 1), dt.date(2026, 8, 1)]
    assert [m.total for m in f.months] == [2, *[0] * 10, 1, 7]
    assert f.months[-1].web_share == 4 / 7 and f.months[0].web_share == 0


def test_a_case_counts_where_it_was_at_the_end_of_the_period(app) -> None:
    august(app)
    assert figures(app, WASTE).received == 0  # E left in August; D arrived in September
    september = (dt.date(2026, 8, 1), dt.date(2026, 9, 30))
    assert figures(app, WASTE, september).received == 1  # D, which Waste held on 30 September


def test_a_period_without_cases_has_no_shares_rather_than_a_division_by_zero(app) -> None:
    august(app)
    f = figures(app, HIGHWAYS, (dt.date(2026, 2, 1), dt.date(2026, 2, 28)))
    t = f.timeliness
    assert (f.received, f.web_share, t.within_share, t.median_response, f.oldest_open) == (0, None, None, None, None)
    assert f.cost.actual == 0 and f.cost.at_last_year_mix is None


def test_a_case_not_yet_due_and_not_answered_is_pending_not_missed(app) -> None:
    cases = august(app)
    f = figures(app, HIGHWAYS, today="2026-09-03 12:00:00", costs={})  # C is due on 7 September
    assert (f.timeliness.within, f.timeliness.missed, f.timeliness.pending) == (3, 1, 1)
    assert f.cost is None and cases["C"].first_response_at is None


def test_the_end_of_the_period_is_midnight_in_london_not_utc(app) -> None:
    from performance_cases import act, receive

    case = receive(app, "report-a-missed-bin", "2026-08-10 09:00:00")
    act(case, "2026-08-31 23:30:00", department=HIGHWAYS)  # 00:30 on 1 September in London: after August
    assert figures(app, WASTE).received == 1 and figures(app, HIGHWAYS).received == 0


def test_a_channel_added_later_is_counted_and_named(app) -> None:
    from performance_cases import receive

    from backend.performance.figures import channel_name

    receive(app, "report-a-pothole", "2026-08-10 09:00:00", "api")  # Open311 (issue 12) names its channel
    receive(app, "report-a-pothole", "2026-08-11 09:00:00", "post-box")  # one a later feature adds unnamed
    f = figures(app, HIGHWAYS)
    assert f.by_channel == {"web": 0, "phone": 0, "face-to-face": 0, "api": 1, "post-box": 1} and f.web_share == 0
    assert channel_name("api") == "Through another system (Open311)" and channel_name("post-box") == "Post box"
    assert f.months[-1].counts == {"api": 1, "post-box": 1}
