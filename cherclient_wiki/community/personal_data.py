"""The community's share of an export and an erasure (core.personal_data): comments written,
reports filed."""
from __future__ import annotations

from sqlalchemy import select

from ..accounts.models import User
from ..core.db import db
from ..core.personal_data import Content, Erasure, Export, PersonalData
from ..core.schemas import iso_utc
from .models import Comment, CommentStatus, Report


def export(user: User) -> Export:
    found = Export(data={"comments": [], "reports": []})
    for comment in db.session.scalars(select(Comment).where(Comment.author_id == user.id).order_by(Comment.id)):
        path = f"comments/{comment.id}.md"
        found.files[path] = comment.body.encode()
        found.data["comments"].append({
            "id": comment.id, "target_type": comment.target_type, "target_id": comment.target_id,
            "status": comment.status, "official_for": comment.brand.name if comment.brand else None,
            "created_at": iso_utc(comment.created_at), "file": path,
        })
    for report in db.session.scalars(select(Report).where(Report.reporter_id == user.id).order_by(Report.id)):
        found.data["reports"].append({
            "target_type": report.target_type, "target_id": report.target_id, "reason": report.reason,
            "details": report.details, "status": report.status, "created_at": iso_utc(report.created_at),
        })
    return found


def erase(user: User, erasure: Erasure) -> None:
    """Deleted comments keep their place in the thread (« Commentaire supprimé »), not their text.
    Reports stay with the moderators' record, under the pseudonym, with any quoted name replaced."""
    if erasure.content is Content.DELETE:
        for comment in db.session.scalars(select(Comment).where(Comment.author_id == user.id)):
            comment.status, comment.body, comment.html = CommentStatus.DELETED.value, "", ""
    for report in db.session.scalars(select(Report).where(erasure.mentions(Report.details))):
        report.details = erasure.scrub(report.details)[:1000]


PART = PersonalData("community", export, erase)
