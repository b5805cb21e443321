"""How many bytes of images an account may keep (UPLOAD_QUOTA_BYTES).

Images are kept for good (pages and stories cite them), so without a ceiling one account could
fill the disk. The ceiling counts the stored, re-encoded bytes of the images the account sent;
sending an image that is already stored costs nothing. Moderators and administrators have none.
"""
from __future__ import annotations

from dataclasses import dataclass

from babel.units import format_unit
from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..accounts.models import User
from ..accounts.roles import Role
from ..core.db import db
from .models import Upload

MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class Usage:
    used: int
    allowed: int | None  # None: no quota

    def full(self) -> str | None:
        """Why nothing more can be kept (checked before an image is decoded), or None."""
        if self.allowed is None or self.used < self.allowed:
            return None
        return _(
            "L'espace réservé à vos images est plein : vous utilisez %(used)s sur %(allowed)s autorisés. "
            "Réutilisez une image déjà envoyée.",
            used=size_label(self.used), allowed=size_label(self.allowed),
        )

    def overflow(self, size: int) -> str | None:
        """Why an image of `size` bytes cannot be kept, or None."""
        if self.allowed is None or self.used + size <= self.allowed:
            return None
        return self.full() or _(
            "Cette image (%(size)s) dépasserait l'espace réservé à vos images : vous utilisez %(used)s sur "
            "%(allowed)s autorisés. Envoyez une image plus légère, ou réutilisez une image déjà envoyée.",
            size=size_label(size), used=size_label(self.used), allowed=size_label(self.allowed),
        )


def usage(user: User) -> Usage:
    allowed = current_app.config["UPLOAD_QUOTA_BYTES"] or None
    if user.has_role(Role.MODERATOR):
        allowed = None
    used = db.session.scalar(select(func.coalesce(func.sum(Upload.size), 0)).where(Upload.uploader_id == user.id))
    return Usage(int(used or 0), allowed)


def size_label(size: int) -> str:
    """« 300 ko », « 12,3 Mo » in the reader's language."""
    if size < MEGABYTE:
        return format_unit(-(-size // 1024), "digital-kilobyte", length="short", format="#,##0", locale=get_locale())
    return format_unit(size / MEGABYTE, "digital-megabyte", length="short", format="#,##0.#", locale=get_locale())
