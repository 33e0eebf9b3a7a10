"""Photos on more than one machine: a local folder or S3-compatible storage (moto on loopback),
chosen by settings, private either way and served only through the backend's access checks."""

from __future__ import annotations

import datetime as dt
import io
import secrets

import boto3
import pytest
from backend_support import Journey, png_bytes, soup
from freezegun import freeze_time
from test_backend_account import report_for, signed_in

from backend.config import Config
from backend.council import forms_of
from backend.storage import photostore
from backend.storage.db import db
from backend.storage.models import Photo, Report
from backend.storage.photostore import FolderStore, S3Store


def new_bucket(endpoint: str) -> str:
    name = f"photos-{secrets.token_hex(4)}"
    boto3.client("s3", endpoint_url=endpoint).create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
    return name


def objects(endpoint: str, bucket: str) -> dict[str, bytes]:
    client = boto3.client("s3", endpoint_url=endpoint)
    listed = client.list_objects_v2(Bucket=bucket).get("Contents", [])
    return {o["Key"]: client.get_object(Bucket=bucket, Key=o["Key"])["Body"].read() for o in listed}


@pytest.fixture
def s3_app(app, s3_endpoint):
    """The backend with its photos in a fresh bucket, chosen through the settings."""
    app.config.update(PHOTO_STORE="s3", S3_BUCKET=new_bucket(s3_endpoint), S3_ENDPOINT_URL=s3_endpoint)
    photostore.init_app(app)
    return app


@pytest.mark.parametrize("kind", ["folder", "s3"])
def test_both_stores_keep_give_back_and_delete_a_photo(kind, tmp_path, s3_endpoint) -> None:
    store = FolderStore(tmp_path / "uploads") if kind == "folder" else \
        S3Store(new_bucket(s3_endpoint), endpoint_url=s3_endpoint, prefix="photos/")
    store.put("a.png", b"\x89PNG data", "image/png")
    assert store.get("a.png") == b"\x89PNG data"
    assert store.get("missing.png") is None
    store.delete("a.png")
    store.delete("a.png")  # already gone: not an error
    assert store.get("a.png") is None


def test_the_settings_choose_the_store(monkeypatch, tmp_path, s3_endpoint) -> None:
    monkeypatch.setenv("PORTAL_PHOTO_STORE", "s3")
    monkeypatch.setenv("PORTAL_S3_BUCKET", "council-photos")
    monkeypatch.setenv("PORTAL_S3_ENDPOINT_URL", s3_endpoint)
    config = Config.from_env(INSTANCE_DIR=tmp_path)
    assert config.PHOTO_STORE == "s3" and config.S3_BUCKET == "council-photos"
    assert config.S3_ENDPOINT_URL == s3_endpoint  # noqa: SIM300 (a setting, not a constant)
    from backend import create_app

    assert isinstance(photostore.photo_store(create_app(config)), S3Store)
    assert isinstance(photostore.photo_store(create_app(Config(INSTANCE_DIR=tmp_path))), FolderStore)


def test_a_residents_photos_go_to_the_bucket_privately_and_come_back_only_through_the_portal(
        s3_app, smtp_inbox, s3_endpoint) -> None:
    bucket = s3_app.config["S3_BUCKET"]
    report = report_for(s3_app, "sam@example.com")
    [photo] = report.photos
    stored = objects(s3_endpoint, bucket)
    assert list(stored) == [f"photos/{photo.stored_name}"]
    assert not (s3_app.config["UPLOAD_DIR"]).exists()  # nothing on this machine's disk
    grants = boto3.client("s3", endpoint_url=s3_endpoint).get_object_acl(
        Bucket=bucket, Key=f"photos/{photo.stored_name}")["Grants"]
    assert all("AllUsers" not in str(g["Grantee"]) and "AuthenticatedUsers" not in str(g["Grantee"]) for g in grants)
    client = signed_in(s3_app, smtp_inbox, "sam@example.com")
    page = client.get(f"/account/reports/{report.reference}")
    assert s3_endpoint not in page.get_data(as_text=True) and bucket not in page.get_data(as_text=True)
    src = soup(page).select_one(".photo-list img")["src"]
    assert src == f"/account/photos/{photo.id}"
    served = client.get(src)
    assert served.data == stored[f"photos/{photo.stored_name}"]
    assert served.headers["Cache-Control"] == "private, no-store"
    # Anyone else is refused, by the same check as for the folder store.
    assert signed_in(s3_app, smtp_inbox, "other@example.com").get(src).status_code == 404
    assert s3_app.test_client().get(src).status_code == 302


def test_deleting_an_account_deletes_its_photos_from_the_bucket(s3_app, smtp_inbox, s3_endpoint) -> None:
    from backend_support import csrf_token

    report_for(s3_app, "sam@example.com")
    assert objects(s3_endpoint, s3_app.config["S3_BUCKET"])
    client = signed_in(s3_app, smtp_inbox, "sam@example.com")
    page = client.get("/account/delete")
    client.post("/account/delete", data={"csrf_token": csrf_token(page.get_data(as_text=True))})
    assert objects(s3_endpoint, s3_app.config["S3_BUCKET"]) == {}
    assert db.session.scalars(db.select(Report)).one().email is None


def test_purging_unfinished_forms_deletes_their_photos_from_the_bucket(s3_app, s3_endpoint) -> None:
    form = forms_of(s3_app)["report-a-pothole"]
    journey = Journey(s3_app.test_client(), form)
    photo_page = next(n for n, p in enumerate(form.pages, 1) if any(f.type == "photo" for f in p.fields))
    for number in range(1, photo_page + 1):
        journey.answer_page(number)
    # A second choice of photo replaces the first in the bucket too.
    journey.answer_page(photo_page, {f.name: [(io.BytesIO(png_bytes(colour="blue")), "b.png")]
                                     for f in form.pages[photo_page - 1].fields if f.type == "photo"})
    assert len(objects(s3_endpoint, s3_app.config["S3_BUCKET"])) == 1 == len(db.session.scalars(db.select(Photo)).all())
    runner = s3_app.test_cli_runner()
    with freeze_time(dt.datetime.now(dt.UTC) + dt.timedelta(hours=25)):
        assert "Deleted 1 unfinished form." in runner.invoke(args=["drafts", "purge"]).output
    assert objects(s3_endpoint, s3_app.config["S3_BUCKET"]) == {}
