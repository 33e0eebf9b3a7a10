"""Where residents' photos are kept, and the one way they are sent back to a browser.

Two stores, chosen by settings: a local folder (the embedded default, one app server) and
S3-compatible object storage (AWS, or any store with an endpoint URL: MinIO, Ceph, Wasabi...)
that several app servers share. Both are private: objects are written without any public ACL
and no bucket URL is ever given out. A photo reaches a browser only through ``serve_photo``,
which the views call after their own access checks (the resident's own report, the officer's
department).
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Protocol

from flask import Flask, Response, abort, current_app
from werkzeug.security import safe_join

from backend.storage.models import Photo

EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


class PhotoStore(Protocol):
    def put(self, name: str, data: bytes, content_type: str) -> None: ...

    def get(self, name: str) -> bytes | None:
        """The stored bytes, or None if there is no such photo."""

    def delete(self, name: str) -> None:
        """Remove the photo; a photo already gone is not an error."""


class FolderStore:
    """Photos as files in one folder on this machine, outside any public folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def _path(self, name: str) -> Path:
        path = safe_join(str(self.folder), name)
        if path is None:
            raise ValueError(f"not a stored photo's name: {name!r}")
        return Path(path)

    def put(self, name: str, data: bytes, content_type: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._path(name).write_bytes(data)

    def get(self, name: str) -> bytes | None:
        try:
            return self._path(name).read_bytes()
        except (FileNotFoundError, ValueError):
            return None

    def delete(self, name: str) -> None:
        self._path(name).unlink(missing_ok=True)


class S3Store:
    """Photos as private objects in an S3-compatible bucket that every app server shares.

    Credentials come the usual AWS ways (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a profile, an
    instance role), so no secret sits in the portal's own settings."""

    def __init__(self, bucket: str, *, endpoint_url: str = "", region: str = "", prefix: str = "") -> None:
        import boto3  # only when configured: the embedded set-up never needs it
        from botocore.config import Config as BotoConfig

        self.bucket, self.prefix = bucket, prefix
        self.client = boto3.client("s3", endpoint_url=endpoint_url or None, region_name=region or None,
                                   config=BotoConfig(retries={"max_attempts": 3, "mode": "standard"},
                                                     connect_timeout=5, read_timeout=30))

    def put(self, name: str, data: bytes, content_type: str) -> None:
        # No ACL argument: the object is private to the bucket's owner.
        self.client.put_object(Bucket=self.bucket, Key=self.prefix + name, Body=data, ContentType=content_type)

    def get(self, name: str) -> bytes | None:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self.prefix + name)["Body"].read()
        except self.client.exceptions.NoSuchKey:
            return None

    def delete(self, name: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.prefix + name)


def photo_store(app: Flask | None = None) -> PhotoStore:
    """The app's photo store (the current app's when none is given)."""
    return (app or current_app).extensions["photo_store"]


def new_name(content_type: str) -> str:
    """A random name for a new photo: it says nothing about the photo or who sent it."""
    return f"{secrets.token_urlsafe(24)}.{EXTENSIONS[content_type]}"


def serve_photo(photo: Photo) -> Response:
    """Send a stored photo to a browser that the calling view has already checked may see it."""
    data = photo_store().get(photo.stored_name)
    if data is None:
        abort(404)
    response = Response(data, mimetype=photo.content_type)
    response.headers["Content-Disposition"] = f'inline; filename="photo-{photo.id}.{EXTENSIONS[photo.content_type]}"'
    response.headers["Cache-Control"] = "private, no-store"  # residents' photos stay out of shared caches
    return response


def init_app(app: Flask) -> None:
    config = app.config
    if config["PHOTO_STORE"] == "s3":
        if not config["S3_BUCKET"]:
            raise RuntimeError("PORTAL_PHOTO_STORE is s3 but PORTAL_S3_BUCKET is not set: name the bucket")
        store: PhotoStore = S3Store(config["S3_BUCKET"], endpoint_url=config["S3_ENDPOINT_URL"],
                                    region=config["S3_REGION"], prefix=config["S3_PREFIX"])
    elif config["PHOTO_STORE"] == "folder":
        store = FolderStore(config["UPLOAD_DIR"])
    else:
        raise RuntimeError(f"PORTAL_PHOTO_STORE is {config['PHOTO_STORE']!r}: use folder or s3")
    app.extensions["photo_store"] = store
