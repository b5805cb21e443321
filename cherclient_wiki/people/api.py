"""People endpoints of the API: a contributor's public profile, the export and the erasure of the
token's own account."""
from __future__ import annotations

from typing import Literal

from flask import Response
from flask_babel import gettext as _

from ..accounts.bearer import api_user, token_required
from ..accounts.models import User
from ..core.api import api_bp
from ..core.errors import ApiError
from ..core.openapi import operation
from ..core.personal_data import Content
from ..core.schemas import Output, Schema, Timestamp
from . import erasure, export, profiles

TAG = "Personnes"


class PageContributionOut(Output):
    slug: str
    title: str
    revisions: int


class StorySummary(Output):
    id: int
    title: str
    created_at: Timestamp


class ProfileOut(Output):
    username: str
    role: Literal["customer", "practitioner", "moderator", "admin"]
    verified: bool
    member_since: Timestamp
    stories: list[StorySummary]
    story_count: int
    pages: list[PageContributionOut]
    page_count: int
    revision_count: int
    comment_count: int

    @classmethod
    def of(cls, found: profiles.Profile) -> ProfileOut:
        user: User = found.user
        return cls(
            username=user.username, role=user.role, verified=user.verified, member_since=found.member_since,
            stories=[StorySummary.model_validate(story) for story in found.stories.items],
            story_count=found.stories.total,
            pages=[PageContributionOut.model_validate(page) for page in found.pages],
            page_count=found.page_count, revision_count=found.revision_count, comment_count=found.comment_count,
        )


class ErasureInput(Schema):
    password: str
    content: Literal["delete", "anonymise"]


class Erased(Output):
    pseudonym: str
    content: Literal["delete", "anonymise"]
    erased_at: Timestamp


@api_bp.get("/users/<username>")
@operation("Le profil public d'un contributeur", TAG, response=ProfileOut, errors=(404,))
def user_profile(username: str) -> ProfileOut:
    """Ce que tout visiteur voit : les histoires publiées (les 20 dernières), les pages les plus
    modifiées, les nombres de révisions et de commentaires visibles."""
    user = profiles.public_user(username)
    if user is None:
        raise ApiError(404, "not_found", _("Utilisateur introuvable."))
    return ProfileOut.of(profiles.profile(user))


@api_bp.get("/me/export")
@token_required()
@operation("Exporter toutes mes données (zip)", TAG, media_type="application/zip")
def export_me() -> Response:
    """Un zip : data.json (compte, histoires et leurs versions, révisions, commentaires,
    signalements, réactions, images envoyées, noms et dates des jetons), le Markdown de chaque
    texte et les images."""
    user = api_user()
    assert user is not None
    return export.download(user)


@api_bp.delete("/me")
@token_required()
@operation("Effacer mon compte", TAG, body=ErasureInput, response=Erased, errors=(403, 409))
def erase_me(body: ErasureInput) -> Erased:
    """`delete` supprime histoires, commentaires et images ; `anonymise` les garde sous le nom
    « ancien membre n°N ». Le texte du wiki reste, attribué à ce nom. Sessions et jetons cessent
    aussitôt de fonctionner. 403 : mot de passe incorrect ; 409 : compte déjà effacé ; 422 : dernier
    administrateur actif."""
    user = api_user()
    assert user is not None
    pseudonym = erasure.erase_own(user, body.password, Content(body.content))
    assert user.erased_at is not None
    return Erased(pseudonym=pseudonym, content=body.content, erased_at=user.erased_at)
