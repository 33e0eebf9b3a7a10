"""The migrations that add the reports' columns and the daily roll-up fill them in for cases
already in the database."""

from __future__ import annotations

import datetime as dt

from alembic import command as alembic
from backend_support import need_postgres, postgres_database
from sqlalchemy import create_engine, text

from backend import create_app
from backend.commands import alembic_config
from backend.config import Config

BEFORE = [
    "INSERT INTO staff (id, email, department, is_admin, password_hash, created_at) VALUES "
    "(1, 'a@x.example', 'Highways', true, 'x', '2026-08-01 09:00:00+00'), "
    "(2, 'o@x.example', 'Highways', false, 'x', '2026-08-01 09:00:00+00')",
    "INSERT INTO report (id, reference, form_slug, form_title, kind, department, status, channel, answers, "
    "created_at, due_date) VALUES (1, 'ABC234567', 'report-a-pothole', 'Report a pothole', 'report', 'Waste', "
    "'resolved', 'web', '{}', '2026-08-24 23:30:00+00', '2026-09-02')",
    "INSERT INTO report_update (report_id, created_at, visibility, author, status, department, text) VALUES "
    "(1, '2026-08-25 09:00:00+00', 'internal', 'staff', NULL, 'Waste', NULL), "
    "(1, '2026-08-26 09:00:00+00', 'public', 'resident', NULL, NULL, 'More'), "
    "(1, '2026-08-27 09:00:00+00', 'public', 'staff', NULL, NULL, 'Reply'), "
    "(1, '2026-08-28 09:00:00+00', 'public', 'staff', 'resolved', NULL, NULL)",
]


def migrate_with_a_case(tmp_path, url: str) -> dict:
    app = create_app(Config(INSTANCE_DIR=tmp_path, DATABASE_URL=url, SECRET_KEY="x"))
    config = alembic_config(app)
    with app.app_context():
        alembic.upgrade(config, "0003")
        engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
        with engine.begin() as conn:
            for statement in BEFORE:
                conn.execute(text(statement))
        alembic.upgrade(config, "head")
        with engine.connect() as conn:
            row = conn.execute(text("SELECT * FROM report")).mappings().one()
            roles = conn.execute(text("SELECT role FROM staff ORDER BY id")).scalars().all()
            kept = conn.execute(text("SELECT count(*) FROM report_update")).scalar()
            rolled = sorted(conn.execute(text("SELECT kind, department, cases, CAST(received_on AS VARCHAR(10)) "
                                              "FROM performance_rollup WHERE kind IN ('n', 'k', 'r', 'c')")).all())
            fresh = conn.execute(text("SELECT CAST(received_on AS VARCHAR(10)), fresh "
                                      "FROM performance_rollup_day")).all()
        alembic.downgrade(config, "0003")  # and back, for a council that must roll back
        with engine.connect() as conn:
            kept_after_downgrade = conn.execute(text("SELECT count(*) FROM report_update")).scalar()
        engine.dispose()
    return {**row, "roles": roles, "kept": (kept, kept_after_downgrade), "rolled": rolled, "fresh": fresh}


def check(row: dict) -> None:
    def day(value: object) -> str:
        return value.isoformat() if isinstance(value, dt.date) else str(value)[:10]

    assert row["kept"] == (4, 4)  # every case's history survives the migration, both ways
    assert row["roles"] == ["admin", "officer"]
    assert day(row["received_on"]) == "2026-08-25"  # 23:30 UTC on the 24th is 00:30 in London
    assert str(row["first_response_at"]).startswith("2026-08-27 09:00")  # not the resident's addition
    assert day(row["first_response_on"]) == "2026-08-27" and day(row["closed_on"]) == "2026-08-28"
    assert str(row["reassigned_at"]).startswith("2026-08-25 09:00") and row["received_department"] == "Waste"
    assert not row["demo"]
    # Migration 0010's backfill: every settled day from the case's on is built, and stands for it.
    assert [tuple(r) for r in row["rolled"]] == [(kind, "Waste", 1, "2026-08-25") for kind in "cknr"]
    days = sorted((day, bool(fresh)) for day, fresh in row["fresh"])
    assert days[0] == ("2026-08-25", True) and all(fresh for _, fresh in days)


def test_the_migration_fills_in_existing_cases_on_sqlite(tmp_path) -> None:
    check(migrate_with_a_case(tmp_path, ""))


def test_the_migration_fills_in_existing_cases_on_postgresql(tmp_path) -> None:
    need_postgres()
    with postgres_database() as url:
        check(migrate_with_a_case(tmp_path, url))
