"""The uploads' share of an export and an erasure (core.personal_data): each image sent, its
description and its file."""
from __future__ import annotations

from functools import partial

from sqlalchemy import select

from ..accounts.models import User
from ..core.db import db
from ..core.personal_data import Content, Erasure, Export, PersonalData
from ..core.schemas import iso_utc
from .images import upload_folder
from .models import Upload


def _own(user: User) -> list[Upload]:
    return list(db.session.scalars(select(Upload).where(Upload.uploader_id == user.id).order_by(Upload.id)))


def export(user: User) -> Export:
    found = Export(data={"uploads": []})
    for upload in _own(user):
        path = upload_folder() / upload.name
        found.data["uploads"].append({
            "name": upload.name, "original_name": upload.original_name, "content_type": upload.content_type,
            "size": upload.size, "width": upload.width, "height": upload.height,
            "created_at": iso_utc(upload.created_at), "file": f"images/{upload.name}" if path.exists() else None,
        })
        if path.exists():
            found.files[f"images/{upload.name}"] = path.read_bytes()
    return found


def erase(user: User, erasure: Erasure) -> None:
    """Deleted images leave the stories that showed them (photo_id goes NULL); the files go once
    the erasure is committed."""
    if erasure.content is not Content.DELETE:
        return
    folder = upload_folder()
    for upload in _own(user):
        db.session.delete(upload)
        erasure.after_commit.append(partial((folder / upload.name).unlink, missing_ok=True))


PART = PersonalData("uploads", export, erase)
