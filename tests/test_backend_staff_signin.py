"""Staff accounts and signing in: the command line, password then emailed code, sign-out, logs."""

from __future__ import annotations

import datetime as dt
import logging
import re

import pytest
from backend_support import csrf_token, soup
from staff_support import (
    HIGHWAYS,
    PASSWORD,
    SIGN_IN_PAGES,
    STAFF_BLUEPRINTS,
    WASTE,
    add_staff,
    emailed_code,
    enter_code,
    make_report,
    password_step,
    post_with_token,
    session_cookie,
    sign_in,
)
from werkzeug.security import check_password_hash

from backend.council import forms_of
from backend.mail.outbox import deliver
from backend.staff.signin import CODE_TRIES, DEAD_CODE, WRONG_PASSWORD
from backend.storage.db import db
from backend.storage.models import LoginSession, OutboxMessage, SignInToken, Staff

# --- Accounts from the command line ---------------------------------------------------------------

def test_cli_adds_a_staff_member_with_a_hashed_password(app) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(args=["staff", "add", "Officer@Kestrelford.example", "--department",
                                 "highways and STREET lighting", "--admin"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    staff = db.session.scalars(db.select(Staff)).one()
    assert (staff.email, staff.department, staff.is_admin) == ("officer@kestrelford.example", HIGHWAYS, True)
    assert staff.password_hash.startswith("scrypt:") and check_password_hash(staff.password_hash, PASSWORD)
    assert PASSWORD not in result.output and "officer@" not in result.output.split("Password")[-1]

    piped = runner.invoke(args=["staff", "add", "second@kestrelford.example", "--department", WASTE,
                                "--password-stdin"], input=f"{PASSWORD}\n")
    assert piped.exit_code == 0, piped.output
    second = db.session.scalars(db.select(Staff).where(Staff.email == "second@kestrelford.example")).one()
    assert second.department == WASTE and not second.is_admin
    again = runner.invoke(args=["staff", "add", "second@kestrelford.example", "--department", WASTE,
                                "--password-stdin"], input=f"{PASSWORD}\n")
    assert again.exit_code != 0 and "already" in again.output


def test_cli_refuses_a_short_password(app) -> None:
    result = app.test_cli_runner().invoke(args=["staff", "add", "officer@kestrelford.example", "--department",
                                                HIGHWAYS, "--password-stdin"], input="eleven-char\n")
    assert result.exit_code != 0
    assert "at least 12 characters" in result.output
    assert db.session.scalars(db.select(Staff)).all() == []


def test_cli_refuses_an_unknown_department_and_lists_the_known_ones(app) -> None:
    result = app.test_cli_runner().invoke(args=["staff", "add", "officer@kestrelford.example", "--department",
                                                "Highway", "--password-stdin"], input=f"{PASSWORD}\n")
    assert result.exit_code != 0
    assert "No form uses the department 'Highway'" in result.output
    assert f"Did you mean '{HIGHWAYS}'" in result.output
    for department in {f.department for f in forms_of(app).values()}:
        assert department in " ".join(result.output.split())
    assert db.session.scalars(db.select(Staff)).all() == []


# --- Signing in ------------------------------------------------------------------------------------

def test_sign_in_with_password_then_the_emailed_code(app, client, smtp_inbox) -> None:
    staff = add_staff()
    assert client.get("/staff/").headers["Location"].endswith("/staff/sign-in")
    response = password_step(client, "  OFFICER@kestrelford.example ")
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/sign-in/code")
    assert deliver(app) == (1, 0)
    [mail] = smtp_inbox.messages
    assert mail["To"] == staff.email
    code = re.search(r"^(\d{6})\r?$", mail.get_payload(decode=True).decode(), re.MULTILINE).group(1)
    rows = db.session.scalars(db.select(SignInToken).where(SignInToken.purpose == "staff-code")).all()
    assert rows and all(code not in f"{r.id} {r.code_hash}" for r in rows)  # only a hash is kept
    expires = rows[0].expires_at.replace(tzinfo=dt.UTC) if rows[0].expires_at.tzinfo is None else rows[0].expires_at
    assert dt.timedelta(minutes=9) < expires - dt.datetime.now(dt.UTC) <= dt.timedelta(minutes=10)
    assert staff.email not in client.get_cookie("session").value  # the cookie names no one
    assert client.get("/staff/").status_code == 302  # a password alone does not sign in

    signed_in = enter_code(client, code)
    assert signed_in.headers["Location"].endswith("/staff/")
    queue = client.get("/staff/")
    assert queue.status_code == 200 and staff.email in queue.get_data(as_text=True)
    assert db.session.scalars(db.select(LoginSession).where(LoginSession.staff_id == staff.id)).one()
    assert client.get("/staff/sign-in").headers["Location"].endswith("/staff/")


def test_wrong_password_and_unknown_email_get_the_same_answer(app, client) -> None:
    add_staff()
    wrong_password = password_step(client, "officer@kestrelford.example", "not the password at all")
    unknown_email = password_step(client, "nobody@kestrelford.example")
    assert wrong_password.status_code == unknown_email.status_code == 400
    summaries = [soup(r).select_one(".error-summary").get_text(" ", strip=True)
                 for r in (wrong_password, unknown_email)]
    assert summaries[0] == summaries[1] and WRONG_PASSWORD in summaries[0]
    assert db.session.scalars(db.select(OutboxMessage)).all() == []
    assert client.get("/staff/sign-in/code").headers["Location"].endswith("/staff/sign-in")


def test_an_expired_code_is_refused(app, client) -> None:
    staff = add_staff()
    password_step(client, staff.email)
    code = emailed_code(staff.email)
    db.session.execute(db.update(SignInToken).where(SignInToken.purpose == "staff-code")
                       .values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
    db.session.commit()
    response = enter_code(client, code)
    assert response.status_code == 400 and DEAD_CODE in response.get_data(as_text=True)
    assert client.get("/staff/").status_code == 302


def test_a_code_works_only_once(app, client) -> None:
    staff = add_staff()
    password_step(client, staff.email)
    code = emailed_code(staff.email)
    before = session_cookie(client)  # what someone who copied the browser's cookie would hold
    assert enter_code(client, code).status_code == 302
    client.set_cookie("session", before)
    reused = enter_code(client, code)
    assert reused.status_code == 400 and DEAD_CODE in reused.get_data(as_text=True)
    assert client.get("/staff/").status_code == 302


def test_five_wrong_tries_kill_the_code(app, client) -> None:
    staff = add_staff()
    password_step(client, staff.email)
    code = emailed_code(staff.email)
    wrong = f"{(int(code) + 1) % 10 ** 6:06d}"
    before = session_cookie(client)
    shape = enter_code(client, "12345")  # not a code's shape: told so, and no try spent
    assert shape.status_code == 400 and "Enter the 6-digit code" in shape.get_data(as_text=True)
    for left in range(CODE_TRIES - 1, 0, -1):
        response = enter_code(client, wrong)
        assert response.status_code == 400
        assert f"you have {left} {'try' if left == 1 else 'tries'} left" in response.get_data(as_text=True)
    last = enter_code(client, wrong)  # the fifth wrong try
    assert last.status_code == 400 and DEAD_CODE in last.get_data(as_text=True)
    client.set_cookie("session", before)
    right_too_late = enter_code(client, code)
    assert right_too_late.status_code == 400 and DEAD_CODE in right_too_late.get_data(as_text=True)
    assert client.get("/staff/").status_code == 302
    [row] = db.session.scalars(db.select(SignInToken).where(SignInToken.purpose == "staff-code")).all()
    assert row.failed_tries == CODE_TRIES


def test_a_new_password_sign_in_retires_the_previous_code(app, client) -> None:
    staff = add_staff()
    password_step(client, staff.email)
    first = emailed_code(staff.email)
    password_step(client, staff.email)
    second = emailed_code(staff.email)
    if first != second:  # one chance in a million they are the same
        assert enter_code(client, first).status_code == 400
    assert enter_code(client, second).status_code == 302


def test_sign_in_posts_are_rate_limited(app, client) -> None:
    add_staff()
    for _ in range(10):
        assert password_step(client, "officer@kestrelford.example", "wrong password!!").status_code == 400
    assert password_step(client, "officer@kestrelford.example").status_code == 429


def test_signing_out_ends_the_session_on_the_server(app, client) -> None:
    staff = add_staff()
    sign_in(client, staff)
    copied = session_cookie(client)
    response = post_with_token(client, "/staff/sign-out", {})
    assert response.headers["Location"].endswith("/staff/sign-in")
    assert "You have signed out" in client.get("/staff/sign-in").get_data(as_text=True)
    client.set_cookie("session", copied)  # the old cookie is no good: the session ended server-side
    assert client.get("/staff/").headers["Location"].endswith("/staff/sign-in")
    assert db.session.scalars(db.select(LoginSession)).one().ended_at is not None


# --- Every page declares who it is for --------------------------------------------------------------

def test_every_staff_page_sends_an_anonymous_browser_to_sign_in(app, client) -> None:
    token = csrf_token(client.get("/staff/sign-in").get_data(as_text=True))
    checked = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.partition(".")[0] not in STAFF_BLUEPRINTS or rule.endpoint in SIGN_IN_PAGES:
            continue
        with app.test_request_context():
            url = app.url_for(rule.endpoint, **{name: 1 for name in rule.arguments})
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            # A valid CSRF token, so it is the sign-in check that answers, not the CSRF check.
            response = client.open(url, method=method, data={"csrf_token": token} if method == "POST" else None)
            assert response.status_code == 302, (rule.endpoint, method, response.status_code)
            assert response.headers["Location"].endswith("/staff/sign-in"), (rule.endpoint, method)
            checked.append((rule.endpoint, method))
    assert len(checked) >= 10, checked


# --- Logs -------------------------------------------------------------------------------------------

def test_logs_never_hold_codes_email_addresses_or_names(app, client, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    report = make_report(app)
    staff = add_staff()
    password_step(client, "nobody@kestrelford.example")
    password_step(client, staff.email, "the wrong password")
    password_step(client, staff.email)
    code = emailed_code(staff.email)
    enter_code(client, "000000" if code != "000000" else "111111")
    assert enter_code(client, code).status_code == 302
    url = f"/staff/cases/{report.reference}"
    post_with_token(client, f"{url}/status", {"status": "resolved", "status_message": "Done"}, token_from=url)
    post_with_token(client, f"{url}/notes", {"note_text": "Alex Resident rang again"}, token_from=url)
    post_with_token(client, "/staff/sign-out", {})
    assert "signed in" in caplog.text  # the events are logged...
    for secret in (code, staff.email, "nobody@kestrelford.example", "resident@example.com", "Alex Resident",
                   PASSWORD, "kestrelford.example"):
        assert secret not in caplog.text  # ...but never who or what


def test_after_signing_in_the_officer_lands_on_the_case_they_followed(app, client) -> None:
    staff = add_staff()
    report = make_report(app)
    assert client.get(f"/staff/cases/{report.reference}").headers["Location"].endswith("/staff/sign-in")
    password_step(client, staff.email)
    landed = enter_code(client, emailed_code(staff.email))
    assert landed.headers["Location"].endswith(f"/staff/cases/{report.reference}")

