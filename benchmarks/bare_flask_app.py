"""The peer beside the backend in bench_backend.py: a bare Flask + SQLite app doing one select
(``GET /item/<id>``) or one insert (``POST /item``) per request, served by the same gunicorn.

    BARE_DB=/tmp/bare.db gunicorn -w 2 --pythonpath benchmarks bare_flask_app:app
"""

from __future__ import annotations

import os
import sqlite3

from flask import Flask, abort, request

app = Flask(__name__)
_connection: list[sqlite3.Connection] = []  # one per worker process (sync workers serve one request at a time)


def connection() -> sqlite3.Connection:
    if not _connection:
        db = sqlite3.connect(os.environ["BARE_DB"], timeout=15, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE IF NOT EXISTS item (id INTEGER PRIMARY KEY, name TEXT, body TEXT)")
        _connection.append(db)
    return _connection[0]


@app.get("/item/<int:item_id>")
def read(item_id: int) -> str:
    row = connection().execute("SELECT name, body FROM item WHERE id = ?", (item_id,)).fetchone()
    if row is None:
        abort(404)
    return f"<!doctype html><title>{row[0]}</title><h1>{row[0]}</h1><p>{row[1]}</p>"


@app.post("/item")
def insert() -> tuple[str, int]:
    cursor = connection().execute("INSERT INTO item (name, body) VALUES (?, ?)",
                                  (request.form.get("name", ""), request.form.get("body", "")))
    return str(cursor.lastrowid), 201
