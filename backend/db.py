"""The database handle, and SQLite's settings for several processes writing at once."""

from __future__ import annotations

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(connection: object, _record: object) -> None:
    # WAL lets readers and one writer work together; busy_timeout makes writers queue, not fail.
    if type(connection).__module__.startswith("sqlite3"):
        cursor = connection.cursor()  # type: ignore[attr-defined]
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
        # The sqlite3 driver starts transactions itself, and not before a SAVEPOINT, so releasing
        # a savepoint (reports.create_report's retry) would commit half a report. SQLAlchemy's
        # recipe: the driver leaves transactions alone and _sqlite_begin says BEGIN.
        connection.isolation_level = None  # type: ignore[attr-defined]


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection: object) -> None:
    if connection.dialect.name == "sqlite":  # type: ignore[attr-defined]
        connection.exec_driver_sql("BEGIN")  # type: ignore[attr-defined]
