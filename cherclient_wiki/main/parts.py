"""The account menu and the language switch at the top of every page: personal parts
(core.personal_parts)."""
from __future__ import annotations

from flask import get_template_attribute, request
from flask_login import current_user
from markupsafe import Markup

from ..accounts.roles import Role, is_moderator
from ..core.i18n import current_locale
from ..core.personal_parts import same_on_every_page
from ..core.visitor_cache import kept_for_visitors
from ..notifications import inbox

TEMPLATE = "parts/account.html"


@same_on_every_page
def account() -> Markup:
    """For a signed-in reader, from their account and the data only (the address is for visitors'
    « Se connecter » link, which brings them back)."""
    user = current_user
    signed_in = user.is_authenticated
    menu = get_template_attribute(TEMPLATE, "account_menu")
    return menu(  # type: ignore[no-any-return]
        user,
        unread=inbox.unread_count(user) if signed_in else None,
        is_moderator=is_moderator(user),
        is_admin=signed_in and user.has_role(Role.ADMIN),
        path=request.full_path, endpoint=request.endpoint,
    )


def language() -> Markup:
    switch = get_template_attribute(TEMPLATE, "language_switch")
    return switch(current_locale(), request.full_path, kept_for_visitors())  # type: ignore[no-any-return]
