"""Residents' photos: decoded to prove they are images, re-encoded without metadata, stored
under random names outside any public folder. A file that fails is refused; nothing is kept."""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError
from werkzeug.datastructures import FileStorage

from backend.storage.models import Photo

ALLOWED = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
MAX_FILES = 3
MAX_PIXELS = 40_000_000  # a 10 MB file can still unpack into a memory bomb


class PhotoRejected(ValueError):
    """The file is not a photo we accept; the message says why, for the error summary."""


@dataclass(frozen=True)
class CheckedPhoto:
    data: bytes
    content_type: str
    width: int
    height: int


def check_photo(raw: bytes, filename: str, max_bytes: int) -> CheckedPhoto:
    """Decode ``raw`` and re-encode it with no metadata (no GPS, no camera details)."""
    name = filename or "The selected file"
    if len(raw) > max_bytes:
        raise PhotoRejected(f"{name} must be smaller than {max_bytes // (1024 * 1024)}MB")
    if not raw:
        raise PhotoRejected(f"{name} is empty")
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            kind = probe.format
            if kind not in ALLOWED:
                raise PhotoRejected(f"{name} must be a JPG, PNG or WEBP photo")
            if probe.width * probe.height > MAX_PIXELS:
                raise PhotoRejected(f"{name} is too large a picture; send one under 40 megapixels")
            probe.load()
            image = ImageOps.exif_transpose(probe)  # keep it the right way up once EXIF is gone
    except PhotoRejected:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise PhotoRejected(f"{name} must be a JPG, PNG or WEBP photo") from None
    if image.mode not in ("RGB", "L") and (kind == "JPEG" or image.mode not in ("RGBA", "LA")):
        image = image.convert("RGB" if kind == "JPEG" else "RGBA")
    out = io.BytesIO()
    # A fresh image has no info dict, so neither EXIF (with GPS) nor XMP nor ICC travels with it.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    clean.save(out, format=kind, **({"quality": 85} if kind in ("JPEG", "WEBP") else {}))
    return CheckedPhoto(out.getvalue(), ALLOWED[kind], image.width, image.height)


def check_uploads(files: list[FileStorage], *, max_files: int, max_bytes: int) -> list[CheckedPhoto]:
    """Every file the resident chose, checked; PhotoRejected says what is wrong with the first bad one."""
    chosen = [f for f in files if f.filename]
    if len(chosen) > max_files:
        raise PhotoRejected(f"Select up to {max_files} photos")
    return [check_photo(f.read(max_bytes + 1), f.filename or "", max_bytes) for f in chosen]


def save_photo(photo: CheckedPhoto, upload_dir: Path, field_name: str) -> Photo:
    """Store a checked photo and return its (not yet added) database record."""
    return Photo(stored_name=store_photo(photo, upload_dir), field_name=field_name,
                 content_type=photo.content_type, size=len(photo.data), width=photo.width, height=photo.height)


def store_photo(photo: CheckedPhoto, upload_dir: Path) -> str:
    """Write a checked photo under a random name; return that name."""
    upload_dir.mkdir(parents=True, exist_ok=True)
    extension = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}[photo.content_type]
    name = f"{secrets.token_urlsafe(24)}.{extension}"
    (upload_dir / name).write_bytes(photo.data)
    return name
