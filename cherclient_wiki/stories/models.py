"""Story tables. A story's current text is on `stories`; every version, the first included, is a
`story_revisions` row, so an author's edit never loses what was published before."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..brands.models import Brand
from ..core.db import db, utcnow
from ..uploads.models import Upload
from .choices import Status


class Story(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)  # Markdown source
    html: Mapped[str] = mapped_column(Text)  # cached rendering (cherclient_wiki.core.markup)
    kind: Mapped[str] = mapped_column(String(20))  # choices.Kind
    satisfaction: Mapped[int]  # 1..5
    ending: Mapped[str] = mapped_column(String(20))  # choices.Ending
    year: Mapped[int | None]
    channel: Mapped[str | None] = mapped_column(String(20))  # choices.Channel
    photo_id: Mapped[int | None] = mapped_column(ForeignKey("uploads.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20), default=Status.PUBLISHED.value)  # choices.Status
    ad_score: Mapped[float] = mapped_column(default=0.0)
    ad_reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    author_ip: Mapped[str | None] = mapped_column(String(45))  # for the "several accounts, one address" signal
    # The number of the latest StoryRevision: an edit names the version it started from, and a save
    # moves it on with a compare-and-swap (stories.writing), as a page's latest_number does.
    version: Mapped[int] = mapped_column(server_default="0")
    fingerprint: Mapped[bytes | None] = mapped_column(LargeBinary)  # MinHash of the text (moderation.detector)
    review_requested_at: Mapped[datetime | None]  # the author of a held story asked a moderator to look
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship()
    photo: Mapped[Upload | None] = relationship()
    brand_links: Mapped[list[StoryBrand]] = relationship(
        back_populates="story", cascade="all, delete-orphan", order_by="StoryBrand.position"
    )
    revisions: Mapped[list[StoryRevision]] = relationship(
        back_populates="story", cascade="all, delete-orphan", order_by="StoryRevision.number"
    )

    # The ranking indexes (migration 0008) cover the leaderboard's and observatory's GROUP BYs.
    __table_args__ = (
        Index("ix_stories_status_created_at", "status", "created_at"),
        Index("ix_stories_ranking", "status", "author_id", "satisfaction", "ending", "kind", "channel", "year"),
        Index("ix_stories_crosstab", "status", "satisfaction", "kind", "channel", "ending"),
        Index("ix_stories_updated_at", "updated_at"),
    )

    @property
    def brands(self) -> list[Brand]:
        return [link.brand for link in self.brand_links]

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED.value

    def __repr__(self) -> str:
        return f"<Story {self.id} {self.status}>"


class StoryBrand(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "story_brands"
    __table_args__ = (
        # The stories with several brands (a link past position 0): the observatory's per-sector count.
        Index("ix_story_brands_several", "story_id", "position", sqlite_where=text("position > 0"), postgresql_where=text("position > 0")),
    )

    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(default=0)

    story: Mapped[Story] = relationship(back_populates="brand_links")
    brand: Mapped[Brand] = relationship()


class StoryRevision(db.Model):  # type: ignore[name-defined,misc]
    """Immutable: the text and facts of a story as they stood after one save."""

    __tablename__ = "story_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # kind, satisfaction, ending, brands...
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    story: Mapped[Story] = relationship(back_populates="revisions")
    author: Mapped[User | None] = relationship()


class StoryReaction(db.Model):  # type: ignore[name-defined,misc]
    """"Cette histoire m'a touché": one per account and story; shown, never used for ranking."""

    __tablename__ = "story_reactions"

    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
