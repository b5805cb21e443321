"""Brand tables: the canonical brand, the spellings that lead to it, its old slugs, its representatives."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
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
