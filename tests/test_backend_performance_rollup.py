"""The daily roll-up gives exactly the figures of the direct count, on SQLite and PostgreSQL: for
case histories with department moves (during and after the period), reopened cases, bank
holidays, the nights the clocks change, demo data, and changes made after the roll-up was built.

Each comparison builds the roll-up first (days, and whole months), checks the period's settled
days really are read from it, then compares every figure of the page (``Figures``) from the
roll-up with the same figures counted straight from the cases.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from freezegun import freeze_time
from performance_cases import AUGUST, FEEDBACK, HIGHWAYS, TODAY, WASTE, act, august, receive
from sqlalchemy import func, select

from backend.council import forms_of, site_config
from backend.performance import definitions, rollup, rollup_months
from backend.performance.figures import Figures, compute, days_read
from backend.performance.period import Period
from backend.storage.db import db

DEPARTMENTS = (None, HIGHWAYS, WASTE, FEEDBACK)


def build(app, today: str = TODAY) -> None:
    """What `flask report rollup` does: every settled day, then every whole month."""
    with freeze_time(today):
        result = app.test_cli_runner().invoke(args=["report", "rollup"])
    assert result.exit_code == 0, result.output


def both_ways(app, period: tuple[dt.date, dt.date], department: str | None, today: str = TODAY,
              holidays: list[dt.date] | None = None) -> tuple[Figures, Figures]:
    site = site_config(app)
    holidays = site.bank_holidays if holidays is None else holidays
    chosen = Period(*period)
    with freeze_time(today):
        found = [compute(db.session, chosen, department, forms_of(app), holidays, site.contact_costs,
                         use_rollup=use) for use in (True, False)]
    db.session.rollback()
    return found[0], found[1]


def settled_days(period: tuple[dt.date, dt.date], today: str) -> set[dt.date]:
    """The period's days the roll-up stands for once built: settled, and from the first case on."""
    from backend.storage.models import Report

    first = max(period[0], rollup.as_date(db.session.scalar(select(func.min(Report.received_on)))))
    last = min(period[1], rollup.settled_before(dt.date.fromisoformat(today[:10])) - dt.timedelta(days=1))
    return {first + dt.timedelta(days=i) for i in range((last - first).days + 1)}


def assert_same(app, periods, today: str = TODAY, departments=DEPARTMENTS) -> None:
    day = dt.date.fromisoformat(today[:10])
    for period in periods:
        assert rollup.fresh_days(db.session, *period, day) == settled_days(period, today), period
        for department in departments:
            fast, direct = both_ways(app, period, department, today)
            a, b = dataclasses.asdict(fast), dataclasses.asdict(direct)
            assert a == b, repr((period, department, [(k, a[k], b[k]) for k in a if a[k] != b[k]]))


def test_the_worked_august_cases_add_up_the_same_from_the_roll_up(app) -> None:
    cases = august(app)
    # More history: a case received on the bank holiday and answered the next day; one received
    # on a Sunday; one passed on twice (to Highways in August, to Customer feedback in September).
    holiday = receive(app, "report-a-pothole", "2026-08-31 09:00:00", "phone")
    act(holiday, "2026-09-01 09:00:00", status="in-progress")
    receive(app, "report-a-missed-bin", "2026-08-16 09:00:00")
    twice = receive(app, "report-a-missed-bin", "2026-08-12 09:00:00")
    act(twice, "2026-08-20 09:00:00", department=HIGHWAYS)
    act(twice, "2026-09-05 09:00:00", department=FEEDBACK)
    build(app)
    july_and_august = (dt.date(2026, 7, 1), dt.date(2026, 8, 31))
    with freeze_time(TODAY):
        whole = rollup_months.whole_months(*july_and_august, rollup.fresh_days(db.session, *july_and_august,
                                                                                 definitions.today()))
        holidays = site_config(app).bank_holidays
        assert rollup_months.built(db.session, whole, holidays) == [
            dt.date(2026, 7, 1), dt.date(2026, 8, 1)]  # two whole months read from month rows
        # Every case of both is past its due date (7 September at the latest): counts from month rows too.
        assert rollup_months.built(db.session, whole, holidays, due_before=definitions.today()) == whole
    assert_same(app, [AUGUST, july_and_august, (dt.date(2026, 8, 31), dt.date(2026, 8, 31)),
                      (dt.date(2026, 8, 1), dt.date(2026, 9, 30)), (dt.date(2025, 8, 1), dt.date(2026, 9, 15))])
    # As worked out by hand, from the roll-up: D (moved to Waste after August) still counts in
    # Highways for August, and so do the bank holiday's case and the twice-moved one (there on 31 August).
    fast, _ = both_ways(app, AUGUST, HIGHWAYS)
    assert fast.received == 5 + 2 and fast.reassigned == 3 and cases["B"].status == "in-progress"
    assert both_ways(app, AUGUST, FEEDBACK)[0].received == 2


def test_the_nights_the_clocks_change_add_up_the_same(app) -> None:
    # Spring: 23:30 UTC on 28 March is 23:30 in London; 23:30 UTC on 29 March is 00:30 on the 30th.
    spring = [receive(app, "report-a-pothole", moment) for moment in
              ("2026-03-28 23:30:00", "2026-03-29 00:30:00", "2026-03-29 23:30:00")]
    act(spring[0], "2026-03-29 23:30:00", reply=True)  # answered on Monday 30 March, London time
    act(spring[1], "2026-04-02 22:59:00", status="resolved")  # 23:59 on Thursday 2 April
    # Autumn: 23:30 UTC on 24 October is 00:30 on the 25th (summer time); 23:30 UTC on the 25th is
    # 23:30 (winter time). A move at 23:30 UTC on 31 October is still October in London.
    autumn = [receive(app, "report-a-missed-bin", moment) for moment in
              ("2026-10-24 23:30:00", "2026-10-25 00:30:00", "2026-10-25 23:30:00")]
    act(autumn[0], "2026-10-26 00:30:00", status="in-progress")
    act(autumn[1], "2026-10-31 23:30:00", department=HIGHWAYS)
    act(autumn[2], "2026-11-01 00:30:00", department=HIGHWAYS)  # November in London
    act(autumn[2], "2026-11-02 09:00:00", status="resolved")
    act(autumn[2], "2026-11-03 09:00:00", status="in-progress")  # reopened
    today = "2026-11-20 12:00:00"
    build(app, today)
    october = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert_same(app, [october, (dt.date(2026, 10, 25), dt.date(2026, 10, 25)), (dt.date(2026, 3, 28),
                      dt.date(2026, 3, 30)), (dt.date(2026, 3, 1), dt.date(2026, 11, 20)),
                      (dt.date(2025, 11, 20), dt.date(2026, 11, 20))], today)
    fast, _ = both_ways(app, october, WASTE, today)
    assert fast.received == 2 and fast.open_now == 2  # the 25th twice; one moved in October has gone
    assert both_ways(app, october, HIGHWAYS, today)[0].received == 1


def test_a_change_after_the_build_is_counted_at_once_and_built_again_by_the_page(app, client) -> None:
    from staff_support import add_staff, sign_in

    cases = august(app)
    build(app)
    before, _ = both_ways(app, AUGUST, HIGHWAYS)
    act(cases["C"], "2026-09-15 10:00:00", status="resolved")  # on the day, after the build
    with freeze_time(TODAY):
        assert dt.date(2026, 8, 28) not in rollup.fresh_days(db.session, *AUGUST, definitions.today())
    after, direct = both_ways(app, AUGUST, HIGHWAYS)
    assert (before.open_now, after.open_now) == (3, 2) and dataclasses.asdict(after) == dataclasses.asdict(direct)
    admin = add_staff("admin@kestrelford.example", HIGHWAYS)
    admin.role, admin.is_admin = "admin", True
    db.session.commit()
    with freeze_time(TODAY):
        sign_in(client, admin)
        assert client.get("/staff/performance/?period=custom&from=2026-08-01&to=2026-08-31").status_code == 200
        assert dt.date(2026, 8, 28) in rollup.fresh_days(db.session, *AUGUST, definitions.today())
    assert_same(app, [AUGUST])


def test_other_bank_holidays_are_not_read_from_month_rows_counted_with_the_old_ones(app) -> None:
    august(app)
    build(app)
    extra = [*site_config(app).bank_holidays, dt.date(2026, 8, 4)]  # a day's holiday, say for a jubilee
    fast, direct = both_ways(app, AUGUST, HIGHWAYS, holidays=extra)
    usual, _ = both_ways(app, AUGUST, HIGHWAYS)
    assert dataclasses.asdict(fast) == dataclasses.asdict(direct)
    assert (usual.timeliness.p90_response, fast.timeliness.p90_response) == (6, 5)  # B answered a day sooner


def test_demo_data_adds_up_the_same(app) -> None:
    august(app)
    with freeze_time(TODAY):
        result = app.test_cli_runner().invoke(args=["demo-data", "--cases", "300"])
        assert result.exit_code == 0, result.output
        # demo-data builds the roll-up for what it wrote; nothing is left to build.
        assert rollup.unbuilt_days(db.session.connection(), dt.date(2025, 9, 1), definitions.today(),
                                   definitions.today()) == []
    build(app)
    months = (dt.date(2025, 9, 1), dt.date(2026, 9, 15))  # demo-data's 13 months
    assert_same(app, [months, AUGUST])
    fast, _ = both_ways(app, months, None)
    assert fast.demo_cases == 300 and fast.received == 300 + 7 + 2  # and August's 7, July's and September's


def test_cases_written_in_bulk_mark_their_days_stale(app) -> None:
    from backend.storage.models import Report

    august(app)
    build(app)
    with freeze_time(TODAY):
        rollup.mark_stale(db.session.connection(), [dt.date(2026, 8, 3)])
        db.session.commit()
        assert dt.date(2026, 8, 3) not in rollup.fresh_days(db.session, *AUGUST, definitions.today())
        assert rollup.unbuilt_days(db.session.connection(), *AUGUST, definitions.today()) == [dt.date(2026, 8, 3)]
        assert db.session.scalar(select(func.count()).select_from(Report)) == 11
    assert_same(app, [(dt.date(2026, 8, 4), dt.date(2026, 8, 31))])
    fast, direct = both_ways(app, AUGUST, None)  # the 3rd counted directly, the rest from the roll-up
    assert dataclasses.asdict(fast) == dataclasses.asdict(direct) and fast.received == 7


def test_the_page_reads_the_same_span_it_builds() -> None:
    assert days_read(Period(*AUGUST)) == (dt.date(2025, 8, 1), dt.date(2026, 8, 31))


def test_rollup_all_builds_every_day_again_after_a_change_by_hand(app) -> None:
    from sqlalchemy import text

    august(app)
    build(app)
    db.session.execute(text("UPDATE report SET status = 'resolved' WHERE status = 'received'"))  # by hand
    db.session.commit()
    stale, direct = both_ways(app, AUGUST, HIGHWAYS)
    assert (stale.open_now, direct.open_now) == (3, 2)  # the roll-up cannot know
    with freeze_time(TODAY):
        result = app.test_cli_runner().invoke(args=["report", "rollup", "--all"])
    assert result.exit_code == 0 and "Built 398 days" in result.output, result.output  # 12 Aug 2025 to 13 Sep 2026
    assert_same(app, [AUGUST])
