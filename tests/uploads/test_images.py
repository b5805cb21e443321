"""Images are checked and re-encoded: metadata and hidden payloads do not survive; SVG is refused."""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from cherclient_wiki.uploads import images
from cherclient_wiki.uploads.images import ImageRejected


def picture(fmt: str, size: tuple[int, int] = (8, 6), mode: str = "RGB", **options: Any) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (200, 30, 60) if mode == "RGB" else None).save(out, format=fmt, **options)
    return out.getvalue()


@pytest.mark.parametrize("fmt, ext", [("PNG", "png"), ("JPEG", "jpg"), ("GIF", "gif"), ("WEBP", "webp")])
def test_each_accepted_format_is_stored_under_its_hash(app: Any, claire: Any, fmt: str, ext: str) -> None:
    upload = images.save_image(picture(fmt), f"photo.{ext}", claire)
    assert upload.name.endswith(f".{ext}") and len(upload.name) == 64 + 1 + len(ext)
    assert (upload.width, upload.height) == (8, 6)
    stored = Path(app.instance_path) / "uploads" / upload.name
    with Image.open(stored) as image:
        assert image.format == fmt


def test_the_same_image_twice_is_stored_once(app: Any, claire: Any) -> None:
    first = images.save_image(picture("PNG"), "a.png", claire)
    assert images.save_image(picture("PNG"), "b.png", claire).id == first.id


def test_exif_metadata_is_stripped(app: Any, claire: Any) -> None:
    exif = Image.Exif()
    exif[0x010F] = "Appareil secret"  # Make
    upload = images.save_image(picture("JPEG", exif=exif.tobytes()), "gps.jpg", claire)
    data = (Path(app.instance_path) / "uploads" / upload.name).read_bytes()
    assert b"Appareil secret" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()


def test_a_polyglot_loses_its_payload(app: Any, claire: Any) -> None:
    payload = b"<script>alert(1)</script><html>"
    upload = images.save_image(picture("GIF") + payload, "poly.gif", claire)
    assert payload not in (Path(app.instance_path) / "uploads" / upload.name).read_bytes()


@pytest.mark.parametrize(
    "data, name",
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>', "logo.svg"),
        (b"%PDF-1.4 fake", "doc.pdf"),
        (b"<html><script>alert(1)</script></html>", "page.png"),
        (b"", "vide.png"),
    ],
)
def test_anything_else_is_refused_with_a_clear_message(app: Any, claire: Any, data: bytes, name: str) -> None:
    with pytest.raises(ImageRejected) as error:
        images.save_image(data, name, claire)
    assert "PNG, JPEG, GIF et WebP" in error.value.message or "vide" in error.value.message


def test_other_pillow_formats_are_refused(app: Any, claire: Any) -> None:
    with pytest.raises(ImageRejected):
        images.save_image(picture("BMP"), "image.bmp", claire)
    with pytest.raises(ImageRejected):
        images.save_image(picture("TIFF"), "image.tiff", claire)


def test_size_and_decompression_bomb_limits(app: Any, claire: Any) -> None:
    app.config["UPLOAD_MAX_BYTES"] = 1000
    with pytest.raises(ImageRejected) as error:
        images.save_image(picture("PNG", (200, 200), mode="RGB") + b"\0" * 2000, "gros.png", claire)
    assert "Mo" in error.value.message
    app.config["UPLOAD_MAX_BYTES"] = 5 * 1024 * 1024
    app.config["UPLOAD_MAX_PIXELS"] = 10_000
    # A small file announcing a huge picture: refused from the header, before any decoding.
    bomb = picture("PNG", (5000, 5000), mode="1")
    assert len(bomb) < 100_000
    with pytest.raises(ImageRejected) as error:
        images.save_image(bomb, "bombe.png", claire)
    assert "trop grande" in error.value.message
