#!/usr/bin/env python3
"""The backend's requests in-process, for comparing changes on a shared machine: CPU time, or
instruction counts under callgrind (repeatable to about a per cent whatever the load).

    .venv/bin/python benchmarks/bench_backend_inprocess.py track|journey|404 [N] [--postgres] [--no-render]
    valgrind --tool=callgrind --instr-atstart=no \
        .venv/bin/python benchmarks/bench_backend_inprocess.py track 100 --callgrind

The portal is made as ``bench_backend.py`` makes it (production's settings: rate limits in Redis,
``PORTAL_TRUSTED_PROXIES=1``, HTTPS through the proxy) and driven through its WSGI callable by a
minimal client (one dict per request), so nearly all that is counted is the server's work.
``track``: ``GET /track/<link>`` of the stored reports; ``journey``: the pothole form's 9 requests
(bench_backend's journey); ``404``: a page with no query. After warm-up, ``--callgrind`` switches
counting on (``callgrind_control -i on``) for the N measured units and prints the instructions
per unit from the output file; ``--no-render`` replaces template rendering (to see what the rest
costs); ``--steps`` splits a journey's CPU time by request.
"""

from __future__ import annotations

import io
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import bench_backend as bench


class Browser:
    """One resident: a session cookie and an address, behind the proxy."""

    def __init__(self, app, address: str, spent: dict[str, int]) -> None:
        self.app, self.address, self.spent, self.cookie = app, address, spent, ""

    def go(self, method: str, path: str, data: dict[str, str] | None = None) -> tuple[int, str | None, str]:
        body = urlencode(data).encode() if data else b""
        path, _, query = path.partition("?")
        environ = {"REQUEST_METHOD": method, "SCRIPT_NAME": "", "PATH_INFO": path, "QUERY_STRING": query,
                   "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1",
                   "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "127.0.0.1:8000", "HTTP_X_FORWARDED_FOR": self.address,
                   "HTTP_X_FORWARDED_PROTO": "https", "HTTP_REFERER": "https://127.0.0.1:8000/",
                   "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body), "wsgi.errors": sys.stderr,
                   "wsgi.version": (1, 0), "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False}
        if body:
            environ.update(CONTENT_TYPE="application/x-www-form-urlencoded", CONTENT_LENGTH=str(len(body)))
        if self.cookie:
            environ["HTTP_COOKIE"] = self.cookie
        answer: dict = {}

        def start_response(status: str, headers: list, _exc_info: object = None) -> None:
            answer.update(status=int(status[:3]), headers=headers)

        started = time.process_time_ns()
        out = self.app(environ, start_response)
        text = b"".join(out).decode()
        getattr(out, "close", lambda: None)()
        step = f"{method} {re.sub(r'/[0-9]+$', '/N', path)}"
        self.spent[step] = self.spent.get(step, 0) + time.process_time_ns() - started
        for name, value in answer["headers"]:
            if name == "Set-Cookie" and value.startswith("session="):
                self.cookie = value.split(";", 1)[0]
        location = next((re.sub(r"^https?://[^/]+", "", v) for k, v in answer["headers"] if k == "Location"), None)
        return answer["status"], location, text


def main() -> int:
    kind = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2].isdigit() else 100
    flags = set(sys.argv[2:])
    tmp = Path(tempfile.mkdtemp(prefix="bench-inprocess-"))
    url = bench.databases(tmp)["PostgreSQL"] if "--postgres" in flags else f"sqlite:///{tmp / 'portal.db'}"
    os.environ.update(bench.portal_env(url, tmp))
    from backend import create_app

    app = create_app()
    spent: dict[str, int] = {}
    pages = bench._answers()

    def journey() -> None:
        browser = Browser(app, f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(256)}", spent)
        page = browser.go("GET", f"/submit/{bench.FORM}/1")[2]
        for number, answers in enumerate(pages, 1):
            _, location, _ = browser.go("POST", f"/submit/{bench.FORM}/{number}",
                                        {"csrf_token": bench.CSRF.search(page).group(1), **answers})
            page = browser.go("GET", location)[2]
        token = bench.CSRF.search(page).group(1)
        _, location, _ = browser.go("POST", f"/submit/{bench.FORM}/check", {"csrf_token": token})
        assert bench.REFERENCE.search(browser.go("GET", location)[2])

    for _ in range(5):
        journey()
    from sqlalchemy import create_engine, text

    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    with engine.connect() as db:
        links = bench.tracking_links(list(db.scalars(text("SELECT id FROM report LIMIT 100"))))
    engine.dispose()
    reader = Browser(app, "10.1.1.1", spent)
    units = {"journey": journey, "track": lambda: reader.go("GET", random.choice(links)),
             "404": lambda: reader.go("GET", "/no-such-page")}
    unit = units[kind]
    if "--no-render" in flags:
        import flask.templating
        from flask_wtf.csrf import generate_csrf

        # What a journey reads from its pages (the CSRF token, the reference), without drawing them.
        flask.templating._render = (lambda _app, _template, context: f'name="csrf_token" value="{generate_csrf()}" '
                                    f'class="reference">{context.get("reference", "")}<') if kind == "journey" \
            else (lambda _app, _template, _context: "")
    for _ in range(20):
        unit()
    spent.clear()
    if "--callgrind" in flags:
        out = Path(f"callgrind.out.{os.getpid()}")
        subprocess.run(["callgrind_control", "-i", "on", str(os.getpid())], check=True, capture_output=True)
    started = time.process_time()
    for _ in range(n):
        unit()
    cpu = time.process_time() - started
    if "--callgrind" in flags:
        subprocess.run(["callgrind_control", "-i", "off", str(os.getpid())], check=True, capture_output=True)
        subprocess.run(["callgrind_control", "-d", str(os.getpid())], check=True, capture_output=True)
        total = sum(int(line.split()[1]) for part in Path().glob(f"{out}*")
                    for line in part.read_text().splitlines() if line.startswith("totals:"))
        print(f"{kind}: {total / n / 1e6:.2f} M instructions per unit (callgrind, {n} units)")
    print(f"{kind}: {1000 * cpu / n:.3f} ms of CPU per unit; in the app {sum(spent.values()) / 1e6 / n:.3f} ms")
    if "--steps" in flags:
        for step, ns in spent.items():
            print(f"  {step}: {ns / 1e6 / n:.3f} ms per unit")
    if "--postgres" in flags:
        bench.drop_postgres(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
