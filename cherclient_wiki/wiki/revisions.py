"""Reading history: a page's revisions and the site's recent changes (edits and new uploads)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased, joinedload

from ..accounts.models import User
from ..core.db import db
from ..uploads.models import Upload
from .models import Page, Revision
from .pages import Kind

UPLOAD_KIND = "upload"
CHANGE_KINDS = [*(kind.value for kind in Kind), UPLOAD_KIND]
KIND_LABELS = {
    Kind.CREATE.value: _l("Création"),
    Kind.EDIT.value: _l("Modification"),
    Kind.REVERT.value: _l("Retour arrière"),
    Kind.RENAME.value: _l("Renommage"),
    UPLOAD_KIND: _l("Image"),
}


@dataclass(frozen=True)
class Change:
    """One line of history or of recent changes."""

    kind: str
    created_at: datetime
    author_name: str
    author: User | None
    summary: str
    page: Page | None = None
    revision: Revision | None = None
    upload: Upload | None = None
    size_delta: int = 0


def _with_delta(query: Select) -> Select:  # type: ignore[type-arg]
    parent = aliased(Revision)
    return query.add_columns(Revision.size - func.coalesce(parent.size, 0)).outerjoin(
        parent, parent.id == Revision.parent_id
    )


def _revision_change(revision: Revision, delta: int) -> Change:
    return Change(
        revision.kind, revision.created_at, revision.author_name, revision.author, revision.summary,
        page=revision.page, revision=revision, size_delta=delta,
    )


def history(page: Page, limit: int | None = None) -> list[Change]:
    """Newest first."""
    query = (
        select(Revision)
        .options(joinedload(Revision.author), joinedload(Revision.page))
        .where(Revision.page_id == page.id)
        .order_by(Revision.number.desc())
        .limit(limit)
    )
    return [_revision_change(rev, delta) for rev, delta in db.session.execute(_with_delta(query))]


def recent_changes(username: str | None = None, kind: str | None = None, limit: int = 50) -> list[Change]:
    """Edits of live pages and new uploads, newest first, optionally one person's or one kind."""
    changes: list[Change] = []
    if kind != UPLOAD_KIND:
        query = (
            select(Revision)
            .options(joinedload(Revision.author), joinedload(Revision.page))
            .join(Page, Page.id == Revision.page_id)
            .where(Page.deleted_at.is_(None))
            .order_by(Revision.created_at.desc(), Revision.id.desc())
            .limit(limit)
        )
        if kind:
            query = query.where(Revision.kind == kind)
        if username:
            query = query.where(func.lower(Revision.author_name) == username.lower())
        changes += [_revision_change(rev, delta) for rev, delta in db.session.execute(_with_delta(query))]
    if kind in (None, UPLOAD_KIND):
        uploads = select(Upload).options(joinedload(Upload.uploader)).order_by(Upload.created_at.desc()).limit(limit)
        if username:
            uploads = uploads.join(User, User.id == Upload.uploader_id).where(func.lower(User.username) == username.lower())
        for upload in db.session.scalars(uploads):
            name = upload.uploader.username if upload.uploader else ""
            changes.append(
                Change(UPLOAD_KIND, upload.created_at, name, upload.uploader, upload.original_name,
                       upload=upload, size_delta=upload.size)
            )
    changes.sort(key=lambda change: change.created_at, reverse=True)
    return changes[:limit]
