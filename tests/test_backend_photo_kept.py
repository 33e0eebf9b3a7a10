"""A chosen photo survives an error elsewhere on its page: kept, shown with Remove, and listed
on Check your answers."""

from __future__ import annotations

import io

from backend_support import Journey, csrf_token, png_bytes, soup

from backend.council import forms_of
from backend.storage.db import db
from backend.storage.models import Photo, Report


def _photo_page(journey: Journey) -> int:
    return next(n for n, p in enumerate(journey.form.pages, 1) if any(f.type == "photo" for f in p.fields))


def _start(client, app) -> tuple[Journey, int]:
    journey = Journey(client, forms_of(app)["report-a-pothole"])
    number = _photo_page(journey)
    for earlier in range(1, number):
        assert journey.answer_page(earlier).status_code == 302
    return journey, number


def test_photo_is_kept_when_another_answer_has_an_error(app, client) -> None:
    journey, number = _start(client, app)
    # The depth question is left unanswered; the photo is fine.
    response = journey.answer_page(number, {"depth": "", "vehicles": "3",
                                            "photos": [(io.BytesIO(png_bytes()), "pothole.jpg")]})
    assert response.status_code == 400
    page = soup(response)
    assert "Select how deep the pothole is" in page.select_one(".error-summary").get_text()
    kept = page.select_one(".kept-photos").get_text(" ", strip=True)
    assert kept.startswith("You added pothole.jpg . Remove")
    # The answer without an error is kept too.
    assert page.select_one("#vehicles")["value"] == "3"
    assert db.session.scalars(db.select(Photo)).one().draft_id is not None

    # Fixing the depth without choosing the photo again keeps it all the way to the report.
    assert journey.answer_page(number, {"photos": []}).status_code == 302
    for later in range(number + 1, len(journey.form.pages) + 1):
        assert journey.answer_page(later).status_code == 302
    check = soup(client.get("/submit/report-a-pothole/check"))
    row = next(r for r in check.select(".summary-list__row") if "Photos" in r.dt.get_text())
    assert row.select_one(".summary-list__value").get_text(strip=True) == "pothole.jpg"
    client.post("/submit/report-a-pothole/check", data={"csrf_token": csrf_token(str(check))})
    report = db.session.scalars(db.select(Report)).one()
    assert len(report.photos) == 1 and report.photos[0].draft_id is None


def test_remove_takes_the_kept_photo_away(app, client) -> None:
    journey, number = _start(client, app)
    response = journey.answer_page(number, {"depth": "", "photos": [(io.BytesIO(png_bytes()), "pothole.jpg")]})
    page = soup(response)
    button = page.select_one(".kept-photos button")
    remove_form = page.select_one(f"form#{button['form']}")
    data = {i["name"]: i["value"] for i in remove_form.select("input")}
    stored = app.config["UPLOAD_DIR"] / db.session.scalars(db.select(Photo)).one().stored_name
    removed = client.post(remove_form["action"], data=data)
    assert removed.status_code == 302 and removed.headers["Location"].endswith(f"/{number}")
    again = soup(client.get(journey.page_url(number)))
    assert again.select_one(".kept-photos") is None
    assert db.session.scalars(db.select(Photo)).all() == [] and not stored.exists()
    # Another visitor cannot remove it: the photo belongs to this browser's draft only.
    journey.answer_page(number, {"depth": "", "photos": [(io.BytesIO(png_bytes()), "pothole.jpg")]})
    photo = db.session.scalars(db.select(Photo)).one()
    stranger = app.test_client()
    token = csrf_token(stranger.get(journey.page_url(1)).get_data(as_text=True))
    assert stranger.post(remove_form["action"], data={"csrf_token": token, "photo": photo.id}).status_code == 404
    assert db.session.get(Photo, photo.id) is not None
