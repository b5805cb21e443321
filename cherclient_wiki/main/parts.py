"""The account menu at the top of every page: a personal part (core.personal_parts)."""
from __future__ import annotations

from flask import get_template_attribute, request
from flask_login import current_user
from markupsafe import Markup

from ..accounts.roles import Role, is_moderator
from ..core.i18n import current_locale
from ..core.visitor_cache import kept_for_visitors
from ..notifications import inbox


def account() -> Markup:
    user = current_user
    signed_in = user.is_authenticated
    menu = get_template_attribute("parts/account.html", "account_menu")
    return menu(  # type: ignore[no-any-return]
        user,
        unread=inbox.unread_count(user) if signed_in else None,
        is_moderator=is_moderator(user),
        is_admin=signed_in and user.has_role(Role.ADMIN),
        locale=current_locale(),
        path=request.full_path, endpoint=request.endpoint, kept=kept_for_visitors(),
    )
