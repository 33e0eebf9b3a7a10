"""What an officer sees around the work: Sign out in the header, a success banner after each
action, no residents' alert banner, and where each case in the queue is."""

from __future__ import annotations

from backend_support import soup
from staff_support import add_staff, make_report, post_with_token, sign_in

from backend.storage.db import db


def test_sign_out_is_in_the_header_not_above_the_heading(app, client) -> None:
    sign_in(client, add_staff())
    page = soup(client.get("/staff/"))
    button = page.select_one("header.site-header form[action='/staff/sign-out'] button")
    assert button is not None and button.get_text(strip=True) == "Sign out"
    assert "button" not in button["class"]  # a header link, not a green primary button
    assert page.select_one("main form[action='/staff/sign-out']") is None
    header_links = [a.get_text(strip=True) for a in page.select("header.site-header nav a")]
    assert "Case queue" in header_links and "Sign in" not in header_links
    # The button signs out.
    assert client.post("/staff/sign-out", data={"csrf_token": page.select_one(
        "header form[action='/staff/sign-out'] input[name=csrf_token]")["value"]}).status_code == 302
    assert client.get("/staff/").headers["Location"].endswith("/staff/sign-in")


def test_staff_pages_do_not_show_the_residents_alert_banner(app, client) -> None:
    assert soup(client.get("/track/")).select_one(".alert") is not None  # the sample council has one
    assert soup(client.get("/staff/sign-in")).select_one(".alert") is None
    sign_in(client, add_staff())
    assert soup(client.get("/staff/")).select_one(".alert") is None


def test_a_success_banner_follows_each_update(app, client) -> None:
    report = make_report(app)
    sign_in(client, add_staff())
    url = f"/staff/cases/{report.reference}"
    for action, data, said in (
            ("status", {"status": "scheduled"}, "Status changed to Scheduled. The resident has been emailed."),
            ("updates", {"update_text": "A crew is booked."}, "Update added. The resident has been emailed."),
            ("notes", {"note_text": "Contractor is Acme"}, "Internal note added. Residents never see it.")):
        done = post_with_token(client, f"{url}/{action}", data, token_from=url)
        assert done.status_code == 302 and done.headers["Location"].endswith(url)
        banner = soup(client.get(url)).select_one("main .notification-banner--success")
        assert banner["role"] == "alert"
        assert banner.select_one(".notification-banner__title").get_text(strip=True) == "Success"
        assert banner.select_one(".notification-banner__heading").get_text(strip=True) == said
        assert soup(client.get(url)).select_one(".notification-banner") is None  # shown once


def test_the_queue_shows_where_each_case_is(app, client) -> None:
    first = make_report(app)
    first.answers = {**first.answers, "location": {"description": "Outside 3 Mill Lane"}}
    second = make_report(app, "report-a-missed-bin")
    second.postcode = "KF1 1AA"  # as the form stores it
    db.session.commit()
    officer = add_staff(admin=True)
    sign_in(client, officer)
    rows = soup(client.get("/staff/?department=")).select("table.queue tbody tr")
    where = {r.select_one("td[data-label=Reference]").get_text(strip=True):
             r.select_one("td[data-label=Where]").get_text(strip=True) for r in rows}
    assert where[first.reference] == "Outside 3 Mill Lane"
    assert where[second.reference] == "Outside number 12, KF1 1AA"  # a missed bin is at its address
