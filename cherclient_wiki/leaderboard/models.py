"""The leaderboard's summary tables, kept in the same transaction as the stories they sum
(leaderboard.tallies): read by the boards instead of the stories themselves."""
from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..core.db import db


class CountedStory(db.Model):  # type: ignore[name-defined,misc]
    """A (story, brand) pair that counts in the brand's ranking — published, not by one of the
    brand's representatives — with what the scoring and the leaderboard's filters read (leaderboard.tallies
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
    story_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)  # no cascade: see leaderboard.tallies
    kind: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str | None] = mapped_column(String(20))
    year: Mapped[int | None]
    love: Mapped[float]
    kept: Mapped[int]
    satisfaction: Mapped[int]
    sole: Mapped[bool]
    ending: Mapped[str] = mapped_column(String(20), server_default="")


class BrandTotal(db.Model):  # type: ignore[name-defined,misc]
    """A brand's counted stories summed, each account's sums divided by its story count first so
    that it counts once: what the unfiltered leaderboard reads, one row per brand; and its counted
    stories per ending, each story once, which the observatory sums per sector. leaderboard.tallies
    moves it by the difference each write makes; a brand with no counted story has no row."""

    __tablename__ = "brand_totals"

    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"), primary_key=True)
    stories: Mapped[int]
    authors: Mapped[int]
    love: Mapped[float]
    kept: Mapped[float]
    satisfaction: Mapped[float]
    ending_loyal: Mapped[int] = mapped_column(server_default="0")
    ending_left: Mapped[int] = mapped_column(server_default="0")
    ending_returned: Mapped[int] = mapped_column(server_default="0")
    ending_undecided: Mapped[int] = mapped_column(server_default="0")
