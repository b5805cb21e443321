"""A published story's personal parts (core.personal_parts): the reaction button and the tools
under it."""
from __future__ import annotations

from flask import get_template_attribute, request
from flask_login import current_user
from markupsafe import Markup

from ..accounts.models import User
from ..accounts.roles import is_moderator
from ..core.db import db
from . import reactions, writing
from .models import Story

TEMPLATE = "parts/stories.html"


def reaction(story_id: str) -> Markup:
    story = db.session.get(Story, int(story_id))
    if story is None:
        return Markup("")
    button = get_template_attribute(TEMPLATE, "reaction")
    return button(story.id, current_user.is_authenticated, reactions.has_reacted(story, current_user), request.full_path)  # type: ignore[no-any-return]


def tools(story_id: str) -> Markup:
    story = db.session.get(Story, int(story_id))
    if story is None:
        return Markup("")
    moderator = is_moderator(current_user)
    return get_template_attribute(TEMPLATE, "tools")(story, writing.can_edit(current_user, story), moderator)  # type: ignore[no-any-return]


def sees_the_shared_page(reader: User) -> bool:
    """Moderators see hidden comments and manage brands: their story pages are rendered whole."""
    return not is_moderator(reader)
