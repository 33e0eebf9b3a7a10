"""Reports reach the department's own system: a signed webhook to a CRM, an Open311 push to a
highways system (whose updates come back by pull-updates), an email to a mailbox. A fake back
office on loopback plays the CRM and the Open311 server."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import time

import pytest
from backend_support import Journey, reference_on
from conftest import PROJECT
from freezegun import freeze_time
from open311_support import BackOffice, add_key, back_office_app, served, verify_signature
from staff_support import add_staff, post_with_token, sign_in

from backend.council import forms_of
from backend.delivery.sending import deliver_due
from backend.delivery.signing import signature, verify
from backend.storage.db import db
from backend.storage.models import Delivery, OutboxMessage, Report

SECRET = "webhook-secret-from-the-environment"


@pytest.fixture
def office(monkeypatch) -> BackOffice:
    office = BackOffice(secret=SECRET)
    monkeypatch.setenv("PORTAL_TEST_WEBHOOK_SECRET", SECRET)
    monkeypatch.setenv("PORTAL_TEST_BACKOFFICE_KEY", office.api_key)
    return office


@pytest.fixture
def office_url(office):
    with served(back_office_app(office)) as url:
        yield url


@pytest.fixture
def app_settings(tmp_path, office_url) -> dict:
    """The council's forms, with deliveries pointing at the fake back office."""
    forms = tmp_path / "forms"
    shutil.copytree(PROJECT / "forms", forms)
    deliveries = {
        "report-a-damaged-pavement": f"  method: webhook\n  url: {office_url}/hooks/portal\n"
                                     "  secret_env: PORTAL_TEST_WEBHOOK_SECRET\n",
        "report-a-pothole": f"  method: open311\n  endpoint: {office_url}/open311/v2\n  service_code: POT\n"
                            "  api_key_env: PORTAL_TEST_BACKOFFICE_KEY\n",
        "report-a-missed-bin": "  method: email\n  to: waste@kestrelford.example\n",
    }
    for slug, block in deliveries.items():
        with (forms / f"{slug}.yaml").open("a", encoding="utf-8") as file:
            file.write("\ndelivery:\n" + block)
    return {"FORMS_DIR": forms}


def report_online(app, client, slug: str) -> Report:
    reference = reference_on(Journey(client, forms_of(app)[slug]).complete())
    return db.session.scalars(db.select(Report).where(Report.reference == reference)).one()


def test_a_web_report_is_queued_with_its_delivery_and_webhooked_signed(app, client, office) -> None:
    report = report_online(app, client, "report-a-damaged-pavement")
    [delivery] = db.session.scalars(db.select(Delivery)).all()
    assert (delivery.report_id, delivery.state, delivery.method) == (report.id, "pending", "webhook")
    assert deliver_due(app) == (1, 0)
    [hook] = office.webhooks
    payload = hook["json"]
    assert payload["reference"] == report.reference and payload["service_code"] == "report-a-damaged-pavement"
    assert payload["contact"]["email"] == "resident@example.com" and payload["event"] == "report.created"
    assert {a["code"] for a in payload["answers"]} >= {"location", "damage", "description"}
    assert payload["case_url"] == f"https://www.kestrelford.example/staff/cases/{report.reference}"
    assert hook["delivery"] == str(delivery.id)
    db.session.refresh(delivery)
    assert delivery.state == "sent" and delivery.sent_at is not None
    assert deliver_due(app) == (0, 0)  # never sent twice
    assert len(office.webhooks) == 1


def test_the_signature_is_timestamped_so_a_replay_or_a_change_is_refused(app, client, office) -> None:
    report_online(app, client, "report-a-damaged-pavement")
    deliver_due(app)
    [hook] = office.webhooks
    body, header = hook["body"], hook["signature"]
    now = int(time.time())
    assert verify(SECRET, header, body, now) and verify_signature(SECRET, header, body, now)
    assert not verify_signature(SECRET, header, body, now + 600)  # replayed ten minutes later
    assert not verify(SECRET, header, body, now + 600)
    assert not verify_signature(SECRET, header, body.replace(b"report.created", b"report.deleted"), now)
    assert not verify("another-secret", header, body, now)
    assert signature(SECRET, b"{}", 1764581400).startswith("t=1764581400,v1=")


def test_a_failing_webhook_is_retried_with_backoff_then_marked_failed_for_admins(app, client, office) -> None:
    app.config["DELIVERY_MAX_ATTEMPTS"] = 3
    office.fail_webhooks = 10
    report = report_online(app, client, "report-a-damaged-pavement")
    start = dt.datetime.now(dt.UTC)
    with freeze_time(start):
        assert deliver_due(app) == (0, 1)
        assert deliver_due(app) == (0, 0)  # waits before trying again
    delivery = db.session.scalars(db.select(Delivery)).one()
    assert delivery.attempts == 1 and "HTTP 503" in delivery.last_error
    with freeze_time(start + dt.timedelta(minutes=3)):
        assert deliver_due(app) == (0, 1)
    with freeze_time(start + dt.timedelta(minutes=3 + 5)):
        assert deliver_due(app) == (0, 1)
    db.session.refresh(delivery)
    assert delivery.state == "failed" and delivery.attempts == 3
    with freeze_time(start + dt.timedelta(days=1)):
        assert deliver_due(app) == (0, 0)  # failed for good: it waits for an admin
    officer = add_staff()
    sign_in(client, officer)
    case = client.get(f"/staff/cases/{report.reference}").get_data(as_text=True)
    assert "Delivery failed" in case and "HTTP 503" in case
    assert client.get("/staff/deliveries/").status_code == 404  # admins only
    client.post("/staff/sign-out", data={})
    admin_client = app.test_client()
    admin = add_staff("admin@kestrelford.example", admin=True)
    sign_in(admin_client, admin)
    listing = admin_client.get("/staff/deliveries/").get_data(as_text=True)
    assert report.reference in listing and f"Send {report.reference} again" in listing
    office.fail_webhooks = 0
    retried = post_with_token(admin_client, f"/staff/deliveries/{delivery.id}/retry", {},
                              token_from="/staff/deliveries/")
    assert retried.status_code == 302
    assert deliver_due(app) == (1, 0)
    assert [h["json"]["reference"] for h in office.webhooks] == [report.reference]
    admin_client.get("/staff/deliveries/")  # shows the "will be sent again" message once
    assert "Every report has reached" in admin_client.get("/staff/deliveries/").get_data(as_text=True)


def test_a_missing_secret_is_named_and_the_report_waits(app, client, office, monkeypatch) -> None:
    monkeypatch.delenv("PORTAL_TEST_WEBHOOK_SECRET")
    report_online(app, client, "report-a-damaged-pavement")
    assert deliver_due(app) == (0, 1)
    delivery = db.session.scalars(db.select(Delivery)).one()
    assert "PORTAL_TEST_WEBHOOK_SECRET is not set" in delivery.last_error and office.webhooks == []


def test_open311_push_stores_their_reference_and_pull_updates_reach_the_resident(app, client, office) -> None:
    report = report_online(app, client, "report-a-pothole")
    assert deliver_due(app) == (1, 0)
    [sent] = office.requests
    assert sent["service_code"] == "POT" and sent["api_key"] == office.api_key
    assert sent["email"] == "resident@example.com" and report.reference in sent["description"]
    delivery = db.session.scalars(db.select(Delivery)).one()
    assert delivery.external_id == "BO-1001"
    officer = add_staff()
    sign_in(client, officer)
    assert "BO-1001" in client.get(f"/staff/cases/{report.reference}").get_data(as_text=True)
    db.session.query(OutboxMessage).delete()
    db.session.commit()
    office.updates = [
        {"update_id": "U1", "service_request_id": "BO-1001", "status": "INVESTIGATING",
         "description": "An inspector will visit on Friday", "updated_datetime": "2026-12-01T09:00:00Z"},
        {"update_id": "U2", "service_request_id": "BO-9999", "status": "FIXED", "description": "Not ours",
         "updated_datetime": "2026-12-01T09:00:00Z"},
    ]
    result = app.test_cli_runner().invoke(args=["open311", "pull-updates"])
    assert result.exit_code == 0, result.output
    assert "1 update applied" in result.output
    db.session.refresh(report)
    assert report.status == "in-progress"
    assert [u.text for u in report.updates] == ["An inspector will visit on Friday"]
    [mail] = db.session.scalars(db.select(OutboxMessage)).all()
    assert mail.to_address == "resident@example.com" and "An inspector will visit on Friday" in mail.body_text
    office.updates.append({"update_id": "U3", "service_request_id": "BO-1001", "status": "FIXED",
                           "description": "", "updated_datetime": "2026-12-01T10:00:00Z"})
    again = app.test_cli_runner().invoke(args=["open311", "pull-updates"])
    assert "1 update applied" in again.output  # U1 is not applied twice
    db.session.refresh(report)
    assert report.status == "resolved" and len(report.updates) == 2
    office.updates.append({"update_id": "U4", "service_request_id": "BO-1001", "status": "OPEN",
                           "description": "<script>alert(1)</script>", "updated_datetime": "2026-12-01T11:00:00Z"})
    app.test_cli_runner().invoke(args=["open311", "pull-updates"])
    db.session.refresh(report)
    # A note that could not be shown safely is left out; the reopening still counts.
    assert report.status == "received" and report.updates[-1].text is None
    first, second = office.update_queries[:2]
    assert first["api_key"] == office.api_key
    assert second["start_date"] < second["end_date"] and second["start_date"] > first["start_date"]


def test_pull_updates_says_when_a_server_cannot_be_reached(app, office, monkeypatch) -> None:
    monkeypatch.delenv("PORTAL_TEST_BACKOFFICE_KEY")
    result = app.test_cli_runner().invoke(args=["open311", "pull-updates"])
    assert result.exit_code == 1 and "PORTAL_TEST_BACKOFFICE_KEY is not set" in result.output


def test_a_report_made_through_the_api_is_delivered_too(app, client, office) -> None:
    key = add_key(app, "fixmystreet", "--can-post")
    response = client.post("/open311/v2/requests.json", data={
        "api_key": key, "service_code": "report-a-pothole", "lat": "52.6", "long": "-1.1",
        "attribute[position]": "near-the-kerb", "attribute[depth]": "more-than-10cm"})
    assert response.status_code == 200, response.data
    assert deliver_due(app) == (1, 0)
    assert office.requests[0]["lat"] == "52.6" and office.requests[0]["long"] == "-1.1"


def test_email_delivery_sends_the_answers_to_the_mailbox_without_photos(app, client) -> None:
    report = report_online(app, client, "report-a-missed-bin")
    mails = {m.to_address: m for m in db.session.scalars(db.select(OutboxMessage))}
    mailbox = mails["waste@kestrelford.example"]
    assert report.reference in mailbox.subject
    assert "Which bins did we miss?" in mailbox.body_text and "Alex Resident" in mailbox.body_text
    assert f"/staff/cases/{report.reference}" in mailbox.body_text
    assert db.session.scalars(db.select(Delivery)).all() == []


def test_no_report_without_its_delivery_nor_delivery_without_its_report(app) -> None:
    from backend.cases.reports import create_report

    spec = forms_of(app)["report-a-damaged-pavement"]
    with app.test_request_context():
        create_report(spec, {"location": {"description": "Here"}, "damage": "a-damaged-kerb", "name": "A"})
        assert db.session.scalars(db.select(Delivery)).one().state == "pending"
        db.session.rollback()  # the request failed before it committed
    assert db.session.scalars(db.select(Report)).all() == [] and db.session.scalars(db.select(Delivery)).all() == []


def test_the_webhook_body_is_json_a_crm_can_read(app, client, office) -> None:
    report_online(app, client, "report-a-damaged-pavement")
    deliver_due(app)
    assert json.loads(office.webhooks[0]["body"])["department"] == "Highways and street lighting"
