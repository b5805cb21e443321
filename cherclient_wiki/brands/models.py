"""Brand tables: the canonical brand, the spellings that lead to it, its old slugs, its representatives."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..core.db import db, utcnow


class Brand(db.Model):  # type: ignore[name-defined,misc]
    """`key` is the folded name (see brands.names.name_key): "SAAB", "Saab" and " saab " share it."""

    __tablename__ = "brands"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    sector: Mapped[str] = mapped_column(String(40), default="autre", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    aliases: Mapped[list[BrandAlias]] = relationship(
        back_populates="brand", cascade="all, delete-orphan", order_by="BrandAlias.label"
    )

    def __repr__(self) -> str:
        return f"<Brand {self.slug}>"


class BrandAlias(db.Model):  # type: ignore[name-defined,misc]
    """Another spelling of a brand ("VW" for Volkswagen); also left behind when two brands merge."""

    __tablename__ = "brand_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    label: Mapped[str] = mapped_column(String(120))

    brand: Mapped[Brand] = relationship(back_populates="aliases")


class BrandRedirect(db.Model):  # type: ignore[name-defined,misc]
    """An old slug after a rename or a merge, so that links people shared keep working."""

    __tablename__ = "brand_redirects"

    slug: Mapped[str] = mapped_column(String(120), primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"), index=True)

    brand: Mapped[Brand] = relationship()


class BrandRepresentative(db.Model):  # type: ignore[name-defined,misc]
    """An account that speaks for a brand: it may reply officially; its own stories about the brand
    never count in the ranking."""

    __tablename__ = "brand_representatives"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"), primary_key=True)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    brand: Mapped[Brand] = relationship()


class CountedStory(db.Model):  # type: ignore[name-defined,misc]
    """A (story, brand) pair that counts in the brand's ranking — published, not by one of the
    brand's representatives — with what the scoring and the leaderboard's filters read (brands.tallies
    keeps it in step in the same transaction). `account` is the author, or minus the story id once
    the account is gone; `sole` says the story is its account's only one about the brand: those
    stories are summed per brand straight from the index, in its order, and only the few accounts
    with several stories are grouped per account first."""

    __tablename__ = "counted_stories"
    __table_args__ = (
        Index("ix_counted_stories_ranking", "sole", "brand_id", "account", "kind", "channel", "year", "love", "kept", "satisfaction"),
    )

    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"), primary_key=True)
    account: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    story_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)  # no cascade: see brands.tallies
    kind: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str | None] = mapped_column(String(20))
    year: Mapped[int | None]
    love: Mapped[float]
    kept: Mapped[int]
    satisfaction: Mapped[int]
    sole: Mapped[bool]


class BrandTotal(db.Model):  # type: ignore[name-defined,misc]
    """A brand's counted stories summed, each account's sums divided by its story count first so
    that it counts once: what the unfiltered leaderboard reads, one row per brand. brands.tallies
    moves it by the difference each write makes; a brand with no counted story has no row."""

    __tablename__ = "brand_totals"

    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"), primary_key=True)
    stories: Mapped[int]
    authors: Mapped[int]
    love: Mapped[float]
    kept: Mapped[float]
    satisfaction: Mapped[float]
