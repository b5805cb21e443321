"""Tools against vandalism: undo every page a person last touched, and switch an account off.

Reverting goes through the wiki's own `pages.revert` (or `set_deleted` for a page the person
created alone), so history is never rewritten: each cleaned page gets one new revision that
restores the last text written by someone else.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select

from ..accounts import users
from ..accounts.models import User
from ..accounts.roles import Role
from ..core.audit import record
from ..core.db import db
from ..core.errors import InputError
from ..core.merge import Outcome
from ..wiki import pages
from ..wiki.models import Page, Revision


@dataclass
class Cleanup:
    reverted: list[Page] = field(default_factory=list)
    deleted: list[Page] = field(default_factory=list)  # the person wrote every revision
    failed: list[tuple[Page, str]] = field(default_factory=list)


def can_act_on(moderator: User, user: User) -> bool:
    """Moderators act on accounts below them, administrators on anyone but themselves."""
    if moderator.id == user.id or not moderator.has_role(Role.MODERATOR):
        return False
    return moderator.has_role(Role.ADMIN) or user.role_enum.rank < moderator.role_enum.rank


def pages_last_edited_by(user: User) -> list[Page]:
    return list(db.session.scalars(
        select(Page).join(Revision, and_(Revision.page_id == Page.id, Revision.number == Page.latest_number))
        .where(Revision.author_id == user.id, Page.deleted_at.is_(None)).order_by(Page.title)
    ))


def last_revision_by_others(page: Page, user: User) -> Revision | None:
    return db.session.scalar(
        select(Revision)
        .where(Revision.page_id == page.id, or_(Revision.author_id.is_(None), Revision.author_id != user.id))
        .order_by(Revision.number.desc()).limit(1)
    )


def revert_all_edits(moderator: User, user: User) -> Cleanup:
    """Each live page whose latest revisions are by `user` goes back to the last text by someone
    else; a page nobody else wrote is deleted (restorable). One audit entry sums it up."""
    if not can_act_on(moderator, user):
        raise InputError(str(_l("Vous ne pouvez pas agir sur ce compte.")), status=403)
    summary = str(_l("Annulation des modifications de %(name)s (vandalisme)", name=user.username))
    cleanup = Cleanup()
    for page in pages_last_edited_by(user):
        good = last_revision_by_others(page, user)
        if good is None:
            pages.set_deleted(page, True)
            cleanup.deleted.append(page)
            continue
        try:
            saved = pages.revert(page, good.number, moderator, summary)
        except InputError as error:
            cleanup.failed.append((page, error.message))
            continue
        if saved.outcome != Outcome.UNCHANGED:
            cleanup.reverted.append(page)
    record(moderator, "user.revert_all", "user", user.id,
           f"{len(cleanup.reverted)} rétablies, {len(cleanup.deleted)} supprimées, {len(cleanup.failed)} en échec")
    db.session.commit()
    return cleanup


def set_active(moderator: User, user: User, active: bool, reason: str = "") -> None:
    """Deactivating signs the account out everywhere (its sessions and tokens stop working)."""
    if not can_act_on(moderator, user):
        raise InputError(str(_l("Vous ne pouvez pas agir sur ce compte.")), status=403)
    users.set_active(user, active, actor=moderator, reason=reason)
