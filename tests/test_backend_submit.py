"""A resident's journey through every form: pages, errors, check your answers, confirmation, email."""

from __future__ import annotations

import datetime as dt

import pytest
from backend_support import Journey, csrf_token, good_answer, posted, reference_on, soup
from conftest import PROJECT

from backend.council import forms_of
from backend.mail.outbox import deliver
from backend.storage.db import db
from backend.storage.models import Draft, OutboxMessage, Report
from portal.forms import load_forms
from portal.references import is_valid
from portal.workdays import add_working_days

ALL_FORMS = sorted(load_forms(PROJECT / "forms"))


@pytest.mark.parametrize("slug", ALL_FORMS)
def test_every_form_renders_submits_stores_and_emails(app, client, smtp_inbox, slug) -> None:
    form = forms_of(app)[slug]
    confirmation = Journey(client, form).complete()
    page = soup(confirmation)
    reference = reference_on(confirmation)
    assert is_valid(reference)
    assert page.find("h1").get_text(strip=True) in ("Report sent", "Request sent")
    report = db.session.scalars(db.select(Report)).one()
    assert (report.reference, report.form_slug, report.email) == (reference, slug, "resident@example.com")
    assert report.channel == "web" and report.status == "received"
    due = page.find(string="We aim to respond by ").parent.strong.get_text()
    assert due == f"{report.due_date.day} {report.due_date:%B %Y}"
    assert db.session.scalars(db.select(Draft)).all() == []
    assert deliver(app) == (1, 0)
    [mail] = smtp_inbox.messages
    assert mail["To"] == "resident@example.com" and reference in mail["Subject"]
    assert reference in mail.get_payload(decode=True).decode()


def test_check_answers_shows_every_answer_with_change_links(app, client) -> None:
    form = forms_of(app)["report-a-pothole"]
    journey = Journey(client, form)
    for number in range(1, len(form.pages) + 1):
        assert journey.answer_page(number).status_code == 302
    check = soup(client.get("/submit/report-a-pothole/check"))
    keys = [dt_.get_text(strip=True) for dt_ in check.select(".summary-list__key")]
    assert keys == [f.label for f in form.fields]
    values = {row.dt.get_text(strip=True): row.select_one(".summary-list__value").get_text(strip=True)
              for row in check.select(".summary-list__row")}
    assert values["Email address"] == "resident@example.com"
    change = check.select_one(".summary-list__actions a")
    assert change.get_text(" ", strip=True).startswith("Change")
    # Changing an answer goes back to check your answers, not on through the form.
    page = client.get(change["href"])
    name = form.pages[0].fields[0].name
    answer = {"csrf_token": csrf_token(page.get_data(as_text=True)), name: good_answer(form.pages[0].fields[0])}
    for spec in form.pages[0].fields[1:]:
        answer[spec.name] = good_answer(spec)
    back = client.post(change["href"], data=answer, content_type="multipart/form-data")
    assert back.headers["Location"].endswith("/submit/report-a-pothole/check")


def test_confirmation_gives_reference_due_date_and_tracking(app, client) -> None:
    form = forms_of(app)["comments-compliments-and-complaints"]
    page = soup(Journey(client, form).complete())
    assert page.select_one(".panel .reference")
    today = dt.datetime.now(dt.UTC).date()
    holidays = app.extensions["portal_site"].bank_holidays
    expected = add_working_days(today, 10, holidays)
    assert f"{expected.day} {expected:%B %Y}" in page.get_text()
    assert page.find("a", href="/track/")


def test_pages_cannot_be_skipped(app, client) -> None:
    response = client.get("/submit/report-a-pothole/2")
    assert response.status_code == 302 and response.headers["Location"].endswith("/submit/report-a-pothole/1")
    assert client.get("/submit/report-a-pothole/check").headers["Location"].endswith("/1")
    assert client.get("/submit/no-such-form/1").status_code == 404


def test_anti_social_behaviour_can_be_reported_anonymously(app, client) -> None:
    form = forms_of(app)["report-anti-social-behaviour"]
    page = soup(Journey(client, form).complete({"name": "", "email": "", "phone": ""}))
    assert "You did not give an email address" in page.get_text()
    report = db.session.scalars(db.select(Report)).one()
    assert (report.name, report.email) == (None, None)
    assert db.session.scalars(db.select(OutboxMessage)).all() == []
    with pytest.raises(AssertionError):  # other forms still need a name and email
        Journey(app.test_client(), forms_of(app)["report-a-pothole"]).complete({"name": "", "email": ""})


def test_unfinished_forms_and_their_photos_are_purged(app, client) -> None:
    import datetime as dt

    from freezegun import freeze_time

    from backend.storage.models import Photo

    form = forms_of(app)["report-a-pothole"]
    journey = Journey(client, form)
    photo_page = next(n for n, p in enumerate(form.pages, 1) if any(f.type == "photo" for f in p.fields))
    for number in range(1, photo_page + 1):
        journey.answer_page(number)
    stored = [app.config["UPLOAD_DIR"] / p.stored_name for p in db.session.scalars(db.select(Photo))]
    assert stored and all(p.exists() for p in stored)
    runner = app.test_cli_runner()
    assert "Deleted 0 unfinished forms." in runner.invoke(args=["drafts", "purge"]).output
    with freeze_time(dt.datetime.now(dt.UTC) + dt.timedelta(hours=25)):
        assert "Deleted 1 unfinished form." in runner.invoke(args=["drafts", "purge"]).output
    assert db.session.scalars(db.select(Draft)).all() == []
    assert not any(p.exists() for p in stored)


def test_a_journey_reads_and_writes_its_draft_one_statement_at_a_time(app, client) -> None:
    """Showing a page reads the draft in one statement; sending one reads and writes it in two; the
    report is made in five (the draft, a reference check, the report, its email, the draft's
    removal): no statement for photos a draft does not have, none to read the report again."""
    from sqlalchemy import event

    journey = Journey(client, forms_of(app)["report-a-pothole"])
    assert journey.answer_page(1).status_code == 302
    statements: list[str] = []

    def keep(_conn, _cursor, statement, *_args) -> None:
        statements.append(" ".join(statement.split()[:3]).upper())

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        shown = client.get(journey.page_url(2))
        assert shown.status_code == 200 and statements == ["SELECT ANSWERS FROM"]
        statements.clear()
        data = {"csrf_token": csrf_token(shown.get_data(as_text=True))}
        for spec in journey.form.pages[1].fields:
            if spec.type != "photo":  # no photo: a page with photos reads and writes them too
                data.update(posted(spec, good_answer(spec)))
        sent = client.post(journey.page_url(2), content_type="multipart/form-data", data=data)
        assert sent.status_code == 302 and statements == ["SELECT ANSWERS FROM", "UPDATE DRAFT SET"]
        assert journey.answer_page(3).status_code == 302
        check = client.get(f"/submit/{journey.form.slug}/check")
        statements.clear()
        made = client.post(f"/submit/{journey.form.slug}/check",
                           data={"csrf_token": csrf_token(check.get_data(as_text=True))})
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    assert made.status_code == 302
    assert statements == ["SELECT ANSWERS FROM", "SELECT REPORT.ID FROM", "INSERT INTO REPORT",
                          "INSERT INTO OUTBOX_MESSAGE", "DELETE FROM DRAFT"], statements
