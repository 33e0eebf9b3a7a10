#!/usr/bin/env python3
"""Time the performance page and the case export on 1,000,000 synthetic cases in PostgreSQL.

    .venv/bin/python benchmarks/bench_performance.py --cases 1000000 [--keep]

Fills a new PostgreSQL database (127.0.0.1:5432, user postgres) with cases over two years across
12 departments and 17 forms (backend.performance.synthetic, written with COPY), then times, as an
admin over HTTP through the Flask app: the page for last month and for the last 12 months, for
every department and for one; and the cases CSV for the year (rows a second, and the process's
peak memory growth while streaming it). The daily roll-up is built first, as migration 0010 or
`flask report rollup` would (timed), and the year's figures are checked against the direct count
(also timed). Prints a Markdown table for BENCHMARKS.md, with each time as a ratio to the peer.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import resource
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psycopg

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
ADMIN_URL = "postgresql://postgres@127.0.0.1/postgres"
REPORT_COLUMNS = ("id", "reference", "form_slug", "form_title", "kind", "department", "status", "channel",
                  "answers", "created_at", "due_date", "received_on", "received_department", "first_response_at",
                  "first_response_on", "closed_at", "closed_on", "demo")
UPDATE_COLUMNS = ("report_id", "created_at", "visibility", "author", "status", "text")


def fill(url: str, count: int, today: dt.date) -> float:
    from backend.performance.period import add_months
    from backend.performance.synthetic import synthetic_cases
    from portal.forms import load_forms
    from portal.siteconfig import load_site_config

    forms = list(load_forms(PROJECT / "forms").values())
    # The sample council has 11 departments; street lighting becomes the 12th, as many councils have it.
    forms = [dataclasses.replace(f, department="Street lighting") if f.slug == "report-a-street-light-fault" else f
             for f in forms]
    holidays = load_site_config(PROJECT / "content" / "site.yaml").bank_holidays
    started = time.perf_counter()
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        pending_updates = []  # one COPY at a time: the cases, then their updates
        with cur.copy(f"COPY report ({', '.join(REPORT_COLUMNS)}) FROM STDIN") as reports:
            cases = synthetic_cases(forms, add_months(today, -24), today - dt.timedelta(days=1), count, holidays, today)
            for report_id, case in enumerate(cases, 1):
                row = case.report_row()
                row["id"], row["answers"] = report_id, json.dumps(row["answers"])
                reports.write_row([row[c] for c in REPORT_COLUMNS])
                pending_updates += [[u[c] for c in UPDATE_COLUMNS] for u in case.update_rows(report_id)]
        with cur.copy(f"COPY report_update ({', '.join(UPDATE_COLUMNS)}) FROM STDIN") as updates:
            for row in pending_updates:
                updates.write_row(row)
        cur.execute("SELECT setval(pg_get_serial_sequence('report', 'id'), (SELECT max(id) FROM report))")
        conn.commit()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE report")
        conn.execute("VACUUM ANALYZE report_update")
    return time.perf_counter() - started


def signed_in_admin(app):  # noqa: ANN001, ANN201
    from flask import session

    from backend.storage.db import db
    from backend.storage.models import Staff
    from backend.web import sessions

    client = app.test_client()
    with app.test_request_context():
        admin = Staff(email="bench@kestrelford.example", department="Customer feedback", is_admin=True,
                      role="admin", password_hash="x")
        db.session.add(admin)
        db.session.flush()
        sessions.start("staff", staff=admin)
        db.session.commit()
        cookie = dict(session)
    with client.session_transaction() as browser:
        browser.update(cookie)
    return client


def timed_get(client, url: str, runs: int = 3) -> float:  # noqa: ANN001
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def timed_peer(url: str, first: dt.date, last: dt.date, runs: int = 3) -> float:
    """The floor on this machine right now: PostgreSQL counting the same cases by form, channel
    and status, and nothing else (the page does that and much more, in one pass)."""
    times = []
    with psycopg.connect(url) as conn:
        conn.execute("SET jit = off")
        for _ in range(runs):
            started = time.perf_counter()
            conn.execute("SELECT form_slug, channel, status, count(*) FROM report WHERE received_on BETWEEN %s "
                         "AND %s GROUP BY 1, 2, 3", (first, last)).fetchall()
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def build_rollup(app, today: dt.date) -> float:  # noqa: ANN001
    with app.app_context():
        started = time.perf_counter()
        result = app.test_cli_runner().invoke(args=["report", "rollup"])
        assert result.exit_code == 0, result.output
        print(result.output.strip(), file=sys.stderr)
        return time.perf_counter() - started


def fast_against_direct(app, first: dt.date, last: dt.date) -> tuple[float, float]:  # noqa: ANN001
    """The year's figures for every department from the roll-up and counted directly: the same
    (or the benchmark stops), and how long each took in the process (no HTTP, no page)."""
    from backend.council import forms_of, site_config
    from backend.performance.figures import compute
    from backend.performance.period import Period
    from backend.storage.db import db

    site = site_config(app)
    seconds = []
    found = []
    with app.app_context():
        for use_rollup in (True, False):
            started = time.perf_counter()
            found.append(compute(db.session, Period(first, last), None, forms_of(app), site.bank_holidays,
                                 site.contact_costs, use_rollup=use_rollup))
            seconds.append(time.perf_counter() - started)
            db.session.rollback()
    assert dataclasses.asdict(found[0]) == dataclasses.asdict(found[1]), "the roll-up's figures differ"
    return seconds[0], seconds[1]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards (its name is printed).")
    parser.add_argument("--fill-only", action="store_true",
                        help="Fill the database and stop (with --keep, to profile).")
    args = parser.parse_args()

    from backend import create_app
    from backend.commands import upgrade_database
    from backend.config import Config
    from backend.performance.definitions import today

    name = f"perf_bench_{secrets.token_hex(4)}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        with tempfile.TemporaryDirectory() as instance:
            app = create_app(Config(INSTANCE_DIR=Path(instance), DATABASE_URL=url, SECRET_KEY="bench",
                                    RATELIMIT_ENABLED=False))
            upgrade_database(app)
            on = today()
            fill_seconds = fill(url, args.cases, on)
            print(f"filled {args.cases:,} cases in {fill_seconds:.0f} s", file=sys.stderr)
            if args.fill_only:
                return
            rollup_seconds = build_rollup(app, on)
            print(f"built the daily roll-up in {rollup_seconds:.0f} s", file=sys.stderr)
            year = (on - dt.timedelta(days=365), on)
            fast, direct = fast_against_direct(app, *year)
            with app.app_context():
                client = signed_in_admin(app)
                dept = "&department=Highways+and+street+lighting"
                rows = [("last month, every department", timed_get(client, "/staff/performance/?period=last-month")),
                        ("last month, one department", timed_get(client, "/staff/performance/?period=last-month"
                                                                 + dept)),
                        ("last 12 months, every department",
                         timed_get(client, f"/staff/performance/?period=custom&from={on - dt.timedelta(days=365)}"
                                   f"&to={on}")),
                        ("last 12 months, one department",
                         timed_get(client, f"/staff/performance/?period=custom&from={on - dt.timedelta(days=365)}"
                                   f"&to={on}{dept}"))]
                rows.append(("peer: plain GROUP BY of the same 12 months in psql (no page)",
                             timed_peer(url, on - dt.timedelta(days=365), on)))
                before = peak_rss_mb()
                started = time.perf_counter()
                response = client.get(f"/staff/performance/cases.csv?period=custom&from={on - dt.timedelta(days=365)}"
                                      f"&to={on}", buffered=False)
                lines = sum(chunk.count(b"\n") for chunk in response.response)
                seconds = time.perf_counter() - started
                growth = peak_rss_mb() - before
        print(f"\n{args.cases:,} cases in PostgreSQL (filled in {fill_seconds:.0f} s, "
              f"daily roll-up built in {rollup_seconds:.1f} s)\n")
        peer = rows[-1][1]
        print("| page | median of 3 | ÷ peer |\n|---|---|---|")
        for label, seconds_taken in rows:
            print(f"| {label} | {seconds_taken:.2f} s | {seconds_taken / peer:.2f} |")
        print(f"\nfigures of the last 12 months, every department, no page: {fast:.2f} s from the roll-up "
              f"({fast / peer:.2f} peer), {direct:.2f} s counted directly ({direct / peer:.2f} peer); the same figures")
        print(f"\ncases CSV, last 12 months: {lines - 1:,} rows in {seconds:.1f} s = "
              f"{(lines - 1) / seconds:,.0f} rows/s; peak memory grew {growth:.0f} MB while streaming "
              f"(peak RSS {peak_rss_mb():.0f} MB)")
    finally:
        if args.keep:
            print(f"kept database {name}", file=sys.stderr)
        else:
            with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
