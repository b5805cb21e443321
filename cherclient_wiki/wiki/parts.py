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


def page_tools(slug: str, protected: str) -> Markup:
    """Under a page that is not deleted: its slug and protection come in the arguments (a page kept
    for visitors is replaced when either changes), so no query is needed."""
    is_protected = protected == "1"
    tools = get_template_attribute(TEMPLATE, "page_tools")
    return tools(slug, is_protected, current_user, pages.may_edit(current_user, protected=is_protected), is_moderator(current_user))  # type: ignore[no-any-return]
