"""Shared test helpers: build a content folder into a temporary site and read its pages."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from builder.build import BuildResult, build_site

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = Path(__file__).parent.parent
# Every build test runs on the same day, so "upcoming" and "past review" do not drift.
NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)


class BuiltSite:
    """A built output folder and helpers to read it as a resident's browser would."""

    def __init__(self, output: Path, result: BuildResult) -> None:
        self.output = output
        self.result = result

    def html(self, url: str) -> BeautifulSoup:
        path = self.output / url.strip("/") / "index.html" if not url.endswith(".html") else \
            self.output / url.strip("/")
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def text(self, name: str) -> str:
        return (self.output / name).read_bytes().decode("utf-8")  # keep CRLF as written


def build(content: Path, tmp: Path, **kwargs) -> BuiltSite:
    """Build into ``tmp``; the fixture council's forms unless the test names others."""
    kwargs.setdefault("forms_dir", FIXTURES / "site-forms")
    output = tmp / "output"
    result = build_site(content, output, cache_dir=tmp / "cache", now=NOW, **kwargs)
    return BuiltSite(output, result)


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The small fixture council, built once for the golden tests."""
    site = build(FIXTURES / "site", tmp_path_factory.mktemp("fixture-site"))
    assert site.result.problems.errors == [], site.result.problems.errors
    return site


@pytest.fixture
def content_copy(tmp_path: Path) -> Callable[..., Path]:
    """A fresh copy of the fixture content that a test may break."""

    def make() -> Path:
        target = tmp_path / "content"
        shutil.copytree(FIXTURES / "site", target)
        return target

    return make


# --- The backend ---------------------------------------------------------------------------

from backend_support import SmtpInbox, need_postgres, postgres_database, s3_server  # noqa: E402


@pytest.fixture(scope="session")
def smtp_inbox() -> SmtpInbox:
    """A real SMTP server on loopback that keeps what it receives."""
    from aiosmtpd.controller import Controller

    class Keep:
        async def handle_DATA(self, _server, _session, envelope):  # noqa: N802 (aiosmtpd's name)
            import email

            inbox.messages.append(email.message_from_bytes(envelope.content))
            return "250 OK"

    import socket

    with socket.socket() as probe:  # a free port on loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    inbox = SmtpInbox("127.0.0.1", port)
    yield inbox
    controller.stop()


@pytest.fixture(scope="session")
def s3_endpoint() -> str:
    """A real S3-compatible server (moto) on loopback, with throwaway credentials in the environment."""
    yield from s3_server()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_kind(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="session")
def postgres_url() -> str:
    need_postgres()
    with postgres_database() as url:
        yield url


@pytest.fixture
def app_settings() -> dict:
    """Settings a test module adds to the backend's (override it there: another forms folder, say)."""
    return {}


@pytest.fixture
def app(database_kind: str, tmp_path: Path, smtp_inbox: SmtpInbox, request: pytest.FixtureRequest,
        app_settings: dict):
    """The backend on a new database (SQLite file, or PostgreSQL emptied for each test)."""
    from backend import create_app
    from backend.commands import upgrade_database
    from backend.config import Config
    from backend.storage.db import db

    url = request.getfixturevalue("postgres_url") if database_kind == "postgresql" else ""
    config = Config(INSTANCE_DIR=tmp_path / "instance", DATABASE_URL=url, TESTING=True,
                    SECRET_KEY="test-secret", MAIL_MODE="smtp", SMTP_HOST=smtp_inbox.host,
                    SMTP_PORT=smtp_inbox.port, PUBLIC_URL="https://www.kestrelford.example", **app_settings)
    application = create_app(config)
    upgrade_database(application)

    # Tests hold one app context open so they can use db.session; requests then share Flask's `g`,
    # where Flask-WTF caches the CSRF token. Forget it after each request, as a real server does.
    @application.teardown_request
    def _forget_request_state(_error: object) -> None:
        from flask import g

        for name in ("csrf_token", "account", "staff"):
            g.pop(name, None)

    smtp_inbox.messages.clear()
    with application.app_context():
        yield application
        db.session.remove()
        if database_kind == "postgresql":
            for table in reversed(db.metadata.sorted_tables):
                db.session.execute(table.delete())
            db.session.commit()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


# --- A real browser -------------------------------------------------------------------------

def need_chromium() -> None:
    """Skip without Chromium, except in CI, where the browser tests must run."""
    import os

    from builder.audit import BrowserNotFound, find_chromium

    try:
        find_chromium()
    except BrowserNotFound as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set, so the browser tests must run, but: {exc}")
        pytest.skip("Chromium not installed; CI installs it (apt-get install chromium)")


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium driven by Playwright, started once per test module (and closed before
    the audit's own asyncio-driven browser starts in another module)."""
    need_chromium()
    from playwright.sync_api import sync_playwright

    from builder.audit import find_chromium
    from builder.audit.browser import LAUNCH_ARGS

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=find_chromium(), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()
