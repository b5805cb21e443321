"""What anyone may see of a contributor: who they are and what they published. Held or rejected
stories, hidden or deleted comments and deleted pages never count."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from ..accounts.models import User
from ..accounts.users import by_username
from ..community.models import Comment, CommentStatus
from ..core.db import db
from ..core.pagination import Paged
from ..stories import listing
from ..stories.models import Story
from ..wiki.models import Page, Revision

TOP_PAGES = 20


@dataclass(frozen=True)
class PageContribution:
    slug: str
    title: str
    revisions: int


@dataclass(frozen=True)
class Profile:
    user: User
    stories: Paged[Story]
    pages: list[PageContribution]  # the pages most edited, most first
    page_count: int
    revision_count: int
    comment_count: int

    @property
    def member_since(self) -> datetime:
        return self.user.created_at


def public_user(username: str) -> User | None:
    """The account a profile is about; an erased account has none."""
    user = by_username(username)
    return user if user is not None and user.erased_at is None else None


def profile(user: User, page: int = 1) -> Profile:
    per_page = (
        select(Page.slug, Page.title, func.count(Revision.id).label("revisions"))
        .join(Revision, Revision.page_id == Page.id)
        .where(Revision.author_id == user.id, Page.deleted_at.is_(None))
        .group_by(Page.id, Page.slug, Page.title)
    )
    rows = db.session.execute(per_page.order_by(func.count(Revision.id).desc(), Page.title).limit(TOP_PAGES)).all()
    contributions = per_page.subquery()
    totals = db.session.execute(select(func.count(), func.coalesce(func.sum(contributions.c.revisions), 0))).one()
    comments = db.session.scalar(
        select(func.count()).select_from(Comment).where(Comment.author_id == user.id, Comment.status == CommentStatus.VISIBLE.value)
    )
    return Profile(
        user=user,
        stories=listing.published_by(user, page=page),
        pages=[PageContribution(row.slug, row.title, row.revisions) for row in rows],
        page_count=totals[0],
        revision_count=int(totals[1]),
        comment_count=comments or 0,
    )
