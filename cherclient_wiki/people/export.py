"""The RGPD export: one zip with data.json (every feature's part, core.personal_data) and the
files the parts name — the Markdown of each text, the images sent."""
from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from flask import Response

from ..accounts.models import User
from ..core.db import utcnow
from ..core.hooks import hooks
from ..core.schemas import iso_utc

FORMAT_VERSION = 1
ALREADY_COMPRESSED = (".png", ".jpg", ".jpeg", ".gif", ".webp")


def collect(user: User) -> tuple[dict[str, Any], dict[str, bytes]]:
    """data.json's content and the other files, from every registered part."""
    data: dict[str, Any] = {"format": FORMAT_VERSION, "exported_at": iso_utc(utcnow())}
    files: dict[str, bytes] = {}
    for part in hooks().personal_data:
        found = part.export(user)
        clashing = (data.keys() & found.data.keys()) | (files.keys() & found.files.keys())
        if clashing:
            raise RuntimeError(f"personal data part {part.name!r} reuses {sorted(clashing)}")
        data.update(found.data)
        files.update(found.files)
    return data, files


def export_zip(user: User) -> bytes:
    data, files = collect(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        for path, content in sorted(files.items()):
            stored = zipfile.ZIP_STORED if path.lower().endswith(ALREADY_COMPRESSED) else zipfile.ZIP_DEFLATED
            archive.writestr(path, content, compress_type=stored)
    return buffer.getvalue()


def file_name(user: User) -> str:
    return f"cherclient-{user.username}-{utcnow():%Y-%m-%d}.zip"


def download(user: User) -> Response:
    """The zip as a download that no cache keeps (the web page and the API answer the same)."""
    return Response(export_zip(user), mimetype="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{file_name(user)}"', "Cache-Control": "no-store",
    })
