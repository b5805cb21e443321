"""Comment endpoints of the API: the thread under a story or a page, posting (an official reply
too), deleting one's own, hiding as a moderator."""
from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from ..accounts.bearer import api_user, token_required
from ..accounts.roles import Role
from ..brands.models import Brand
from ..core import limits
from ..core.api import api_bp
from ..core.db import db
from ..core.errors import ApiError, InputError
from ..core.openapi import operation
from ..wiki import pages
from . import comments
from .models import Comment, Target
from .schemas import CommentInput, CommentOut, Thread, Visibility
from .targets import Item, find

TAG = "Commentaires"


def absolute(path: str) -> str:
    return url_for("main.index", _external=True).rstrip("/") + path


def _item(target: Target, target_id: int) -> Item:
    item = find(target, target_id, api_user())
    if item is None:
        raise ApiError(404, "not_found", _("Histoire ou page introuvable."))
    return item


def _page_item(slug: str) -> Item:
    page = pages.resolve(slug)
    return _item(Target.PAGE, page.id if page is not None else 0)


def _thread(item: Item) -> Thread:
    return Thread(comments=[CommentOut.of(comment, absolute(item.url)) for comment in comments.thread(item.type, item.id)])


def _post(item: Item, body: CommentInput) -> tuple[CommentOut, int]:
    author = api_user()
    assert author is not None
    brand = db.session.get(Brand, body.brand_id) if body.brand_id is not None else None
    if body.brand_id is not None and brand is None:
        raise InputError(_("Marque inconnue."), "brand_id")
    return CommentOut.of(comments.post(author, item, body.body, brand), absolute(item.url)), 201


def _comment(comment_id: int) -> tuple[Comment, Item]:
    comment = db.session.get(Comment, comment_id)
    item = _item(Target(comment.target_type), comment.target_id) if comment is not None else None
    if comment is None or item is None:
        raise ApiError(404, "not_found", _("Commentaire introuvable."))
    return comment, item


@api_bp.get("/stories/<int:story_id>/comments")
@operation("Les commentaires sous une histoire", TAG, response=Thread, errors=(404,))
def story_comments(story_id: int) -> Thread:
    """Oldest first; a hidden or deleted comment keeps its place, without its text."""
    return _thread(_item(Target.STORY, story_id))


@api_bp.get("/pages/<slug>/comments")
@operation("Les commentaires sous une page du wiki", TAG, response=Thread, errors=(404,))
def page_comments(slug: str) -> Thread:
    return _thread(_page_item(slug))


@api_bp.post("/stories/<int:story_id>/comments")
@limits.posting
@token_required()
@operation("Commenter une histoire (ou y répondre au nom d'une marque)", TAG, body=CommentInput, response=CommentOut,
           status=201, errors=(403, 404))
def comment_story(story_id: int, body: CommentInput) -> tuple[CommentOut, int]:
    return _post(_item(Target.STORY, story_id), body)


@api_bp.post("/pages/<slug>/comments")
@limits.posting
@token_required()
@operation("Commenter une page du wiki", TAG, body=CommentInput, response=CommentOut, status=201, errors=(404,))
def comment_page(slug: str, body: CommentInput) -> tuple[CommentOut, int]:
    return _post(_page_item(slug), body)


@api_bp.delete("/comments/<int:comment_id>")
@token_required()
@operation("Supprimer son commentaire (ou, modérateur, un commentaire)", TAG, response=CommentOut, errors=(403, 404))
def delete_comment(comment_id: int) -> CommentOut:
    """Its place in the thread is kept, so that the replies around it still make sense."""
    comment, item = _comment(comment_id)
    user = api_user()
    assert user is not None
    comments.delete(user, comment)
    return CommentOut.of(comment, absolute(item.url))


@api_bp.post("/comments/<int:comment_id>/hide")
@token_required(Role.MODERATOR)
@operation("Masquer un commentaire, ou le rendre visible (modérateurs)", TAG, body=Visibility, response=CommentOut,
           errors=(404, 409))
def hide_comment(comment_id: int, body: Visibility) -> CommentOut:
    """Audit-logged with its reason."""
    comment, item = _comment(comment_id)
    moderator = api_user()
    assert moderator is not None
    comments.set_hidden(moderator, comment, body.hidden, body.reason)
    return CommentOut.of(comment, absolute(item.url))
