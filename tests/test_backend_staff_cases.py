"""The staff side's work: the queue, a case and its actions, department isolation, reports recorded by phone."""

from __future__ import annotations

from typing import Any

from backend_support import csrf_token, good_answer, soup
from staff_support import (
    HIGHWAYS,
    WASTE,
    add_photo,
    add_staff,
    make_report,
    post_with_token,
    resident_mail,
    sign_in,
)

from backend.cases.history import public_timeline
from backend.council import forms_of
from backend.mail.outbox import deliver
from backend.storage.db import db
from backend.storage.models import OutboxMessage, Report, ReportUpdate
from portal.references import is_valid

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
    assert rows[2][1:4] == ["Report a street light fault", "Outside 12 High Street, by the bus stop", "In progress"]
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
    assert changed.status_code == 302 and changed.headers["Location"].endswith(url)
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


