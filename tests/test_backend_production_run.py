"""Production as the README runs it: gunicorn serving ``backend:create_app()``, and ``/healthz``
telling a load balancer whether this server can take traffic."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from backend_support import free_port
from sqlalchemy import text

from backend.storage.db import db

PROJECT = Path(__file__).parent.parent


def test_healthz_says_ok_without_personal_data(app, client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_healthz_is_503_when_migrations_are_behind(app, client) -> None:
    [head] = db.session.scalars(text("SELECT version_num FROM alembic_version")).all()
    db.session.execute(text("UPDATE alembic_version SET version_num = '0003'"))
    db.session.commit()
    try:
        response = client.get("/healthz")
    finally:  # the PostgreSQL database is shared by the session's tests
        db.session.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": head})
        db.session.commit()
    assert response.status_code == 503 and "upgrading" in response.json["status"]


def test_healthz_is_503_when_the_database_does_not_answer(tmp_path) -> None:
    from backend import create_app
    from backend.config import Config

    app = create_app(Config(INSTANCE_DIR=tmp_path, SECRET_KEY="s",
                            DATABASE_URL=f"postgresql://postgres@127.0.0.1:{free_port()}/none"))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503 and response.json == {"status": "database unavailable"}


def readme_production_commands() -> list[str]:
    """The production block of the README, as written."""
    readme = (PROJECT / "README.md").read_text()
    block = readme.split("## Running the backend in production", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    return [line.split("  #")[0].strip() for line in block.strip().splitlines()]


def test_the_readme_production_commands_start_gunicorn_and_serve(database_kind, request, tmp_path) -> None:
    url = request.getfixturevalue("postgres_url") if database_kind == "postgresql" else \
        f"sqlite:///{tmp_path / 'portal.db'}"
    port = free_port()
    env = {**os.environ, "PORTAL_ENV": "production", "SECRET_KEY": "a-long-random-value", "DATABASE_URL": url,
           "REDIS_URL": "redis://127.0.0.1:6379/14", "PORTAL_PUBLIC_URL": "https://www.kestrelford.example",
           "PORTAL_MAIL_MODE": "smtp", "PORTAL_INSTANCE_DIR": str(tmp_path / "instance"),
           "PORTAL_TRUSTED_PROXIES": "1"}
    bin_dir = Path(sys.executable).parent
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    commands = readme_production_commands()
    upgrade = next(c for c in commands if c.startswith("flask --app backend db upgrade"))
    done = subprocess.run(shlex.split(upgrade), check=False, env=env, cwd=PROJECT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    serve = next(c for c in commands if c.startswith("gunicorn"))
    server = subprocess.Popen([*shlex.split(serve.replace("127.0.0.1:8000", f"127.0.0.1:{port}")), "-w", "2"],
                              env=env, cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=30) as answer:
                    assert answer.status == 200 and b'"ok"' in answer.read()
                    break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None or time.monotonic() > deadline:
                    server.kill()
                    pytest.fail(server.communicate()[0].decode(errors="replace")[-3000:])
                time.sleep(0.3)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/submit/report-a-pothole/1", timeout=30) as page:
            assert page.status == 200 and b"csrf_token" in page.read()
    finally:
        server.terminate()
        server.wait(30)
