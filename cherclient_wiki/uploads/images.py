"""Accepting an image: decode it with Pillow, refuse anything else, re-encode the pixels.

Re-encoding from pixels strips EXIF/GPS and every other metadata, and drops whatever a polyglot
file hid around the image data (HTML, scripts, ZIP archives). The pixel count is checked from the
header before any decoding, which defeats decompression bombs. Only the first frame of an
animation is kept. Files are stored under the hash of their new bytes, so the same image sent
twice is stored once.
"""
from __future__ import annotations

import hashlib
import io
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..accounts.models import User
from ..core.db import db
from . import quota
from .models import Upload


@dataclass(frozen=True)
class Format:
    extension: str
    content_type: str
    save_options: dict[str, object]


FORMATS = {
    "PNG": Format("png", "image/png", {"optimize": True}),
    "JPEG": Format("jpg", "image/jpeg", {"quality": 88}),
    "GIF": Format("gif", "image/gif", {}),
    "WEBP": Format("webp", "image/webp", {"quality": 88}),
}
MODES = {"PNG": ("1", "L", "LA", "P", "RGB", "RGBA"), "JPEG": ("L", "RGB"), "GIF": ("L", "P"), "WEBP": ("RGB", "RGBA")}


class ImageRejected(ValueError):
    status = 422

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class QuotaExceeded(ImageRejected):
    """The account's images already fill, or this one would overflow, UPLOAD_QUOTA_BYTES."""

    status = 413


def upload_folder() -> Path:
    """UPLOAD_FOLDER when set (a folder every app server mounts: NFS, a shared volume), else the
    instance folder's `uploads`. Names are content hashes written by rename, so servers sharing
    the folder never see half a file nor overwrite each other's."""
    folder = Path(current_app.config.get("UPLOAD_FOLDER") or Path(current_app.instance_path) / "uploads")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def reencode(data: bytes, max_bytes: int | None = None, max_pixels: int | None = None) -> tuple[bytes, Format, tuple[int, int]]:
    """The clean bytes of an accepted image, or ImageRejected saying why in French."""
    max_bytes = max_bytes or current_app.config["UPLOAD_MAX_BYTES"]
    max_pixels = max_pixels or current_app.config["UPLOAD_MAX_PIXELS"]
    if not data:
        raise ImageRejected(str(_l("Le fichier est vide.")))
    if len(data) > max_bytes:
        raise ImageRejected(str(_l("Le fichier dépasse %(n)d Mo.", n=max_bytes // (1024 * 1024))))
    refused = str(_l("Seules les images PNG, JPEG, GIF et WebP sont acceptées (pas de SVG ni d'autre format)."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=list(FORMATS)) as image:
                width, height = image.size
                if width * height > max_pixels:
                    raise ImageRejected(str(_l("L'image est trop grande (%(w)d × %(h)d pixels).", w=width, h=height)))
                kind = FORMATS[image.format or ""]
                image.seek(0)
                image.load()
                pixels = _normalise_mode(image, image.format or "")
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected(str(_l("L'image est trop grande pour être traitée."))) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, KeyError, EOFError):
        raise ImageRejected(refused) from None
    out = io.BytesIO()
    pixels.save(out, format=_format_name(kind), **kind.save_options)
    return out.getvalue(), kind, (width, height)


def _format_name(kind: Format) -> str:
    return next(name for name, candidate in FORMATS.items() if candidate is kind)


def _normalise_mode(image: Image.Image, format_name: str) -> Image.Image:
    """A fresh image holding only pixels (and a palette): no metadata survives the copy."""
    allowed = MODES[format_name]
    if image.mode in allowed:
        fresh = image.copy()
    elif "A" in image.mode or "transparency" in image.info:
        fresh = image.convert("RGBA" if "RGBA" in allowed else allowed[-1])
    else:
        fresh = image.convert("RGB" if "RGB" in allowed else allowed[-1])
    transparency = image.info.get("transparency") if fresh.mode == "P" else None
    fresh.info = {} if transparency is None else {"transparency": transparency}
    return fresh


def save_image(data: bytes, original_name: str, uploader: User | None) -> Upload:
    """Check, re-encode and store an image; return its row (the existing one for a duplicate).
    A full quota is refused before decoding, which is where the time goes."""
    usage = quota.usage(uploader) if uploader is not None else None
    if usage is not None and (full := usage.full()):
        raise QuotaExceeded(full)
    clean, kind, (width, height) = reencode(data)
    name = f"{hashlib.sha256(clean).hexdigest()}.{kind.extension}"
    existing = db.session.scalar(select(Upload).where(Upload.name == name))
    if existing is not None:
        return existing
    if usage is not None and (overflow := usage.overflow(len(clean))):
        raise QuotaExceeded(overflow)
    path = upload_folder() / name
    if not path.exists():
        temporary = path.with_name(f".{name}.{os.getpid()}")
        temporary.write_bytes(clean)
        os.replace(temporary, path)
    upload = Upload(
        name=name,
        original_name=Path(original_name or "image").name[:255],
        content_type=kind.content_type,
        size=len(clean),
        width=width,
        height=height,
        uploader_id=uploader.id if uploader else None,
    )
    db.session.add(upload)
    try:
        db.session.commit()
    except IntegrityError:  # the same image, sent at the same moment by someone else
        db.session.rollback()
        existing = db.session.scalar(select(Upload).where(Upload.name == name))
        assert existing is not None
        return existing
    return upload


def save_attached(file: Any, uploader: User) -> Upload | None:
    """A photo attached to a form (a story, a suggestion): stored as any upload (same checks,
    same quota); None when no file was chosen. ImageRejected says why a file is refused."""
    if file is None or not getattr(file, "filename", ""):
        return None
    return save_image(file.read(), file.filename or "", uploader)


def recent_uploads(limit: int = 60) -> list[Upload]:
    return list(db.session.scalars(select(Upload).order_by(Upload.created_at.desc(), Upload.id.desc()).limit(limit)))
