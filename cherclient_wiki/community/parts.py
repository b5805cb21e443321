"""A discussion's personal parts (core.personal_parts): the report link, each comment's tools and
the comment form (an invitation to sign in for visitors)."""
from __future__ import annotations

from flask import get_template_attribute, request
from flask_login import current_user
from markupsafe import Markup

from ..accounts.roles import is_moderator
from .views import comment_form, visible_item

TEMPLATE = "parts/comments.html"


def thread_report(target_type: str, target_id: str) -> Markup:
    return get_template_attribute(TEMPLATE, "report_link")(target_type, target_id, current_user.is_authenticated)  # type: ignore[no-any-return]


def comment_tools(comment_id: str, author_id: str, status: str) -> Markup:
    moderator = is_moderator(current_user)
    tools = get_template_attribute(TEMPLATE, "comment_tools")
    return tools(int(comment_id), int(author_id) if author_id else None, status, current_user, moderator)  # type: ignore[no-any-return]


def form_or_invitation(target_type: str, target_id: str) -> Markup:
    """The form for a signed-in reader (no form, hence no CSRF token in the session, for visitors)."""
    form = item = None
    if current_user.is_authenticated:
        item = visible_item(target_type, int(target_id))
        form = comment_form(item) if item else None
    return get_template_attribute(TEMPLATE, "form_or_invitation")(form, item, request.full_path)  # type: ignore[no-any-return]
