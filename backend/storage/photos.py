"""Residents' photos: decoded to prove they are images, re-encoded without metadata, stored
under random names outside any public folder. A file that fails is refused; nothing is kept."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError
from werkzeug.datastructures import FileStorage

from backend.storage.models import Photo
from backend.storage.photostore import new_name, photo_store
from portal.wording import gettext as _

# An MPO is a JPEG with an MPF segment (Android Ultra HDR, iPhone HDR): its first frame is the photo.
ALLOWED = {"JPEG": "image/jpeg", "MPO": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
MAX_FILES = 3
SAVED_AS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}
# Checked from the header, before anything is decoded: a 10 MB (or 40 KB) file can unpack into a
# memory bomb. No phone photo reaches 50 megapixels; JPEGs are decoded at a reduced size anyway.
MAX_PIXELS = 50_000_000
# PNG and WebP cannot be decoded at a reduced size, so each pixel costs memory: phone screenshots
# and 12-megapixel photos fit, a 40-megapixel palette PNG does not.
MAX_FULL_DECODE_PIXELS = 16_000_000
# JPEGs larger than this on their shorter side are decoded at 1/2, 1/4 or 1/8 scale (draft mode).
DRAFT_BOX = (2048, 2048)
HIGH_BIT_DEPTH = {"I", "I;16", "I;16L", "I;16B", "I;16N"}


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
    name = filename or _("The selected file")
    if len(raw) > max_bytes:
        raise PhotoRejected(_("%(name)s must be smaller than %(size)sMB")
                            % {"name": name, "size": max_bytes // (1024 * 1024)})
    if not raw:
        raise PhotoRejected(_("%(name)s is empty") % {"name": name})
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            kind = probe.format
            if kind not in ALLOWED:
                raise PhotoRejected(_("%(name)s must be a JPG, PNG or WEBP photo") % {"name": name})
            limit = MAX_PIXELS if SAVED_AS[kind] == "JPEG" else MAX_FULL_DECODE_PIXELS
            if probe.width * probe.height > limit:
                raise PhotoRejected(_("%(name)s is too large a picture; send one under %(limit)s megapixels")
                                    % {"name": name, "limit": limit // 1_000_000})
            if SAVED_AS[kind] == "JPEG":
                probe.draft("RGB" if probe.mode != "L" else "L", DRAFT_BOX)
            probe.load()  # an MPO's first frame is the one open
            image = ImageOps.exif_transpose(probe)  # keep it the right way up once EXIF is gone
    except PhotoRejected:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise PhotoRejected(_("%(name)s must be a JPG, PNG or WEBP photo") % {"name": name}) from None
    kind = SAVED_AS[kind]
    image = _eight_bit(image, kind)
    out = io.BytesIO()
    # A fresh image has no info dict, so neither EXIF (with GPS) nor XMP nor ICC travels with it.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    clean.save(out, format=kind, **({"quality": 85} if kind in ("JPEG", "WEBP") else {}))
    return CheckedPhoto(out.getvalue(), ALLOWED[kind], image.width, image.height)


def _eight_bit(image: Image.Image, kind: str) -> Image.Image:
    """The image in a mode its format saves and browsers show: RGB or L, or with alpha for PNG/WebP."""
    if image.mode in HIGH_BIT_DEPTH:
        # 16-bit greyscale: scale 0-65535 down to 0-255 (converting directly would clip it to white).
        return image.convert("I").point(lambda value: value * (255 / 65535)).convert("L")
    if image.mode in ("RGB", "L") or (kind != "JPEG" and image.mode in ("RGBA", "LA")):
        return image
    if kind == "JPEG":
        return image.convert("RGB")
    has_alpha = "A" in image.mode or "transparency" in image.info
    return image.convert("RGBA" if has_alpha else "RGB")


def check_uploads(files: list[FileStorage], *, max_files: int, max_bytes: int) -> list[CheckedPhoto]:
    """Every file the resident chose, checked; PhotoRejected says what is wrong with the first bad one."""
    chosen = [f for f in files if f.filename]
    if len(chosen) > max_files:
        raise PhotoRejected(_("Select up to %(count)s photos") % {"count": max_files})
    return [check_photo(f.read(max_bytes + 1), f.filename or "", max_bytes) for f in chosen]


def save_photo(photo: CheckedPhoto, field_name: str) -> Photo:
    """Store a checked photo and return its (not yet added) database record."""
    return Photo(stored_name=store_photo(photo), field_name=field_name,
                 content_type=photo.content_type, size=len(photo.data), width=photo.width, height=photo.height)


def store_photo(photo: CheckedPhoto) -> str:
    """Put a checked photo in the app's photo store under a random name; return that name."""
    name = new_name(photo.content_type)
    photo_store().put(name, photo.data, photo.content_type)
    return name
