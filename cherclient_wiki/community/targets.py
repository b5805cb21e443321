"""What comments and reports point at: a story, a wiki page, a comment, or what a higher feature
declares in the `comment_targets` hook (a suggestion), by type and id. One place decides whether a
reader may see the item, what to call it and where it lives."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..accounts.models import User
from ..accounts.roles import is_moderator
from ..core.db import db
from ..core.hooks import hooks
from ..stories.models import Story
from ..stories.writing import can_see
from ..wiki.models import Page
from .models import Comment, CommentStatus, Target

STORY_ENDPOINT = "stories.show"

TYPE_LABELS = {
    Target.STORY: _l("histoire"), Target.PAGE: _l("page du wiki"), Target.COMMENT: _l("commentaire"),
    Target.SUGGESTION: _l("suggestion"),
}


@dataclass(frozen=True)
class Item:
    type: Target
    id: int
    obj: Any
    title: str
    url: str

    @property
    def type_label(self) -> str:
        return str(TYPE_LABELS[self.type])


def parse(target_type: str) -> Target | None:
    try:
        return Target(target_type)
    except ValueError:
        return None


def story_url(story: Story) -> str:
    return url_for(STORY_ENDPOINT, story_id=story.id)


def find(target_type: Target, target_id: int, viewer: User | None) -> Item | None:
    """The item if it exists and `viewer` may see it (pending stories and deleted pages are for
    their author and the moderators)."""
    moderator = is_moderator(viewer)
    if target_type == Target.STORY:
        story = db.session.get(Story, target_id)
        if story is None or not can_see(viewer, story):
            return None
        return Item(Target.STORY, story.id, story, story.title, story_url(story))
    if target_type == Target.SUGGESTION:
        finder = hooks().comment_targets.get(target_type.value)
        found = finder(target_id, viewer) if finder else None
        return Item(target_type, target_id, *found) if found else None
    if target_type == Target.PAGE:
        page = db.session.get(Page, target_id)
        if page is None or (page.is_deleted and not moderator):
            return None
        return Item(Target.PAGE, page.id, page, page.title, url_for("wiki.show", slug=page.slug))
    comment = db.session.get(Comment, target_id)
    if comment is None or comment.status == CommentStatus.DELETED.value:
        return None
    parent = find(Target(comment.target_type), comment.target_id, viewer)
    if parent is None:
        return None
    title = str(_l("Commentaire de %(name)s sous « %(title)s »", name=comment.author.username if comment.author else "?", title=parent.title))
    return Item(Target.COMMENT, comment.id, comment, title, f"{parent.url}#commentaire-{comment.id}")
