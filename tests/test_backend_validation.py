"""Bad answers get the GOV.UK error summary, keep what the resident typed, and store nothing."""

from __future__ import annotations

import io

import pytest
from backend_support import Journey, csrf_token, file_count, png_bytes, soup
from PIL import Image

from backend.council import forms_of
from backend.storage.db import db
from backend.storage.models import Draft, Photo, Report

# (form, field, bad answer, the message the resident reads)
CASES = [
    ("report-a-pothole", "location", "", "Enter where the pothole is"),
    ("report-a-pothole", "location", "x" * 100_000, "must be 500 characters or fewer; you have 100,000"),
    ("report-a-pothole", "location", "<script>alert(1)</script> by the school",
     "must not contain HTML such as <script>; remove the angle brackets"),
    ("report-a-pothole", "location", "High Street\x00", "must not contain hidden control characters"),
    ("report-a-pothole", "location_latitude", "north-ish", "Latitude must be a number, like 52.6369"),
]


def field_page(form, name: str) -> int:
    base = name.split("_latitude", maxsplit=1)[0]
    return next(n for n, page in enumerate(form.pages, 1) if any(f.name == base for f in page.fields))


def post_page(client, form, number: int, overrides: dict) -> object:
    journey = Journey(client, form)
    for earlier in range(1, number):
        assert journey.answer_page(earlier).status_code == 302
    return journey.answer_page(number, overrides)


def assert_error_page(response, message: str, target: str) -> None:
    page = soup(response)
    assert response.status_code == 400
    assert page.title.get_text().startswith("Error: ")
    summary = page.select_one(".error-summary")
    assert summary.h2.get_text() == "There is a problem"
    link = summary.find("a", href=f"#{target}")
    assert link is not None and message in link.get_text(), summary
    assert page.find(id=target) is not None  # the link leads to the question
    assert message in page.select_one(".error-message").get_text()


def assert_nothing_stored(app) -> None:
    """No report; a good photo chosen beside the bad answer is only kept in the resident's draft."""
    assert db.session.scalars(db.select(Report)).all() == []
    photos = db.session.scalars(db.select(Photo)).all()
    assert all(p.draft_id is not None and p.report_id is None for p in photos)
    assert file_count(app.config["UPLOAD_DIR"]) == len(photos)


def assert_no_photo_kept(app) -> None:
    assert db.session.scalars(db.select(Photo)).all() == []
    assert file_count(app.config["UPLOAD_DIR"]) == 0


@pytest.mark.parametrize(("slug", "name", "bad", "message"), CASES)
def test_bad_text_answers(app, client, slug, name, bad, message) -> None:
    form = forms_of(app)[slug]
    response = post_page(client, form, field_page(form, name), {name: bad})
    assert_error_page(response, message, name)
    if bad.strip() and "\x00" not in bad and len(bad) < 1000:
        # What the resident typed is still there to correct.
        assert soup(response).find(id=name.split("_latitude")[0]).get_text() == bad or \
            soup(response).find(id=name)["value"] == bad
    assert_nothing_stored(app)


def find_field(app, kind: str):
    for form in forms_of(app).values():
        for number, page in enumerate(form.pages, 1):
            for spec in page.fields:
                if spec.type == kind:
                    return form, number, spec
    raise AssertionError(f"no {kind} field in any form")


TYPED = [
    ("email", "not-an-email", "Enter an email address in the correct format, like name@example.com"),
    ("tel", "call me maybe", "Enter a telephone number, like 01632 960 001 or 07700 900 982"),
    ("postcode", "KF1", "Enter a full UK postcode, like KF1 1AA"),
    ("number", "three", "must be a whole number, like 3"),
    ("date", {"day": "31", "month": "2", "year": "2026"}, "must be a real date"),
    ("radios", "not-a-choice", "from the list"),
    ("select", "not-a-choice", "from the list"),
    ("checkboxes", ["not-a-choice"], "from the list"),
    ("text", "x" * 100_000, "characters or fewer; you have 100,000"),
    ("textarea", "<img src=x onerror=alert(1)>", "must not contain HTML such as <script>"),
]


@pytest.mark.parametrize(("kind", "bad", "message"), TYPED, ids=[t[0] for t in TYPED])
def test_wrong_type_for_each_field_type(app, client, kind, bad, message) -> None:
    form, number, spec = find_field(app, kind)
    response = post_page(client, form, number, {spec.name: bad})
    first_box = {"radios": "-1", "checkboxes": "-1", "date": "-day"}.get(kind, "")
    target = spec.name + first_box
    assert_error_page(response, message, target)
    assert_nothing_stored(app)


@pytest.mark.parametrize("kind", ["text", "email", "radios", "select", "date"])
def test_missing_required_answer(app, client, kind) -> None:
    form, number, spec = next(
        (f, n, s) for f in forms_of(app).values() for n, p in enumerate(f.pages, 1) for s in p.fields
        if s.type == kind and s.required)
    response = post_page(client, form, number, {spec.name: ""})
    verb = "Select" if kind in ("radios", "select") else "Enter"
    assert_error_page(response, verb, f"{spec.name}-1" if kind == "radios" else
                      f"{spec.name}-day" if kind == "date" else spec.name)


def test_other_answers_on_the_page_are_kept(app, client) -> None:
    form = forms_of(app)["report-a-pothole"]
    contact = len(form.pages)
    response = post_page(client, form, contact, {"email": "nope", "name": "Sam Example", "phone": "0116 496 0999"})
    page = soup(response)
    assert page.find(id="name")["value"] == "Sam Example"
    assert page.find(id="phone")["value"] == "0116 496 0999"
    assert page.find(id="email")["value"] == "nope"


def photo_post(client, app, files: list[tuple[bytes, str]]) -> object:
    form, number, spec = find_field(app, "photo")
    uploads = [(io.BytesIO(data), name) for data, name in files]
    return spec, post_page(client, form, number, {spec.name: uploads})


def test_text_file_named_jpg_is_refused(app, client) -> None:
    spec, response = photo_post(client, app, [(b"just some text, not a picture", "photo.jpg")])
    assert_error_page(response, "photo.jpg must be a JPG, PNG or WEBP photo", spec.name)
    assert_nothing_stored(app)
    assert_no_photo_kept(app)


def test_oversized_image_is_refused(app, client) -> None:
    big = png_bytes() + b"\0" * (10 * 1024 * 1024)
    spec, response = photo_post(client, app, [(big, "huge.png")])
    assert_error_page(response, "huge.png must be smaller than 10MB", spec.name)
    assert_nothing_stored(app)
    assert_no_photo_kept(app)


def test_four_photos_are_too_many(app, client) -> None:
    spec, response = photo_post(client, app, [(png_bytes(), f"p{i}.png") for i in range(4)])
    assert_error_page(response, "Select up to 3 photos", spec.name)
    assert_nothing_stored(app)
    assert_no_photo_kept(app)


def test_a_gif_is_refused(app, client) -> None:
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "GIF")
    spec, response = photo_post(client, app, [(out.getvalue(), "anim.gif")])
    assert_error_page(response, "anim.gif must be a JPG, PNG or WEBP photo", spec.name)


def test_photo_location_metadata_is_removed(app, client) -> None:
    image = Image.new("RGB", (64, 48), "blue")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {1: "N", 2: (52.0, 38.0, 13.0), 3: "W", 4: (1.0, 8.0, 2.0)}  # GPS
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    assert Image.open(io.BytesIO(out.getvalue())).getexif()  # the upload does carry it
    spec, response = photo_post(client, app, [(out.getvalue(), "street.jpg")])
    assert response.status_code == 302
    [photo] = db.session.scalars(db.select(Photo)).all()
    stored = app.config["UPLOAD_DIR"] / photo.stored_name
    assert "street" not in photo.stored_name and photo.content_type == "image/jpeg"
    assert len(Image.open(stored).getexif()) == 0
    assert not stored.is_relative_to(app.config["SITE_DIR"])


def test_an_unknown_field_changes_nothing_and_drafts_keep_answers(app, client) -> None:
    form = forms_of(app)["report-a-missed-bin"]
    journey = Journey(client, form)
    assert journey.answer_page(1, {"status": "resolved"}).status_code == 302
    [draft] = db.session.scalars(db.select(Draft)).all()
    assert "status" not in draft.answers
    page = client.get("/submit/report-a-missed-bin/1")
    assert csrf_token(page.get_data(as_text=True))
