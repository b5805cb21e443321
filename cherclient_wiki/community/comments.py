"""Discussion threads under stories and wiki pages, with official brand replies.

A comment's Markdown goes through the one pipeline (cherclient_wiki.core.markup) once, when posted; the
thread shows the cached HTML. Nothing is ever erased: a comment deleted by its author, or hidden by
a moderator, keeps its place so the replies around it still make sense.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..accounts.roles import Role
from ..brands.models import Brand
from ..core.audit import record
from ..core.db import db
from ..core.errors import InputError
from ..core.hooks import hooks
from ..core.markup import RenderTooSlow, render
from .models import Comment, CommentStatus, Target
from .representatives import reply_brands
from .targets import Item

MAX_COMMENT_LENGTH = 5_000


def thread(target_type: Target, target_id: int) -> list[Comment]:
    return list(db.session.scalars(
        select(Comment)
        .where(Comment.target_type == target_type.value, Comment.target_id == target_id)
        .options(selectinload(Comment.author), selectinload(Comment.brand))
        .order_by(Comment.created_at, Comment.id)
    ))


def clean_body(body: str) -> str:
    body = body.replace("\r\n", "\n").strip()
    if not body:
        raise InputError(str(_l("Écrivez votre commentaire avant de l'envoyer.")), "body")
    if len(body) > MAX_COMMENT_LENGTH:
        raise InputError(str(_l("Un commentaire ne peut dépasser %(n)d caractères.", n=MAX_COMMENT_LENGTH)), "body")
    return body


def post(author: User, item: Item, body: str, brand: Brand | None = None) -> Comment:
    """Add a comment under a visible story, page or suggestion; with `brand`, an official reply, which only a
    representative of one of the item's brands may post (InputError with status 403): under a
    story or a suggestion."""
    if item.type == Target.COMMENT:
        raise InputError(str(_l("On ne commente qu'une histoire, une page ou une suggestion.")), status=404)
    body = clean_body(body)
    if brand is not None and not (
        item.type in (Target.STORY, Target.SUGGESTION) and brand.id in {b.id for b in reply_brands(author, item.obj)}
    ):
        raise InputError(
            str(_l("Seul un représentant de %(brand)s peut publier une réponse officielle en son nom, et seulement sous une histoire qui la concerne.", brand=brand.name)),
            "brand_id", status=403,
        )
    try:
        html = render(body)
    except RenderTooSlow as slow:
        raise InputError(str(slow), "body") from None
    problem = hooks().save_problem(author, html)
    if problem:
        raise InputError(problem, "body")
    comment = Comment(
        target_type=item.type.value, target_id=item.id,
        author_id=author.id, brand_id=brand.id if brand else None, body=body, html=html,
    )
    db.session.add(comment)
    db.session.commit()
    return comment


def can_delete(user: User | None, comment: Comment) -> bool:
    if user is None or not user.is_authenticated or comment.status == CommentStatus.DELETED.value:
        return False
    return comment.author_id == user.id or user.has_role(Role.MODERATOR)


def delete(actor: User, comment: Comment) -> None:
    """The author withdraws a comment, or a moderator removes it (that one is audit-logged)."""
    if not can_delete(actor, comment):
        raise InputError(str(_l("Vous ne pouvez pas supprimer ce commentaire.")), status=403)
    comment.status = CommentStatus.DELETED.value
    if actor.id != comment.author_id:
        record(actor, "comment.delete", "comment", comment.id)
    db.session.commit()


def set_hidden(moderator: User, comment: Comment, hidden: bool, reason: str = "") -> None:
    if not moderator.has_role(Role.MODERATOR):
        raise InputError(str(_l("Seuls les modérateurs masquent un commentaire.")), status=403)
    if comment.status == CommentStatus.DELETED.value:
        raise InputError(str(_l("Ce commentaire est supprimé.")), status=409)
    comment.status = (CommentStatus.HIDDEN if hidden else CommentStatus.VISIBLE).value
    record(moderator, "comment.hide" if hidden else "comment.unhide", "comment", comment.id, reason)
    db.session.commit()
