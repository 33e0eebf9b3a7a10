"""The staff side: accounts from the command line, password-then-emailed-code sign-in, the queue,
the case page and its actions, department isolation, and reports recorded by phone."""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

import pytest
from backend_support import csrf_token, good_answer, png_bytes, soup
from werkzeug.security import check_password_hash

from backend.access import AUDIENCES
from backend.casehistory import public_timeline
from backend.db import db
from backend.models import LoginSession, OutboxMessage, Photo, Report, ReportUpdate, SignInToken, Staff
from backend.outbox import deliver
from backend.photos import check_photo, store_photo
from backend.reports import create_report
from backend.staff_signin import CODE_TRIES, DEAD_CODE, WRONG_PASSWORD, hash_password
from backend.theme import forms_of
from portal.references import is_valid

PASSWORD = "correct horse battery staple"
HIGHWAYS = "Highways and street lighting"
WASTE = "Waste and recycling"
SIGN_IN_PAGES = {"staff_signin.sign_in", "staff_signin.sign_in_code"}


# --- Helpers -------------------------------------------------------------------------------------

def add_staff(email: str = "officer@kestrelford.example", department: str = HIGHWAYS, *,
              admin: bool = False) -> Staff:
    staff = Staff(email=email, department=department, is_admin=admin, password_hash=hash_password(PASSWORD))
    db.session.add(staff)
    db.session.commit()
    return staff


def password_step(client: Any, email: str, password: str = PASSWORD) -> Any:
    page = client.get("/staff/sign-in")
    return client.post("/staff/sign-in", data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                                               "email": email, "password": password})


def emailed_code(email: str) -> str:
    message = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.to_address == email)
                                 .order_by(OutboxMessage.id.desc())).first()
    return re.search(r"^(\d{6})$", message.body_text, re.MULTILINE).group(1)


def enter_code(client: Any, code: str) -> Any:
    page = client.get("/staff/sign-in/code")
    assert page.status_code == 200, page.status_code
    return client.post("/staff/sign-in/code", data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                                                    "code": code})


def sign_in(client: Any, staff: Staff) -> None:
    assert password_step(client, staff.email).status_code == 302
    response = enter_code(client, emailed_code(staff.email))
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/")


def post_with_token(client: Any, url: str, data: dict[str, Any], *, token_from: str = "/staff/") -> Any:
    token = csrf_token(client.get(token_from).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


def make_report(app: Any, slug: str = "report-a-pothole", *, status: str = "received", due_in: int = 5,
                email: str | None = "resident@example.com", name: str = "Alex Resident") -> Report:
    spec = forms_of(app)[slug]
    answers = {f.name: good_answer(f) for f in spec.fields if f.type != "photo"}
    answers.update(email=email, name=name)
    for f in spec.fields:
        if f.type == "location":
            answers[f.name] = {"description": good_answer(f), "latitude": None, "longitude": None}
    report = create_report(spec, answers)
    report.status = status
    report.due_date = dt.date.today() + dt.timedelta(days=due_in)
    # The confirmation email is tested with the resident's journey; these tests look at what staff send.
    db.session.execute(db.delete(OutboxMessage))
    db.session.commit()
    return report


def add_photo(app: Any, report: Report) -> Photo:
    checked = check_photo(png_bytes(), "pothole.png", app.config["PHOTO_MAX_BYTES"])
    photo = Photo(stored_name=store_photo(checked), field_name="photos",
                  content_type=checked.content_type, size=len(checked.data), width=checked.width,
                  height=checked.height, report=report)
    db.session.add(photo)
    db.session.commit()
    return photo


def resident_mail() -> list[OutboxMessage]:
    return list(db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.to_address == "resident@example.com")))


def session_cookie(client: Any) -> str:
    return client.get_cookie("session").value


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
        if rule.endpoint.partition(".")[0] not in ("staff", "staff_signin") or rule.endpoint in SIGN_IN_PAGES:
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


def test_every_endpoint_declares_its_audience(app) -> None:
    undeclared = [endpoint for endpoint, view in app.view_functions.items()
                  if endpoint != "static" and getattr(view, "audience", None) not in AUDIENCES]
    assert undeclared == [], f"add @public, @resident_required or @staff_required to: {undeclared}"


# --- The queue ---------------------------------------------------------------------------------------

def queue_rows(client: Any, query: str = "") -> list[list[str]]:
    page = soup(client.get(f"/staff/{query}"))
    return [[td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in page.select("table.queue tbody tr")
            if tr.find("a")]


def test_queue_filters_and_sorts_by_due_date(app, client) -> None:
    later = make_report(app, "report-a-street-light-fault", status="in-progress", due_in=10)
    soon = make_report(app, due_in=3)
    overdue = make_report(app, due_in=-1)
    closed = make_report(app, status="resolved", due_in=-5)
    other_department = make_report(app, "report-a-missed-bin", due_in=0)
    sign_in(client, add_staff())

    rows = queue_rows(client)  # open cases by default, soonest due first
    assert [r[0] for r in rows] == [overdue.reference, soon.reference, later.reference]
    assert rows[0][-1].endswith("Overdue") and not any("Overdue" in r[-1] for r in rows[1:])
    assert rows[2][1:3] == ["Report a street light fault", "In progress"]
    assert [r[0] for r in queue_rows(client, "?status=closed")] == [closed.reference]
    assert [r[0] for r in queue_rows(client, "?status=any")] == [closed.reference, overdue.reference,
                                                                  soon.reference, later.reference]
    assert [r[0] for r in queue_rows(client, "?status=in-progress")] == [later.reference]
    assert [r[0] for r in queue_rows(client, "?status=any&form=report-a-pothole")] == [
        closed.reference, overdue.reference, soon.reference]
    assert [r[0] for r in queue_rows(client, "?status=any&overdue=1")] == [overdue.reference]
    # Another department's filter is ignored for an officer: they only ever see their own.
    assert other_department.reference not in str(queue_rows(client, f"?status=any&department={WASTE}"))


def test_admins_see_every_department_and_can_filter_by_one(app, client) -> None:
    pothole = make_report(app, due_in=2)
    bin_report = make_report(app, "report-a-missed-bin", due_in=1)
    sign_in(client, add_staff("admin@kestrelford.example", admin=True))
    assert [r[0] for r in queue_rows(client)] == [bin_report.reference, pothole.reference]
    assert [r[0] for r in queue_rows(client, f"?department={WASTE.replace(' ', '+')}")] == [bin_report.reference]
    assert client.get(f"/staff/cases/{bin_report.reference}").status_code == 200


# --- A case ------------------------------------------------------------------------------------------

def test_case_page_shows_answers_contact_details_photos_and_history(app, client) -> None:
    report = make_report(app)
    photo = add_photo(app, report)
    db.session.add(ReportUpdate(report=report, visibility="internal", author="staff", text="Crew booked"))
    db.session.commit()
    sign_in(client, add_staff())
    page = soup(client.get(f"/staff/cases/{report.reference.lower().replace('-', '')}"))  # as read out
    values = {row.dt.get_text(strip=True): row.dd.get_text(" ", strip=True)
              for row in page.select(".summary-list__row")}
    assert values["Where on the road is it?"] == "In the middle of the road"  # the choice's label
    assert values["Photos of the pothole"] == "1 photo"
    assert values["Name"] == "Alex Resident" and values["Email address"] == "resident@example.com"
    assert values["How it was made"] == "Online"
    history = page.select_one(".timeline").get_text(" ", strip=True)
    assert "Crew booked" in history and "Internal note — not shown to the resident" in history
    assert page.find("img", src=f"/staff/photos/{photo.id}")

    served = client.get(f"/staff/photos/{photo.id}")
    assert served.status_code == 200 and served.mimetype == "image/png" and served.data.startswith(b"\x89PNG")
    assert served.headers["Content-Disposition"].startswith("inline")
    assert "no-store" in served.headers["Cache-Control"]
    assert client.get("/staff/photos/999999").status_code == 404
    assert client.get("/staff/cases/4QM-7XH-9RK").status_code == 404


def test_officers_of_another_department_get_not_found(app, client) -> None:
    report = make_report(app)
    photo = add_photo(app, report)
    sign_in(client, add_staff("bins@kestrelford.example", WASTE))
    assert client.get(f"/staff/cases/{report.reference}").status_code == 404
    assert client.get(f"/staff/photos/{photo.id}").status_code == 404
    for action, data in (("status", {"status": "resolved"}), ("updates", {"update_text": "Hello"}),
                         ("notes", {"note_text": "Hello"}), ("department", {"department": WASTE})):
        assert post_with_token(client, f"/staff/cases/{report.reference}/{action}", data).status_code == 404
    db.session.refresh(report)
    assert (report.status, report.department, report.updates) == ("received", HIGHWAYS, [])


def test_status_change_and_public_update_reach_the_resident(app, client, smtp_inbox) -> None:
    report = make_report(app)
    staff = add_staff()
    sign_in(client, staff)
    deliver(app)
    smtp_inbox.messages.clear()
    url = f"/staff/cases/{report.reference}"
    changed = post_with_token(client, f"{url}/status", {"status": "scheduled",
                                                         "status_message": "A crew will fill it on Tuesday."},
                              token_from=url)
    assert changed.status_code == 302 and changed.headers["Location"].endswith(f"{url}#history")
    written = post_with_token(client, f"{url}/updates", {"update_text": "The crew has the address."}, token_from=url)
    assert written.status_code == 302
    db.session.refresh(report)
    assert report.status == "scheduled"
    status_update, public_update = report.updates
    assert (status_update.visibility, status_update.author, status_update.status, status_update.staff_id) == (
        "public", "staff", "scheduled", staff.id)
    assert (public_update.visibility, public_update.text) == ("public", "The crew has the address.")
    seen = [(e.heading, e.text) for e in public_timeline(report, include_resident=True)]
    assert ("Status changed to: Scheduled", "A crew will fill it on Tuesday.") in seen
    assert ("Update from the council", "The crew has the address.") in seen

    assert deliver(app) == (2, 0)
    assert [m["To"] for m in smtp_inbox.messages] == ["resident@example.com"] * 2
    bodies = [m.get_payload(decode=True).decode() for m in smtp_inbox.messages]
    assert report.reference in smtp_inbox.messages[0]["Subject"]
    assert "Status: Scheduled" in bodies[0] and "A crew will fill it on Tuesday." in bodies[0]
    assert "The crew has the address." in bodies[1]


def test_an_internal_note_is_never_emailed_or_shown_to_the_resident(app, client) -> None:
    report = make_report(app)
    sign_in(client, add_staff())
    url = f"/staff/cases/{report.reference}"
    assert post_with_token(client, f"{url}/notes", {"note_text": "Resident sounded upset"},
                           token_from=url).status_code == 302
    db.session.refresh(report)
    [note] = report.updates
    assert (note.visibility, note.author, note.text) == ("internal", "staff", "Resident sounded upset")
    assert resident_mail() == []
    assert all(e.text != "Resident sounded upset" for e in public_timeline(report, include_resident=True))
    page = client.get(url).get_data(as_text=True)
    assert "Internal note — not shown to the resident" in page and "Resident sounded upset" in page


def test_actions_check_what_they_are_given(app, client) -> None:
    report = make_report(app)
    sign_in(client, add_staff())
    url = f"/staff/cases/{report.reference}"
    for action, data, message in (
        ("updates", {"update_text": "   "}, "Enter the update to the resident"),
        ("notes", {"note_text": ""}, "Enter the internal note"),
        ("status", {"status": "received"}, "The case is already Received"),
        ("status", {"status": "made-up"}, "Select the new status"),
        ("department", {"department": "Nowhere"}, "Select the department to pass the case to"),
    ):
        response = post_with_token(client, f"{url}/{action}", data, token_from=url)
        assert response.status_code == 400, action
        assert message in soup(response).select_one(".error-summary").get_text(" ", strip=True)
    db.session.refresh(report)
    assert report.updates == [] and resident_mail() == []


def test_reassigning_moves_the_case_and_records_it_internally(app, client) -> None:
    report = make_report(app)
    sign_in(client, add_staff())
    url = f"/staff/cases/{report.reference}"
    response = post_with_token(client, f"{url}/department",
                               {"department": WASTE, "reassign_reason": "A bin, not a hole"}, token_from=url)
    assert response.headers["Location"].endswith("/staff/")
    assert f"passed to {WASTE}" in client.get("/staff/").get_data(as_text=True)
    db.session.refresh(report)
    [entry] = report.updates
    assert (report.department, entry.visibility, entry.department, entry.text) == (
        WASTE, "internal", WASTE, "A bin, not a hole")
    assert resident_mail() == []
    assert client.get(url).status_code == 404  # it is the other department's now


# --- Recording a report made by phone -----------------------------------------------------------------

def test_recording_a_phone_report(app, client) -> None:
    staff = add_staff("contact-centre@kestrelford.example", WASTE)
    sign_in(client, staff)
    chosen = client.get("/staff/cases/new?form=report-a-pothole")
    assert chosen.headers["Location"].endswith("/staff/cases/new/report-a-pothole")
    form = forms_of(app)["report-a-pothole"]
    page = client.get("/staff/cases/new/report-a-pothole")
    labels = [label.get_text(" ", strip=True) for label in soup(page).select("label.label, legend")]
    assert "Where is the pothole?" in labels and "Email address (optional)" in labels

    token = csrf_token(page.get_data(as_text=True))
    incomplete = client.post("/staff/cases/new/report-a-pothole", data={"csrf_token": token, "name": "Sam Caller"})
    assert incomplete.status_code == 400
    problems = [a.get_text(strip=True) for a in soup(incomplete).select(".error-summary a")]
    assert problems[0] == "Select how the resident made the report"
    assert "Enter where the pothole is" in problems

    answers = {f.name: good_answer(f) for f in form.fields}
    answers.update(csrf_token=token, channel="phone", name="Sam Caller", email="caller@example.com")
    sent = client.post("/staff/cases/new/report-a-pothole", data=answers, content_type="multipart/form-data")
    assert sent.status_code == 302, soup(sent).select_one(".error-summary")
    done = client.get(sent.headers["Location"])
    reference = soup(done).select_one(".reference").get_text(strip=True)
    assert is_valid(reference)
    report = db.session.scalars(db.select(Report)).one()
    assert (report.reference, report.channel, report.department, report.email) == (
        reference, "phone", HIGHWAYS, "caller@example.com")
    assert report.answers["position"] == form.field("position").choices[0].value
    assert len(report.photos) == 1
    [confirmation] = db.session.scalars(db.select(OutboxMessage).where(
        OutboxMessage.to_address == "caller@example.com")).all()
    assert reference in confirmation.subject
    [recorded] = report.updates
    assert (recorded.visibility, recorded.staff_id) == ("internal", staff.id)
    # The contact centre works for Waste, so it is told where the report went, not shown a link to it.
    assert "Highways and street lighting" in done.get_data(as_text=True)
    assert not soup(done).find("a", href=f"/staff/cases/{reference}")


def test_a_phone_report_without_an_email_address_is_kept_without_email(app, client) -> None:
    sign_in(client, add_staff())
    form = forms_of(app)["report-a-street-light-fault"]
    page = client.get(f"/staff/cases/new/{form.slug}")
    answers = {f.name: good_answer(f) for f in form.fields}
    answers.update(csrf_token=csrf_token(page.get_data(as_text=True)), channel="face-to-face", email="")
    assert client.post(f"/staff/cases/new/{form.slug}", data=answers).status_code == 302
    report = db.session.scalars(db.select(Report)).one()
    assert (report.channel, report.email) == ("face-to-face", None)
    assert db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.to_address != "officer@kestrelford.example")
                              ).all() == []  # only the officer's sign-in code
    assert client.get("/staff/cases/new?form=no-such-form").status_code == 400
    assert client.get("/staff/cases/new/no-such-form").status_code == 404


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
