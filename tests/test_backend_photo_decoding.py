"""Photos residents' phones take: HDR JPEGs (MPO), 16-bit PNGs; and pictures built to exhaust memory."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageFile, ImageStat

from backend.storage.photos import PhotoRejected, check_photo

MB = 1024 * 1024


def encoded(image: Image.Image, kind: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, kind, **options)
    return out.getvalue()


def test_an_hdr_jpeg_with_an_mpf_segment_is_accepted_as_its_first_frame() -> None:
    raw = encoded(Image.new("RGB", (64, 48), "red"), "MPO", save_all=True,
                  append_images=[Image.new("RGB", (64, 48), "blue")])
    assert Image.open(io.BytesIO(raw)).format == "MPO"
    checked = check_photo(raw, "IMG_0001.jpg", 10 * MB)
    assert checked.content_type == "image/jpeg" and (checked.width, checked.height) == (64, 48)
    with Image.open(io.BytesIO(checked.data)) as stored:
        assert stored.format == "JPEG"  # a plain JPEG: the second frame and the MPF segment are gone
        red, green, blue = ImageStat.Stat(stored).mean
        assert red > 200 and green < 40 and blue < 40


def test_a_16_bit_greyscale_png_keeps_its_brightness() -> None:
    grey = Image.new("I;16", (64, 64), 16384)  # a quarter of full brightness
    raw = encoded(grey, "PNG")
    assert Image.open(io.BytesIO(raw)).mode == "I;16"
    with Image.open(io.BytesIO(check_photo(raw, "scan.png", 10 * MB).data)) as stored:
        assert stored.mode == "L"
        assert ImageStat.Stat(stored).mean[0] == pytest.approx(255 / 4, abs=2)


def test_a_16_bit_greyscale_gradient_keeps_its_tones() -> None:
    ramp = Image.linear_gradient("L").resize((64, 256)).convert("I").point(lambda v: v * 257)
    raw = encoded(ramp.convert("I;16"), "PNG")
    with Image.open(io.BytesIO(check_photo(raw, "ramp.png", 10 * MB).data)) as stored:
        assert stored.getpixel((0, 0)) < 5 and stored.getpixel((0, 255)) > 250
        assert ImageStat.Stat(stored).mean[0] == pytest.approx(127.5, abs=3)


def test_a_tiny_palette_png_of_40_megapixels_is_refused_before_decoding(monkeypatch) -> None:
    raw = encoded(Image.new("P", (8000, 5000), 0), "PNG", optimize=True)
    assert len(raw) < 40 * 1024

    def no_decoding(_image):
        raise AssertionError("the picture was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    with pytest.raises(PhotoRejected, match="too large a picture"):
        check_photo(raw, "bomb.png", 10 * MB)


def test_a_jpeg_over_50_megapixels_is_refused_and_a_large_one_is_decoded_smaller() -> None:
    with pytest.raises(PhotoRejected, match="under 50 megapixels"):
        check_photo(encoded(Image.new("RGB", (10000, 5100), "grey"), "JPEG", quality=10), "huge.jpg", 10 * MB)
    checked = check_photo(encoded(Image.new("RGB", (8000, 6000), "grey"), "JPEG", quality=10), "big.jpg", 10 * MB)
    assert (checked.width, checked.height) == (4000, 3000)  # decoded at half scale, never at 48 MP


def test_an_ordinary_phone_photo_keeps_its_size() -> None:
    checked = check_photo(encoded(Image.new("RGB", (4032, 3024), "green"), "JPEG"), "IMG.jpg", 10 * MB)
    assert (checked.width, checked.height) == (4032, 3024)
