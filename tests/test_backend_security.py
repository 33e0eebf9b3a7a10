"""Security by default: headers, CSRF, the honeypot, size limits, production's secret key, many at once."""

from __future__ import annotations

import concurrent.futures

import pytest
from backend_support import Journey, csrf_token, reference_on

from backend.config import Config
from backend.council import forms_of
from backend.storage.db import db
from backend.storage.models import OutboxMessage, Report
from backend.web.access import AUDIENCES
from backend.web.security import set_security_headers


def test_security_headers_are_exactly_these(app, client) -> None:
    response = client.get("/submit/report-a-pothole/1")
    expected = {
        "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
        "script-src 'self' 'wasm-unsafe-eval'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
        "object-src 'none'",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cache-Control": "no-store",
    }
    found = {name: response.headers.get(name) for name in expected}
    assert found == expected
    # The one function that sets them is the only place they come from.
    bare = app.response_class("x", mimetype="text/html")
    assert {n: set_security_headers(bare).headers.get(n) for n in expected} == expected
    assert client.get("/no-such-page").headers["X-Frame-Options"] == "DENY"


def test_pages_use_no_inline_script_or_style(client) -> None:
    html = client.get("/submit/report-a-pothole/1").get_data(as_text=True)
    assert "<script>" not in html and "style=" not in html and "<style" not in html


def test_post_without_csrf_token_is_refused(app, client) -> None:
    response = client.post("/submit/report-a-missed-bin/1", data={"address": "1 High Street"})
    assert response.status_code == 400
    assert "we could not accept that page" in response.get_data(as_text=True)
    assert db.session.scalars(db.select(Report)).all() == []


def test_honeypot_filled_in_is_refused_and_nothing_is_kept(app, client) -> None:
    form = forms_of(app)["report-a-missed-bin"]
    response = Journey(client, form).answer_page(1, {"website": "http://spam.example"})
    assert response.status_code == 400
    assert client.get("/submit/report-a-missed-bin/check").status_code == 302  # no page was saved


def test_request_larger_than_the_limit_is_refused(app, client) -> None:
    page = client.get("/submit/report-a-pothole/1")
    body = {"csrf_token": csrf_token(page.get_data(as_text=True)), "location": "x" * (32 * 1024 * 1024)}
    response = client.post("/submit/report-a-pothole/1", data=body, content_type="multipart/form-data")
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)


PRODUCTION_ENV = {"REDIS_URL": "redis://cache:6379/0", "PORTAL_PUBLIC_URL": "https://www.kestrelford.example",
                  "PORTAL_MAIL_MODE": "smtp"}


def test_production_refuses_to_start_without_a_secret_key(monkeypatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY is not set"):
        Config.production()
    monkeypatch.setenv("SECRET_KEY", "a-long-random-value")
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)
    config = Config.production()
    assert config.flask_settings()["SESSION_COOKIE_SECURE"] is True


def test_session_cookie_is_http_only_and_same_site(app, client) -> None:
    form = forms_of(app)["report-a-missed-bin"]
    response = Journey(client, form).answer_page(1)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_fifty_residents_at_once_get_fifty_distinct_references(app) -> None:
    form = forms_of(app)["report-a-missed-bin"]

    def one_resident(_: int) -> str:
        return reference_on(Journey(app.test_client(), form).complete())

    with concurrent.futures.ThreadPoolExecutor(max_workers=10) as pool:
        references = list(pool.map(one_resident, range(50)))
    assert len(set(references)) == 50
    db.session.expire_all()
    stored = db.session.scalars(db.select(Report.reference)).all()
    assert sorted(stored) == sorted(references)
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 50


def redis_url() -> str:
    import os

    import redis

    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        if os.environ.get("CI"):
            pytest.fail("Redis must answer on 127.0.0.1:6379 in CI (.ci/run starts it)")
        pytest.skip("Redis is not answering on 127.0.0.1:6379; CI runs this test against it")
    return url


@pytest.mark.parametrize("database_kind", ["sqlite"])
def test_rate_limits_are_shared_between_processes_through_redis(tmp_path, database_kind) -> None:
    """Two app processes behind one proxy count one resident's sign-in requests together."""
    import redis

    from backend import create_app
    from backend.commands import upgrade_database

    url = redis_url()
    redis.Redis.from_url(url).flushdb()
    apps = []
    for _ in range(2):
        config = Config(INSTANCE_DIR=tmp_path / "instance", RATELIMIT_STORAGE_URI=url, SECRET_KEY="shared")
        apps.append(create_app(config))
    upgrade_database(apps[0])
    codes = []
    for i in range(6):
        client = apps[i % 2].test_client()
        page = client.get("/account/sign-in")
        codes.append(client.post("/account/sign-in", data={
            "csrf_token": csrf_token(page.get_data(as_text=True)), "email": "same@example.com"}).status_code)
    assert codes == [200] * 5 + [429]
    redis.Redis.from_url(url).flushdb()


def test_a_broken_form_file_stops_start_up_with_file_and_line(tmp_path) -> None:
    import shutil

    from backend import create_app
    from portal.forms import FormSpecError

    forms = tmp_path / "forms"
    shutil.copytree(Config().FORMS_DIR, forms)
    path = forms / "report-a-pothole.yaml"
    text = path.read_text()
    path.write_text(text.replace("target_days: 5", "target_days: soon"))
    line = next(n for n, t in enumerate(path.read_text().splitlines(), 1) if t.startswith("target_days"))
    with pytest.raises(FormSpecError) as caught:
        create_app(Config(INSTANCE_DIR=tmp_path / "instance", FORMS_DIR=forms))
    assert f"report-a-pothole.yaml:{line}: target_days" in str(caught.value)


def test_every_endpoint_declares_its_audience(app) -> None:
    undeclared = [endpoint for endpoint, view in app.view_functions.items()
                  if endpoint != "static" and getattr(view, "audience", None) not in AUDIENCES]
    assert undeclared == [], f"add @public, @resident_required, @staff_required or @admin_required to: {undeclared}"


def test_the_session_cookie_is_sent_again_only_when_it_changes(app, client) -> None:
    """A page that changes nothing in the session does not re-sign and resend the cookie."""
    journey = Journey(client, forms_of(app)["report-a-pothole"])
    assert "Set-Cookie" in journey.answer_page(1).headers  # the draft is new: the browser is told
    again = client.get(journey.page_url(2))
    assert again.status_code == 200 and "Set-Cookie" not in again.headers
    assert journey.answer_page(2).status_code == 302  # the cookie it holds still finds the draft


def test_a_refused_request_says_when_to_try_again_and_other_pages_never_count(app, client) -> None:
    """Limits are checked by the views that have them (no check on every request): a limited
    view's answers carry the limit, and its 429 says how long to wait; unlimited pages carry none."""
    tracked = client.get("/track/")
    token = csrf_token(tracked.get_data(as_text=True))
    answers = [client.post("/track/", data={"csrf_token": token, "reference": "4QM-7XH-9RK", "contact": "a@b.example"})
               for _ in range(31)]
    assert [a.status_code for a in answers] == [400] * 30 + [429]
    assert answers[0].headers["X-RateLimit-Limit"] == "30" and answers[0].headers["X-RateLimit-Remaining"] == "29"
    assert 3000 < int(answers[-1].headers["Retry-After"]) <= 3600
    for page in (tracked, client.get("/submit/report-a-pothole/1"), client.get("/no-such-page")):
        assert "X-RateLimit-Limit" not in page.headers and "Retry-After" not in page.headers
