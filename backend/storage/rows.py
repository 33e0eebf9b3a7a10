"""Reads through the database driver, for the busiest read-only pages: one SQL statement, no ORM
session, each value converted by its model column's own type (SQLAlchemy's result processor for
the dialect), so it reads the same as through the model.

Loading ORM objects into a session costs more than the rest of a small page's request; a page that
only reads (tracking a report, a form page showing a draft's answers) does not need one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Column
from sqlalchemy.engine import Connection

Converter = Callable[[Any], Any] | None
_made: dict[tuple[str, str], tuple[str, list[Converter]]] = {}


def fetch(connection: Connection, sql: str, columns: Sequence[Column[Any]], *values: object) -> list[list[Any]]:
    """Rows of ``sql`` (``?`` for each of ``values``; it selects ``columns`` in that order),
    each value converted as its column's type converts it on this database."""
    dialect = connection.dialect
    made = _made.get((dialect.name, sql))
    if made is None:
        driver_sql = sql if dialect.paramstyle == "qmark" else sql.replace("?", "%s")
        converters = [column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns]
        made = _made[(dialect.name, sql)] = (driver_sql, converters)
    driver_sql, converters = made
    return [[convert(value) if convert is not None and value is not None else value
             for convert, value in zip(converters, row, strict=True)]
            for row in connection.exec_driver_sql(driver_sql, tuple(values)).fetchall()]
