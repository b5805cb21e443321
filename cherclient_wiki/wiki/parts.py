"""A wiki page's personal parts (core.personal_parts): its tabs and the tools under it."""
from __future__ import annotations

from flask import get_template_attribute
from flask_login import current_user
from markupsafe import Markup

from ..accounts.roles import is_moderator
from . import pages

TEMPLATE = "parts/wiki.html"


def page_tabs(slug: str, active: str) -> Markup:
    return get_template_attribute(TEMPLATE, "page_tabs")(slug, active, current_user.is_authenticated)  # type: ignore[no-any-return]


def page_tools(slug: str) -> Markup:
    page = pages.by_slug(slug)
    if page is None:
        return Markup("")
    tools = get_template_attribute(TEMPLATE, "page_tools")
    return tools(page, current_user, pages.can_edit(current_user, page), is_moderator(current_user))  # type: ignore[no-any-return]
