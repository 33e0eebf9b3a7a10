"""Production's settings: it refuses one-machine settings, believes proxies only when told, and
keeps working when Redis does not answer."""

from __future__ import annotations

import logging

import pytest
from backend_support import csrf_token, free_port
from test_backend_security import PRODUCTION_ENV

from backend import create_app
from backend.commands import upgrade_database
from backend.config import Config


@pytest.mark.parametrize(("missing", "message"), [
    ("REDIS_URL", "REDIS_URL is not set"),
    ("PORTAL_PUBLIC_URL", "PORTAL_PUBLIC_URL is not set"),
    ("PORTAL_MAIL_MODE", "PORTAL_MAIL_MODE is not smtp"),
])
def test_production_refuses_settings_that_only_suit_one_machine(monkeypatch, missing, message) -> None:
    monkeypatch.setenv("SECRET_KEY", "a-long-random-value")
    for name, value in PRODUCTION_ENV.items():
        if name == missing:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    with pytest.raises(RuntimeError, match=message):
        Config.production()


def test_production_refuses_the_mail_folder_even_when_asked_for(monkeypatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "a-long-random-value")
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("PORTAL_MAIL_MODE", "folder")
    with pytest.raises(RuntimeError, match="never sent"):
        Config.production()


def sign_in_asks(app, count: int, forwarded_for: str | None, first: int = 0) -> list[int]:
    """``count`` requests for a sign-in link, each for a different address, from one socket address."""
    codes = []
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    environ = {"REMOTE_ADDR": "10.0.0.2"}  # the proxy
    for n in range(first, first + count):
        client = app.test_client()
        page = client.get("/account/sign-in", headers=headers, environ_base=environ)
        codes.append(client.post("/account/sign-in", headers=headers, environ_base=environ, data={
            "csrf_token": csrf_token(page.get_data(as_text=True)),
            "email": f"resident{n}@example.com"}).status_code)
    return codes


def proxied_app(tmp_path, proxies: int, **settings):
    app = create_app(Config(INSTANCE_DIR=tmp_path / "instance", SECRET_KEY="s", TRUSTED_PROXIES=proxies, **settings))
    upgrade_database(app)
    return app


def test_two_residents_behind_one_trusted_proxy_get_separate_limits(tmp_path) -> None:
    app = proxied_app(tmp_path, 1)
    assert sign_in_asks(app, 21, "203.0.113.7") == [200] * 20 + [429]  # 20 an hour from one address
    assert sign_in_asks(app, 1, "198.51.100.4") == [200]  # a neighbour behind the same proxy is not locked out


def test_a_forged_forwarded_header_without_a_trusted_proxy_changes_nothing(tmp_path) -> None:
    app = proxied_app(tmp_path, 0)
    codes = [sign_in_asks(app, 1, f"203.0.113.{n}", n)[0] for n in range(21)]
    assert codes == [200] * 20 + [429]


def test_behind_a_trusted_proxy_only_the_proxys_own_entry_counts(tmp_path) -> None:
    app = proxied_app(tmp_path, 1)
    # A resident adding their own X-Forwarded-For entries: the proxy appends the real one last.
    codes = [sign_in_asks(app, 1, f"192.0.2.{n}, 203.0.113.7", n)[0] for n in range(21)]
    assert codes == [200] * 20 + [429]


def test_with_redis_down_rate_limited_posts_still_work_and_it_is_logged_once(tmp_path, caplog) -> None:
    app = proxied_app(tmp_path, 0, RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{free_port()}/0")
    with caplog.at_level(logging.WARNING):
        codes = sign_in_asks(app, 3, None)
        client = app.test_client()
        page = client.get("/track/")
        codes.append(client.post("/track/", data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                                                  "reference": "4QM-7XH-9RK", "contact": "a@example.com"}).status_code)
    assert codes == [200, 200, 200, 400]  # the track answer is "not found", not a 500
    unreachable = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(unreachable) == 1
    # Limits still hold in memory meanwhile.
    assert sign_in_asks(app, 18, None, 3)[-1] == 429
