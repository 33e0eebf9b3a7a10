"""Helpers for the backend tests: databases, a loopback SMTP server, and a resident's journey."""

from __future__ import annotations

import io
import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from portal.forms import FieldSpec, FormSpec

POSTGRES_ADMIN_URL = os.environ.get("PORTAL_TEST_POSTGRES", "postgresql://postgres@127.0.0.1/postgres")


def postgres_available() -> bool:
    try:
        import psycopg  # noqa: PLC0415

        with psycopg.connect(POSTGRES_ADMIN_URL, connect_timeout=2):
            return True
    except Exception:
        return False


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database for one test module, dropped afterwards."""
    import psycopg  # noqa: PLC0415

    name = f"portal_test_{secrets.token_hex(4)}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def need_postgres() -> None:
    if postgres_available():
        return
    if os.environ.get("CI"):
        pytest.fail("PostgreSQL must answer on 127.0.0.1:5432 in CI (.ci/run starts it)")
    pytest.skip("PostgreSQL is not answering on 127.0.0.1:5432; CI runs these tests against it")


def s3_server() -> Iterator[str]:
    """Start moto's S3 server on a free loopback port and yield its URL; fail in CI if it cannot start."""
    try:
        from moto.server import ThreadedMotoServer  # noqa: PLC0415

        port = free_port()
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        server.start()
    except Exception as exc:  # moto missing or the server would not start
        if os.environ.get("CI"):
            pytest.fail(f"CI is set, so the S3 tests must run, but moto's server did not start: {exc}")
        pytest.skip(f"moto's S3 server did not start ({exc}); CI runs these tests against it")
    with pytest.MonkeyPatch.context() as env:
        for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                            "AWS_DEFAULT_REGION": "eu-west-2"}.items():
            env.setenv(name, value)
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.stop()


@dataclass
class SmtpInbox:
    host: str
    port: int
    messages: list[Any] = field(default_factory=list)


def free_port() -> int:
    """A port on loopback that nothing listens on (until the caller starts something there)."""
    import socket  # noqa: PLC0415

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def png_bytes(size: tuple[int, int] = (40, 30), colour: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def csrf_token(html: str) -> str:
    match = re.search(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


def soup(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def good_answer(spec: FieldSpec) -> Any:
    """An answer a resident might give that the field accepts."""
    if spec.type == "photo":
        return [(io.BytesIO(png_bytes()), "pothole.png")]
    if spec.type in ("radios", "select"):
        return spec.choices[0].value
    if spec.type == "checkboxes":
        return [spec.choices[0].value]
    if spec.type == "number":
        return str(int(spec.min if spec.min is not None else 1))
    text = {"email": "resident@example.com", "tel": "0116 496 0123", "date": "2026-11-20",
            "postcode": "kf1 1aa", "location": "Outside 12 High Street, by the bus stop"}.get(
        spec.type, "Outside number 12" if spec.name != "name" else "Alex Resident")
    return text[: spec.max_length] if spec.max_length else text


def posted(spec: FieldSpec, value: Any) -> dict[str, Any]:
    """What a browser sends for an answer: a date goes in its three boxes (an ISO date is split
    into them, a dict gives each box), everything else under the field's name."""
    if spec.type != "date":
        return {spec.name: value}
    if isinstance(value, dict):
        boxes = value
    elif value:
        year, month, day = value.split("-")
        boxes = {"day": day, "month": month, "year": year}
    else:
        boxes = {}
    return {f"{spec.name}-{box}": boxes.get(box, "") for box in ("day", "month", "year")}


class Journey:
    """A resident filling in one form with the Flask test client, CSRF token and all."""

    def __init__(self, client: Any, form: FormSpec) -> None:
        self.client = client
        self.form = form

    def page_url(self, number: int) -> str:
        return f"/submit/{self.form.slug}/{number}"

    def answer_page(self, number: int, overrides: dict[str, Any] | None = None) -> Any:
        page = self.client.get(self.page_url(number))
        assert page.status_code == 200, page.status_code
        data: dict[str, Any] = {"csrf_token": csrf_token(page.get_data(as_text=True))}
        overrides = dict(overrides or {})
        for spec in self.form.pages[number - 1].fields:
            data.update(posted(spec, overrides.pop(spec.name, good_answer(spec))))
        data.update(overrides)
        return self.client.post(self.page_url(number), data=data, content_type="multipart/form-data")

    def complete(self, overrides: dict[str, Any] | None = None) -> Any:
        """Answer every page, then send from the check page; returns the confirmation response."""
        for number in range(1, len(self.form.pages) + 1):
            response = self.answer_page(number, overrides)
            assert response.status_code == 302, soup(response).select_one(".error-summary")
        check = self.client.get(f"/submit/{self.form.slug}/check")
        sent = self.client.post(f"/submit/{self.form.slug}/check",
                                data={"csrf_token": csrf_token(check.get_data(as_text=True))})
        assert sent.status_code == 302, sent.status_code
        return self.client.get(sent.headers["Location"])


def reference_on(response: Any) -> str:
    return soup(response).select_one(".reference").get_text(strip=True)


def file_count(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file()) if folder.exists() else 0
