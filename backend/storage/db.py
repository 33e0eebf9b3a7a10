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
    # In WAL mode synchronous=NORMAL syncs the log at checkpoints, not at every commit: a commit
    # survives the process being killed (it is in the log file the moment COMMIT returns), and
    # only a power cut or an operating-system crash may lose the last moments before a checkpoint.
    if type(connection).__module__.startswith("sqlite3"):
        cursor = connection.cursor()  # type: ignore[attr-defined]
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


@event.listens_for(Engine, "savepoint")
def _sqlite_begin_before_savepoint(connection: object, _name: object) -> None:
    # The sqlite3 driver begins a transaction only before a write, and not before a SAVEPOINT, so
    # releasing a savepoint outside one (reports.create_report's retry) would commit the report
    # alone: its confirmation email and delivery would follow in another transaction. Begin first.
    dbapi = connection.connection.dbapi_connection  # type: ignore[attr-defined]
    if connection.dialect.name == "sqlite" and not dbapi.in_transaction:  # type: ignore[attr-defined]
        connection.exec_driver_sql("BEGIN")  # type: ignore[attr-defined]
