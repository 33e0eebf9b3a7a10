#!/usr/bin/env python3
"""The backend under load and under SIGKILL, beside a bare Flask + SQLite peer, in one run.

    .venv/bin/python benchmarks/bench_backend.py [--seconds 4] [--rounds 3] [--kills 20]

Starts gunicorn with 2 workers for the portal on SQLite and (when it answers on 127.0.0.1:5432) on
PostgreSQL, with production's settings (rate limits in Redis when it answers on 6379), and for
``bare_flask_app.py`` (one select or one insert per request). Rounds alternate between them so
that other work on the machine falls on all alike. It reports:

- tracking pages (``GET /track/<link>``) per second and p99, against the bare app's reads;
- full resident journeys of the three-page pothole form (every page, check your answers, send,
  confirmation: 9 requests) per second, p99 of the final step (the "Send" POST), and the
  gunicorn workers' CPU milliseconds per journey (from /proc), against the bare app's inserts;
- durability: journeys run while a worker is SIGKILLed ``--kills`` times; afterwards every
  reference a resident was shown must be stored, and every stored report must have exactly one
  confirmation email queued.

Load comes from 2 client processes of 3 threads each, on the same machine (their CPU is not
counted in the server's). It takes about three minutes.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
BIN = Path(sys.executable).parent
SECRET = "bench-" + secrets.token_hex(16)
FORM = "report-a-pothole"
CLIENTS, THREADS = 2, 3
POSTGRES_ADMIN = os.environ.get("PORTAL_TEST_POSTGRES", "postgresql://postgres@127.0.0.1/postgres")
REDIS = "redis://127.0.0.1:6379/13"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
REFERENCE = re.compile(r'class="reference">([^<]+)<')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn with 2 sync workers, as the README runs it; the workers' CPU read from /proc."""

    def __init__(self, name: str, app: str, env: dict[str, str], extra: tuple[str, ...] = ()) -> None:
        self.name, self.port = name, free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{self.port}", *extra, app],
            env={**os.environ, **env}, cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def wait(self, path: str) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(self.base + path, timeout=30).status_code < 500 and len(self.workers()) == 2:
                    return
            except requests.RequestException:  # still starting
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not start")

    def workers(self) -> list[int]:
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True,
                             text=True, check=False).stdout
        return [int(p) for p in out.split()]

    def cpu_seconds(self) -> float:
        total = 0
        for pid in self.workers():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except FileNotFoundError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)


# --- What the clients do (in client processes) ----------------------------------------------

def _answers() -> list[dict[str, str]]:
    from portal.forms import load_forms

    pages = []
    for page in load_forms(PROJECT / "forms")[FORM].pages:
        answers = {}
        for field in page.fields:
            if field.type in ("radios", "select"):
                answers[field.name] = field.choices[0].value
            elif field.type == "location":
                answers[field.name] = "Outside 12 High Street, by the bus stop"
            elif field.name == "name":
                answers[field.name] = "Alex Resident"
            elif field.type == "email":
                answers[field.name] = "resident@example.com"
        pages.append(answers)
    return pages


def _journey(base: str, pages: list[dict[str, str]]) -> tuple[str | None, float]:
    """One resident, from a fresh address, through every page to the confirmation (as over HTTPS
    through the proxy: production's cookies are Secure, so the client is told the scheme)."""
    with requests.Session() as browser:
        browser.headers.update({"X-Forwarded-Proto": "https", "Referer": base.replace("http:", "https:") + "/",
                                "X-Forwarded-For":
                                f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(256)}"})

        def go(method: str, path: str, **data: str) -> requests.Response:
            response = browser.request(method, base + path, data=data or None, allow_redirects=False, timeout=30)
            for cookie in browser.cookies:
                cookie.secure = False  # the client talks plain HTTP to gunicorn, behind the "proxy"
            return response

        page = go("GET", f"/submit/{FORM}/1")
        for number, answers in enumerate(pages, 1):
            sent = go("POST", f"/submit/{FORM}/{number}", csrf_token=CSRF.search(page.text).group(1), **answers)
            page = go("GET", sent.headers["Location"].removeprefix(base))
        started = time.perf_counter()
        sent = go("POST", f"/submit/{FORM}/check", csrf_token=CSRF.search(page.text).group(1))
        final = time.perf_counter() - started
        if sent.status_code != 302 or not sent.headers["Location"].endswith("/done"):
            return None, final
        found = REFERENCE.search(go("GET", sent.headers["Location"].removeprefix(base)).text)
        return (found.group(1) if found else None), final


def _request(base: str, kind: str, target: str) -> None:
    if kind == "get":
        response = requests.get(base + target, timeout=30)
    else:
        response = requests.post(base + target, data={"name": "Pothole", "body": "Outside 12 High Street"}, timeout=30)
    response.raise_for_status()


def _client(job: tuple[str, str, list[str], float, int]) -> list[tuple[str | None, float]]:
    """Run one kind of request in THREADS threads for ``seconds``; (result, seconds) per request."""
    base, kind, targets, seconds, seed = job
    random.seed(seed)
    pages = _answers() if kind == "journey" else []
    results: list[tuple[str | None, float]] = []
    stop = time.monotonic() + seconds

    def loop() -> None:
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                if kind == "journey":
                    results.append(_journey(base, pages))
                else:
                    _request(base, kind, random.choice(targets))
                    results.append(("ok", time.perf_counter() - started))
            except (requests.RequestException, AttributeError):  # a worker killed mid-request
                results.append((None, time.perf_counter() - started))

    threads = [threading.Thread(target=loop) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def load(pool: multiprocessing.pool.Pool, server: Server, kind: str, targets: list[str], seconds: float) -> dict:
    cpu = server.cpu_seconds()
    started = time.perf_counter()
    jobs = [(server.base, kind, targets, seconds, random.randrange(10**9)) for _ in range(CLIENTS)]
    results = [r for part in pool.map(_client, jobs) for r in part]
    wall = time.perf_counter() - started
    done = [t for r, t in results if r]
    return {"count": len(done), "failed": len(results) - len(done), "per_second": len(done) / wall,
            "p99_ms": 1000 * statistics.quantiles(done, n=100)[98] if len(done) > 1 else float("nan"),
            "cpu_ms_each": 1000 * (server.cpu_seconds() - cpu) / max(len(done), 1),
            "references": [r for r, _ in results if r and r != "ok"]}


# --- Set-up and checks ------------------------------------------------------------------------

def databases(tmp: Path) -> dict[str, str]:
    found = {"SQLite": f"sqlite:///{tmp / 'portal.db'}"}
    try:
        import psycopg

        name = f"portal_bench_{secrets.token_hex(4)}"
        with psycopg.connect(POSTGRES_ADMIN, autocommit=True, connect_timeout=2) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        found["PostgreSQL"] = POSTGRES_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    except Exception as exc:
        print(f"PostgreSQL not answering ({type(exc).__name__}): SQLite only", file=sys.stderr)
    return found


def drop_postgres(url: str | None) -> None:
    if url:
        import psycopg

        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def portal_env(url: str, tmp: Path) -> dict[str, str]:
    env = {"SECRET_KEY": SECRET, "DATABASE_URL": url, "PORTAL_INSTANCE_DIR": str(tmp / secrets.token_hex(4)),
           "PORTAL_PUBLIC_URL": "https://www.kestrelford.example", "PORTAL_MAIL_MODE": "smtp",
           "PORTAL_SMTP_PORT": str(free_port()), "PORTAL_TRUSTED_PROXIES": "1"}
    try:
        import redis

        redis.Redis.from_url(REDIS, socket_connect_timeout=1).flushdb()
        env.update(PORTAL_ENV="production", REDIS_URL=REDIS)
    except Exception:
        print("Redis not answering: the portal runs without production's settings", file=sys.stderr)
    subprocess.run([str(BIN / "flask"), "--app", "backend", "db", "upgrade"], env={**os.environ, **env}, cwd=PROJECT,
                   check=True, capture_output=True)
    return env


def tracking_links(report_ids: list[int]) -> list[str]:
    from itsdangerous import URLSafeTimedSerializer

    from backend.web.tokens import PURPOSES

    signer = URLSafeTimedSerializer([SECRET], salt=PURPOSES["track"].salt)
    return [f"/track/{signer.dumps(i)}" for i in report_ids]


def stored(url: str) -> tuple[list[str], list[str]]:
    """References of every stored report, and the subjects of every queued email."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as db:
        references = list(db.scalars(text("SELECT reference FROM report")))
        subjects = list(db.scalars(text("SELECT subject FROM outbox_message")))
    engine.dispose()
    return references, subjects


def durability(pool: multiprocessing.pool.Pool, server: Server, url: str, kills: int, seconds: float) -> dict:
    """Journeys while a worker is SIGKILLed ``kills`` times; then what was acknowledged is checked."""
    before, _ = stored(url)
    outcome = pool.map_async(_client, [(server.base, "journey", [], seconds, random.randrange(10**9))
                                       for _ in range(CLIENTS)])
    for _ in range(kills):
        time.sleep(seconds / (kills + 1))
        workers = server.workers()
        if workers:
            os.kill(random.choice(workers), signal.SIGKILL)
    results = [r for part in outcome.get() for r in part]
    acknowledged = [r for r, _ in results if r]
    references, subjects = stored(url)
    new = set(references) - set(before)
    emails = {ref: sum(ref in s for s in subjects) for ref in new}
    return {"acknowledged": len(acknowledged), "lost": len(set(acknowledged) - set(references)),
            "not_one_email": sum(1 for n in emails.values() if n != 1),
            "stored_unacknowledged": len(new) - len(set(acknowledged)),
            "failed_requests": len(results) - len(acknowledged), "kills": kills}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="length of each measuring round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--kills", type=int, default=20)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-backend-"))
    urls = databases(tmp)
    servers = {"bare": Server("bare Flask + SQLite", "bare_flask_app:app", {"BARE_DB": str(tmp / "bare.db")},
                              ("--pythonpath", str(PROJECT / "benchmarks")))}
    for kind, url in urls.items():
        servers[kind] = Server(f"portal on {kind}", "backend:create_app()", portal_env(url, tmp))
    results: dict[str, dict[str, list[dict]]] = {name: {"read": [], "write": []} for name in servers}
    durable = {}
    try:
        servers["bare"].wait("/item/1")
        for kind in urls:
            servers[kind].wait("/healthz")
        with multiprocessing.get_context("fork").Pool(CLIENTS) as pool:
            # Warm up (and make something to read): 2 s of journeys and of inserts each.
            load(pool, servers["bare"], "post", ["/item"], 2)
            reads = {"bare": [f"/item/{i}" for i in range(1, 101)]}
            for kind, url in urls.items():
                load(pool, servers[kind], "journey", [], 2)
                from sqlalchemy import create_engine, text

                engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
                with engine.connect() as db:
                    reads[kind] = tracking_links(list(db.scalars(text("SELECT id FROM report LIMIT 100"))))
                engine.dispose()
            for _ in range(args.rounds):  # alternate, so other work on the machine falls on all alike
                for name, server in servers.items():
                    results[name]["read"].append(load(pool, server, "get", reads[name], args.seconds))
                for name, server in servers.items():
                    kind = "post" if name == "bare" else "journey"
                    results[name]["write"].append(load(pool, server, kind, ["/item"], args.seconds))
            for kind, url in urls.items():
                # A killed worker takes a second or two to come back: 2.5 s between kills lets
                # submissions through between them, so there is something acknowledged to check.
                durable[kind] = durability(pool, servers[kind], url, args.kills, 2.5 * (args.kills + 1))
    finally:
        for server in servers.values():
            server.stop()
        drop_postgres(urls.get("PostgreSQL"))
    report(results, durable, args)
    return 0 if all(d["lost"] == 0 and d["not_one_email"] == 0 for d in durable.values()) else 1


def median(rounds: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in rounds)


def report(results: dict, durable: dict, args: argparse.Namespace) -> None:
    bare = results["bare"]
    print(f"\nRounds of {args.seconds:g} s, {args.rounds} of each, alternating; medians. "
          f"Load: {CLIENTS} processes x {THREADS} threads.\n")
    print("| server | tracking pages/s | p99 ms | ratio to bare reads | server CPU ms/page |")
    print("|---|---|---|---|---|")
    for name, rounds in results.items():
        read = rounds["read"]
        print(f"| {'bare Flask + SQLite (one select)' if name == 'bare' else 'portal, ' + name} | "
              f"{median(read, 'per_second'):.0f} | {median(read, 'p99_ms'):.1f} | "
              f"{median(read, 'per_second') / median(bare['read'], 'per_second'):.2f} | "
              f"{median(read, 'cpu_ms_each'):.2f} |")
    print("\n| server | journeys/s (9 requests) | p99 of the final step, ms | server CPU ms per journey | failed |")
    print("|---|---|---|---|---|")
    print(f"| bare Flask + SQLite (one insert per request) | {median(bare['write'], 'per_second'):.0f} inserts/s | "
          f"{median(bare['write'], 'p99_ms'):.1f} | {median(bare['write'], 'cpu_ms_each'):.2f} per insert | "
          f"{sum(r['failed'] for r in bare['write'])} |")
    for name, rounds in results.items():
        if name != "bare":
            write = rounds["write"]
            print(f"| portal, {name} | {median(write, 'per_second'):.1f} | {median(write, 'p99_ms'):.1f} | "
                  f"{median(write, 'cpu_ms_each'):.1f} | {sum(r['failed'] for r in write)} |")
    print("\n| database | worker SIGKILLs | acknowledged references | lost | without exactly one email | "
          "stored but not acknowledged | journeys cut short |")
    print("|---|---|---|---|---|---|---|")
    for kind, d in durable.items():
        print(f"| {kind} | {d['kills']} | {d['acknowledged']} | {d['lost']} | {d['not_one_email']} | "
              f"{d['stored_unacknowledged']} | {d['failed_requests']} |")


if __name__ == "__main__":
    sys.exit(main())
