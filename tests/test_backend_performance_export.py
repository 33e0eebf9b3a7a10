"""The cases CSV is the same file, byte for byte, whichever database wrote it: PostgreSQL builds
its lines in SQL (``pg_export``), SQLite's rows go through the csv module."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from freezegun import freeze_time

from backend.performance.csvtext import csv_lines
from backend.performance.export import case_csv, case_rows
from backend.performance.period import Period
from backend.storage.models import Report, ReportUpdate

UTC = dt.UTC
HOLIDAYS = [dt.date(2026, 8, 31), dt.date(2026, 12, 25), dt.date(2026, 12, 28)]
PERIOD = Period(dt.date(2026, 3, 1), dt.date(2026, 12, 31))
TODAY = dt.date(2026, 11, 2)

# (title, department, channel, status, received (UTC), first response (UTC) or None, closed (UTC) or None)
CASES = [
    ("Report a pothole", "Highways", "web", "received", dt.datetime(2026, 3, 28, 23, 59), None, None),
    # 00:59 UTC on the night the clocks go forward is 00:59 GMT; 01:00 UTC is 02:00 BST.
    ("Comments, compliments and complaints", "Customer feedback", "phone", "in-progress",
     dt.datetime(2026, 3, 29, 0, 59), dt.datetime(2026, 3, 29, 1, 0), None),
    ('Say "hello"', "Waste, recycling", "face-to-face", "resolved", dt.datetime(2026, 8, 28, 23, 30),
     dt.datetime(2026, 9, 1, 8, 0), dt.datetime(2026, 9, 2, 16, 45)),
    ("=SUM(A1:A9)", "+Formula dept", "api", "closed-not-fixed", dt.datetime(2026, 10, 25, 0, 30),
     dt.datetime(2026, 10, 25, 1, 30), dt.datetime(2026, 10, 26, 9, 0)),
    ("-minus, and \"quotes\"", "@home", "post-box", "duplicate", dt.datetime(2026, 10, 31, 12, 0),
     dt.datetime(2026, 11, 10, 12, 0), None),
    ("Two\nlines", "Tab\tinside", "web", "passed-on", dt.datetime(2026, 12, 24, 17, 0),
     dt.datetime(2026, 12, 29, 9, 0), dt.datetime(2026, 12, 29, 9, 0)),
    ("\tLeading tab", "\rcarriage", "phone", "a-status-from-elsewhere", dt.datetime(2026, 6, 1, 9, 0),
     None, None),
    ("Café «accents» ✓", "Département", "web", "scheduled", dt.datetime(2026, 7, 1, 0, 0), None, None),
]


def _file(app) -> str:  # noqa: ANN001
    from backend.storage.db import db

    with app.app_context(), freeze_time("2026-11-02 12:00:00"):
        for n, (title, dept, channel, status, received, answered, closed) in enumerate(CASES):
            report = Report(reference=f"KF-{n:04d}", form_slug="a-form", form_title=title, kind="report",
                            department=dept, status=status, channel=channel, answers={"secret": "no"},
                            created_at=received, due_date=received.date() + dt.timedelta(days=7))
            db.session.add(report)
            if answered:
                db.session.add(ReportUpdate(report=report, created_at=answered, visibility="public",
                                            author="staff", text="Reply"))
            if closed:
                db.session.add(ReportUpdate(report=report, created_at=closed, visibility="public",
                                            author="staff", status=status))
        db.session.commit()
    # Exported at the real time (the day is given): freezegun's clock mistakes the hour the clocks go back.
    with app.app_context():
        text = "".join(case_csv(db.session, PERIOD, None, HOLIDAYS, TODAY))
        by_csv_module = "".join(csv_lines(case_rows(db.session, PERIOD, None, HOLIDAYS, TODAY), guarded=True))
        one = "".join(case_csv(db.session, PERIOD, "Highways", HOLIDAYS, TODAY))
        assert text == by_csv_module  # on PostgreSQL: SQL's lines against the csv module's
        assert one == by_csv_module.split("\r\n", 1)[0] + "\r\n" + next(
            line for line in by_csv_module.split("\r\n") if line.startswith("KF-0000")) + "\r\n"
        db.session.remove()
    return text


def _app(url: str, instance: Path):  # noqa: ANN202
    from backend import create_app
    from backend.commands import upgrade_database
    from backend.config import Config

    app = create_app(Config(INSTANCE_DIR=instance, DATABASE_URL=url, TESTING=True, SECRET_KEY="test"))
    upgrade_database(app)
    return app


@pytest.fixture
def fresh_postgres() -> str:
    from backend_support import need_postgres, postgres_database

    need_postgres()
    with postgres_database() as url:
        yield url


def test_both_databases_write_the_same_cases_csv(tmp_path: Path, fresh_postgres: str) -> None:
    sqlite = _file(_app("", tmp_path / "sqlite"))
    postgres = _file(_app(fresh_postgres, tmp_path / "postgres"))
    assert postgres.encode() == sqlite.encode()
    lines = sqlite.split("\r\n")
    assert lines[1] == "KF-0000,Report a pothole,Highways,Online,2026-03-28 23:59,,,Received,2026-04-04,no,"
    assert lines[2].startswith('KF-0001,"Comments, compliments and complaints",Customer feedback,By phone,'
                               "2026-03-29 00:59,2026-03-29 02:00,,In progress,")
    assert "'=SUM(A1:A9),'+Formula dept,Through another system (Open311)," in sqlite
    assert '"\'-minus, and ""quotes""",\'@home,Post box,' in sqlite
    assert "2026-10-25 01:30,2026-10-25 01:30,2026-10-26 09:00,\"Closed, not fixed\"" in sqlite
    assert '"Two\nlines"' in sqlite and "secret" not in sqlite
