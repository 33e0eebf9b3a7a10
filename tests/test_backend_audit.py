"""The browser accessibility audit covers the backend's pages: each form page, an error state,
check your answers, confirmation, tracking, sign-in, the account and the staff pages (the
performance report among them), at both viewports.

The pages are rendered by the real backend, saved beside the built site's CSS and images, and
audited as the static pages are (builder.audit), so they meet the same bar.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from backend_support import Journey, csrf_token
from conftest import PROJECT, build, need_chromium

from backend.council import forms_of
from builder.audit import run_audit


class Snapshots:
    """Backend pages saved as a small static site for the audit."""

    def __init__(self, root: Path, built: Path) -> None:
        self.root = root
        for folder in ("theme", "images"):
            shutil.copytree(built / folder, root / folder)
        self.names: list[str] = []

    def save(self, name: str, response) -> None:
        assert response.status_code in (200, 400), (name, response.status_code)
        target = self.root / name / "index.html"
        target.parent.mkdir(parents=True)
        target.write_text(response.get_data(as_text=True), encoding="utf-8")
        self.names.append(name)


@pytest.fixture(scope="module")
def built_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = build(PROJECT / "content", tmp_path_factory.mktemp("audit-sample"), forms_dir=PROJECT / "forms",
                 search=False)
    return site.output


def resident_pages(app, snaps: Snapshots, smtp_inbox) -> None:
    from backend.mail.outbox import deliver

    client = app.test_client()
    form = forms_of(app)["report-a-pothole"]
    journey = Journey(client, form)
    for number in range(1, len(form.pages) + 1):
        snaps.save(f"form-page-{number}", client.get(journey.page_url(number)))
        if number == 1:
            page = client.get(journey.page_url(1))
            snaps.save("form-error", client.post(journey.page_url(1), data={
                "csrf_token": csrf_token(page.get_data(as_text=True))}))
        journey.answer_page(number)
    snaps.save("check-answers", client.get(f"/submit/{form.slug}/check"))
    check = client.get(f"/submit/{form.slug}/check")
    sent = client.post(f"/submit/{form.slug}/check", data={"csrf_token": csrf_token(check.get_data(as_text=True))})
    snaps.save("confirmation", client.get(sent.headers["Location"]))

    snaps.save("track", client.get("/track/"))
    page = client.get("/track/")
    snaps.save("track-error", client.post("/track/", data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                                                           "reference": "nope", "contact": ""}))
    deliver(app)
    body = smtp_inbox.messages[-1].get_payload(decode=True).decode()
    track_link = body.split("https://www.kestrelford.example", 2)[1].split()[0]
    snaps.save("track-status", client.get(track_link))
    snaps.save("link-invalid", client.get("/track/not-a-token"))

    snaps.save("sign-in", client.get("/account/sign-in"))
    page = client.get("/account/sign-in")
    token = csrf_token(page.get_data(as_text=True))
    snaps.save("sign-in-error", client.post("/account/sign-in", data={"csrf_token": token, "email": "nope"}))
    snaps.save("check-email", client.post("/account/sign-in", data={"csrf_token": token,
                                                                     "email": "resident@example.com"}))
    deliver(app)
    body = smtp_inbox.messages[-1].get_payload(decode=True).decode()
    link = "/account/sign-in/" + body.split("/account/sign-in/", 1)[1].split()[0]
    confirm = client.get(link)
    snaps.save("confirm-sign-in", confirm)
    client.post(link, data={"csrf_token": csrf_token(confirm.get_data(as_text=True))})
    snaps.save("account", client.get("/account/"))
    reference = client.get("/account/").get_data(as_text=True).split("/account/reports/", 1)[1].split('"')[0]
    snaps.save("account-report", client.get(f"/account/reports/{reference}"))
    snaps.save("account-details", client.get("/account/details"))
    snaps.save("account-delete", client.get("/account/delete"))


def staff_pages(app, snaps: Snapshots) -> None:
    from staff_support import add_staff, emailed_code, enter_code, password_step

    from backend.storage.db import db
    from backend.storage.models import Report

    client = app.test_client()
    snaps.save("staff-sign-in", client.get("/staff/sign-in"))
    report = db.session.scalars(db.select(Report)).first()
    staff = add_staff(department=report.department)
    snaps.save("staff-sign-in-error", password_step(client, staff.email, "wrong password here"))
    password_step(client, staff.email)
    snaps.save("staff-code", client.get("/staff/sign-in/code"))
    enter_code(client, emailed_code(staff.email))
    snaps.save("staff-queue", client.get("/staff/"))
    snaps.save("staff-case", client.get(f"/staff/cases/{report.reference}"))
    snaps.save("staff-new", client.get("/staff/cases/new"))
    snaps.save("staff-new-form", client.get("/staff/cases/new/report-a-pothole"))

    admin = app.test_client()  # the performance page, with the committee table an admin sees
    password_step(admin, add_staff("admin@kestrelford.example", admin=True).email)
    enter_code(admin, emailed_code("admin@kestrelford.example"))
    snaps.save("staff-performance", admin.get("/staff/performance/?period=this-month"))
    snaps.save("staff-performance-error", admin.get("/staff/performance/?period=custom&from=2026-13-01"))


@pytest.mark.parametrize("database_kind", ["sqlite"])  # the pages, not the database, are audited
def test_backend_pages_pass_the_audit_at_both_viewports(app, smtp_inbox, built_sample, tmp_path) -> None:
    need_chromium()
    snaps = Snapshots(tmp_path / "snapshots", built_sample)
    resident_pages(app, snaps, smtp_inbox)
    staff_pages(app, snaps)
    (snaps.root / "index.html").write_text((built_sample / "index.html").read_text())
    out = io.StringIO()
    status = run_audit(snaps.root, cache_dir=tmp_path / "cache", out=out)
    assert status == 0, out.getvalue()[-6000:]
    assert len(snaps.names) >= 25
