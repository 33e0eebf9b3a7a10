"""Admins manage staff, on /staff/admin/ and from the command line: list, disable, re-enable,
reset a password by an emailed single-use link, change role and department; every change is
logged with who made it."""

from __future__ import annotations

import datetime as dt
import re
import shlex

from backend_support import csrf_token, soup
from conftest import PROJECT
from freezegun import freeze_time
from staff_support import (
    HIGHWAYS,
    PASSWORD,
    WASTE,
    add_staff,
    emailed_code,
    enter_code,
    password_step,
    post_with_token,
    sign_in,
)

from backend.storage.db import db
from backend.storage.models import LoginSession, OutboxMessage, Staff, StaffChange

NEW_PASSWORD = "seven purple otters juggling"


def admin_and_officer(client) -> tuple[Staff, Staff]:
    admin = add_staff("admin@kestrelford.example", HIGHWAYS, admin=True)
    officer = add_staff("officer@kestrelford.example", HIGHWAYS)
    sign_in(client, admin)
    return admin, officer


def act(client, officer: Staff, action: str, data: dict | None = None):
    page = f"/staff/admin/{officer.id}"
    return post_with_token(client, f"{page}/{action}", data or {}, token_from=page)


def banner(client, url: str) -> str:
    return soup(client.get(url)).select_one(".notification-banner--success .notification-banner__heading").get_text(
        " ", strip=True)


def reset_link(email: str) -> str:
    message = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.to_address == email)
                                 .order_by(OutboxMessage.id.desc())).first()
    return re.search(r"https://www\.kestrelford\.example(/staff/reset-password/\S+)", message.body_text).group(1)


def choose_password(client, link: str, password: str, confirm: str | None = None):
    page = client.get(link)
    return client.post(link, data={"csrf_token": csrf_token(page.get_data(as_text=True)), "password": password,
                                   "confirm": password if confirm is None else confirm})


def test_admin_lists_staff_and_the_page_is_for_admins_only(app, client) -> None:
    admin, officer = admin_and_officer(client)
    page = soup(client.get("/staff/admin/"))
    rows = {r.select("td")[0].get_text(strip=True): [td.get_text(strip=True) for td in r.select("td")[1:]]
            for r in page.select("table.staff-people tbody tr")}
    assert rows == {"admin@kestrelford.example": ["Admin", HIGHWAYS, "Active"],
                    "officer@kestrelford.example": ["Officer", HIGHWAYS, "Active"]}
    assert page.select_one("header a[href='/staff/admin/']").get_text() == "Manage staff"
    other = app.test_client()
    sign_in(other, officer)
    assert other.get("/staff/admin/").status_code == 403
    assert other.get(f"/staff/admin/{admin.id}").status_code == 403
    assert post_with_token(other, f"/staff/admin/{admin.id}/disable", {}).status_code == 403
    assert soup(other.get("/staff/")).select_one("header a[href='/staff/admin/']") is None
    assert app.test_client().get("/staff/admin/").headers["Location"].endswith("/staff/sign-in")


def test_disabling_ends_sessions_and_stops_sign_in_until_re_enabled(app, client) -> None:
    admin, officer = admin_and_officer(client)
    theirs = app.test_client()
    sign_in(theirs, officer)
    assert theirs.get("/staff/").status_code == 200
    assert act(client, officer, "disable").status_code == 302
    assert "is disabled and has been signed out everywhere" in banner(client, f"/staff/admin/{officer.id}")
    # Their open session ended at once; the password no longer leads to a code.
    assert theirs.get("/staff/").headers["Location"].endswith("/staff/sign-in")
    assert db.session.scalars(db.select(LoginSession).where(LoginSession.staff_id == officer.id,
                                                            LoginSession.ended_at.is_(None))).all() == []
    refused = password_step(app.test_client(), officer.email)
    assert refused.status_code == 403 and "Your account has been disabled" in refused.get_data(as_text=True)
    # An admin cannot lock themself out.
    assert act(client, admin, "disable").status_code == 400
    assert act(client, officer, "enable").status_code == 302
    sign_in(app.test_client(), officer)
    log = [(c.action, c.actor) for c in db.session.scalars(db.select(StaffChange).order_by(StaffChange.id))]
    assert log == [("disabled", admin.email), ("enabled", admin.email)]
    shown = soup(client.get("/staff/admin/")).select("table:not(.staff-people) tbody tr")
    assert [[td.get_text(" ", strip=True) for td in r.select("td")][1:] for r in shown] == [
        [officer.email, "Enabled", admin.email], [officer.email, "Disabled", admin.email]]


def test_role_and_department_change_and_are_logged(app, client) -> None:
    admin, officer = admin_and_officer(client)
    assert act(client, officer, "details", {"role": "admin", "department": WASTE}).status_code == 302
    db.session.refresh(officer)
    assert (officer.role, officer.is_admin, officer.department) == ("admin", True, WASTE)
    assert banner(client, f"/staff/admin/{officer.id}") == f"{officer.email} is now admin in {WASTE}."
    details = {c.detail for c in db.session.scalars(db.select(StaffChange))}
    assert details == {"Officer to Admin", f"{HIGHWAYS} to {WASTE}"}
    bad = act(client, officer, "details", {"role": "emperor", "department": "Nowhere"})
    assert bad.status_code == 400
    assert [a.get_text() for a in soup(bad).select(".error-summary a")] == ["Select a role", "Select a department"]
    own = act(client, admin, "details", {"role": "officer", "department": HIGHWAYS})
    assert own.status_code == 400 and "your own admin role" in own.get_data(as_text=True)


def test_password_reset_link_sets_a_new_password_once_and_expires(app, client) -> None:
    _admin, officer = admin_and_officer(client)
    theirs = app.test_client()
    sign_in(theirs, officer)
    assert act(client, officer, "reset-password").status_code == 302
    assert theirs.get("/staff/").status_code == 302  # signed out everywhere
    assert password_step(app.test_client(), officer.email).status_code == 400  # old password retired
    link = reset_link(officer.email)
    stranger = app.test_client()
    short = choose_password(stranger, link, "too short")
    assert short.status_code == 400 and "at least 12 characters" in short.get_data(as_text=True)
    mismatch = choose_password(stranger, link, NEW_PASSWORD, "something else entirely")
    assert mismatch.status_code == 400 and "not the same" in mismatch.get_data(as_text=True)
    done = choose_password(stranger, link, NEW_PASSWORD)
    assert done.status_code == 302 and done.headers["Location"].endswith("/staff/sign-in")
    assert app.test_client().get(link).status_code == 400  # single use
    fresh = app.test_client()
    assert password_step(fresh, officer.email, NEW_PASSWORD).status_code == 302
    assert enter_code(fresh, emailed_code(officer.email)).status_code == 302
    actions = [c.action for c in db.session.scalars(db.select(StaffChange).order_by(StaffChange.id))]
    assert actions == ["password reset", "password set"]

    act(client, officer, "reset-password")
    later = reset_link(officer.email)
    with freeze_time(dt.datetime.now(dt.UTC) + dt.timedelta(hours=25)):
        assert app.test_client().get(later).status_code == 400


def test_the_command_line_manages_staff_and_is_logged(app) -> None:
    runner = app.test_cli_runner()
    officer = add_staff()
    listed = runner.invoke(args=["staff", "list"])
    assert listed.exit_code == 0 and f"{officer.email}\tofficer\t{HIGHWAYS}\tactive" in listed.output
    for args in (["disable", officer.email], ["enable", "Officer@Kestrelford.example"],
                 ["set-role", officer.email, "admin"], ["set-department", officer.email, "waste and recycling"],
                 ["reset-password", officer.email]):
        result = runner.invoke(args=["staff", *args])
        assert result.exit_code == 0, (args, result.output)
    db.session.refresh(officer)
    assert (officer.role, officer.department, officer.is_active) == ("admin", WASTE, True)
    assert reset_link(officer.email)
    log = [(c.action, c.actor) for c in db.session.scalars(db.select(StaffChange).order_by(StaffChange.id))]
    assert [a for a, _ in log] == ["disabled", "enabled", "role changed", "department changed", "password reset"]
    assert {who for _, who in log} == {"the command line"}
    unknown = runner.invoke(args=["staff", "disable", "nobody@kestrelford.example"])
    assert unknown.exit_code != 0 and "no member of staff" in unknown.output
    assert runner.invoke(args=["staff", "set-role", officer.email, "emperor"]).exit_code != 0
    added = runner.invoke(args=["staff", "add", "new@kestrelford.example", "--department", WASTE, "--role", "admin",
                                "--password-stdin"], input=f"{PASSWORD}\n")
    assert added.exit_code == 0, added.output
    assert db.session.scalars(db.select(Staff).where(Staff.email == "new@kestrelford.example")).one().is_admin


def test_every_staff_admin_page_is_for_admins(app) -> None:
    audiences = {endpoint: getattr(view, "audience", None) for endpoint, view in app.view_functions.items()}
    admin_pages = {e: a for e, a in audiences.items() if e.startswith("staff_admin.")}
    assert len(admin_pages) == 6 and set(admin_pages.values()) == {"admin"}
    assert audiences["staff_password.choose"] == "public"  # reached from an email, before signing in


def test_the_readme_shows_a_newcomer_how_to_add_the_first_officer(app) -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    run_section = readme.split("## Set up and run", 1)[1].split("\n## ", 1)[0]
    assert "/staff/" in run_section and "instance/outbox/" in run_section and "--password-stdin" in run_section
    command = next(line for line in run_section.splitlines() if "staff add" in line)
    args = command.split("--app backend ", 1)[1]
    result = app.test_cli_runner().invoke(args=[*shlex.split(args), "--password-stdin"], input=f"{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert db.session.scalars(db.select(Staff)).one().role == "admin"
