"""Wiki tables: pages, their immutable revisions, and what the current text links to."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..core.db import db, utcnow


class Page(db.Model):  # type: ignore[name-defined,misc]
    """`latest_number` is the current revision's number and the optimistic-concurrency pointer: a
    save bumps it with a conditional UPDATE, so two writers can never both build on one revision."""

    __tablename__ = "pages"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    latest_number: Mapped[int] = mapped_column(default=0)
    protected: Mapped[bool] = mapped_column(default=False)
    deleted_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    categories: Mapped[list[PageCategory]] = relationship(
        cascade="all, delete-orphan", order_by="PageCategory.position"
    )

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def __repr__(self) -> str:
        return f"<Page {self.slug} r{self.latest_number}>"


class Revision(db.Model):  # type: ignore[name-defined,misc]
    """Immutable once written; `html` is the cached rendering so a read never runs Markdown.
    `author_name` keeps the history readable after an account is gone or across an import."""

    __tablename__ = "revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"))
    number: Mapped[int]
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("revisions.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(300), default="")
    source: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    size: Mapped[int]
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    author_name: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    page: Mapped[Page] = relationship()
    author: Mapped[User | None] = relationship()

    __table_args__ = (UniqueConstraint("page_id", "number", name="uq_revisions_page_id_number"),)

    def __repr__(self) -> str:
        return f"<Revision {self.page_id}#{self.number}>"


class PageLink(db.Model):  # type: ignore[name-defined,misc]
    """One row per wiki link in a page's current text: backlinks, wanted and orphan pages."""

    __tablename__ = "page_links"

    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), primary_key=True)
    target_slug: Mapped[str] = mapped_column(String(120), primary_key=True)

    __table_args__ = (Index("ix_page_links_target_slug", "target_slug"),)


class PageCategory(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "page_categories"

    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(default=0)

    __table_args__ = (Index("ix_page_categories_slug", "slug"),)


class PageRedirect(db.Model):  # type: ignore[name-defined,misc]
    """An old slug left behind by a rename; links and bookmarks to it keep working."""

    __tablename__ = "page_redirects"

    slug: Mapped[str] = mapped_column(String(120), primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    page: Mapped[Page] = relationship()
