"""SQLite as the embedded set-up runs it: several worker processes sharing one file safely."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from backend.storage.db import db


def test_sqlite_writes_ahead_and_syncs_the_log_at_checkpoints(app, database_kind) -> None:
    """WAL lets pages be read while a report is written; synchronous=NORMAL keeps every commit
    through a killed worker (the SIGKILL run in benchmarks/bench_backend.py) without an fsync each."""
    if database_kind != "sqlite":
        pytest.skip("SQLite's settings")
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 15000
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
