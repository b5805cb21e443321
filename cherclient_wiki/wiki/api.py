"""Wiki endpoints of the API: read, save (with merge or 409), rename, history, revert, backlinks,
and the preview through the same pipeline as a save."""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from pydantic import Field

from ..accounts.bearer import api_user, token_required
from ..accounts.models import User
from ..core import limits
from ..core.api import api_bp
from ..core.errors import ApiError, InputError
from ..core.extensions import limiter
from ..core.markup import RenderTooSlow, render_document
from ..core.merge import Outcome
from ..core.openapi import operation
from ..core.schemas import JsonInt, Output, Schema, Timestamp
from ..core.slugs import slugify
from . import links, pages
from .models import Page, Revision
from .pages import EditConflict
from .revisions import history

TAG = "Wiki"
SOURCE_AS_MARKDOWN = {"source": "markdown"}


class PageOut(Output):
    slug: str
    title: str
    markdown: str
    html: str = Field(description="Rendu sanitisé ; les liens vers des pages absentes ont la classe « new ».")
    revision: int
    categories: list[str]

    @classmethod
    def of(cls, page: Page, revision: Revision) -> PageOut:
        return cls(slug=page.slug, title=page.title, markdown=revision.source, html=links.resolve(revision.html),
                   revision=revision.number, categories=[category.name for category in page.categories])


class Saved(PageOut):
    merged: bool = Field(description="Le texte a été fusionné avec une modification faite entre-temps.")
    redirected_from: str | None = Field(None, description="L'adresse demandée, quand la page a été renommée depuis.")


class PageSave(Schema):
    markdown: str = Field(max_length=pages.MAX_SOURCE_LENGTH)
    title: str | None = Field(None, description="Seulement pour créer la page : il doit mener à son adresse.")
    summary: str = Field("", max_length=pages.MAX_SUMMARY_LENGTH)
    base_revision: JsonInt | None = Field(None, ge=0, description="La révision lue avant de modifier : fusion ou 409.")


class Rename(Schema):
    title: str = Field(min_length=1, max_length=pages.MAX_TITLE_LENGTH)
    summary: str = Field("", max_length=pages.MAX_SUMMARY_LENGTH)


class Revert(Schema):
    revision: JsonInt


class Change(Output):
    revision: int
    author: str
    created_at: Timestamp
    summary: str


class History(Output):
    revisions: list[Change]


class PageRef(Output):
    slug: str
    title: str


class Backlinks(Output):
    backlinks: list[PageRef]


class Preview(Schema):
    markdown: str


class Rendered(Output):
    html: str


def _page(slug: str) -> Page:
    page = pages.resolve(slugify(slug))
    if page is None or page.is_deleted:
        raise ApiError(404, "not_found", _("Page introuvable."))
    return page


def _check_editor(page: Page | None) -> User:
    """The token's user, when they may edit `page` (a new page when None)."""
    user = api_user()
    if user is None or not pages.can_edit(user, page):
        raise ApiError(403, "forbidden", _("Cette page est protégée : seuls les professionnels vérifiés et les modérateurs peuvent la modifier."))
    return user


@api_bp.get("/pages/<slug>")
@operation("Lire une page", TAG, response=PageOut, errors=(404,))
def get_page(slug: str) -> PageOut:
    page = _page(slug)
    current = pages.current_revision(page)
    assert current is not None
    return PageOut.of(page, current)


@api_bp.put("/pages/<slug>")
@limits.editing
@token_required()
@operation("Créer ou modifier une page", TAG, body=PageSave, response=Saved, errors=(403, 404, 409),
           aliases=SOURCE_AS_MARKDOWN, also=(201,))
def put_page(slug: str, body: PageSave) -> Saved | tuple[Saved, int]:
    """201 created, 200 saved or merged (`"merged": true`), 409 `edit_conflict` on overlapping
    changes (with `current_revision`). As in the web editor, a title may only be given to create a
    page (it must lead to its address), and a renamed page's old address saves on the page
    (`"redirected_from"` says so)."""
    canonical = slugify(slug)
    if not canonical:
        raise ApiError(404, "not_found", _("Adresse de page invalide."))
    page = pages.resolve(canonical)
    user = _check_editor(page)
    target = page.slug if page is not None else canonical
    title = pages.title_for_edit(target, page, body.title)
    try:
        saved = pages.save_revision(target, body.markdown, user, title=title, summary=body.summary, base=body.base_revision)
    except EditConflict as conflict:
        raise ApiError(
            409, "edit_conflict",
            _("La page a été modifiée entre-temps sur les mêmes passages : rien n'a été enregistré."),
            current_revision=conflict.current.number,
        ) from None
    answer = Saved(**PageOut.of(saved.page, saved.revision).model_dump(), merged=saved.outcome == Outcome.MERGED,
                   redirected_from=canonical if target != canonical else None)
    return (answer, 201) if saved.outcome == Outcome.CREATED else answer


@api_bp.post("/pages/<slug>/rename")
@limits.editing
@token_required()
@operation("Renommer une page (l'ancienne adresse redirige)", TAG, body=Rename, response=PageOut, errors=(403, 404))
def rename_page(slug: str, body: Rename) -> PageOut:
    """The only way to change an existing page's title: the address follows, the old one redirects."""
    page = _page(slug)
    user = _check_editor(page)
    saved = pages.rename(page, body.title, user, body.summary)
    return PageOut.of(saved.page, saved.revision)


@api_bp.get("/pages/<slug>/history")
@operation("L'historique d'une page", TAG, response=History, errors=(404,))
def page_history(slug: str) -> History:
    return History(revisions=[
        Change(revision=change.revision.number, author=change.author_name, created_at=change.created_at, summary=change.summary)
        for change in history(_page(slug)) if change.revision is not None
    ])


@api_bp.post("/pages/<slug>/revert")
@limits.editing
@token_required()
@operation("Rétablir une ancienne révision", TAG, body=Revert, response=PageOut, errors=(403, 404))
def revert_page(slug: str, body: Revert) -> PageOut:
    """A new revision restoring an old one (history is never rewritten)."""
    page = _page(slug)
    user = _check_editor(page)
    try:
        saved = pages.revert(page, body.revision, user)
    except InputError as error:
        raise InputError(error.message, "revision") from None
    return PageOut.of(saved.page, saved.revision)


@api_bp.get("/pages/<slug>/backlinks")
@operation("Les pages qui citent celle-ci", TAG, response=Backlinks, errors=(404,))
def page_backlinks(slug: str) -> Backlinks:
    return Backlinks(backlinks=[PageRef(slug=page.slug, title=page.title) for page in links.backlinks(_page(slug))])


@api_bp.post("/render")
@limiter.limit(lambda: current_app.config["RENDER_LIMIT_PER_IP"])
@operation("Aperçu : du Markdown au HTML publié", TAG, body=Preview, response=Rendered, errors=(429,))
def render_markdown(body: Preview) -> Rendered:
    """The same pipeline as a save, so what you see is what will be published. Anonymous
    visitors preview up to RENDER_ANONYMOUS_MAX_LENGTH characters (a story), a token a whole page."""
    longest = pages.MAX_SOURCE_LENGTH if api_user() else current_app.config["RENDER_ANONYMOUS_MAX_LENGTH"]
    if len(body.markdown) > longest:
        raise InputError(_(
            "Le texte dépasse %(n)d caractères : l'aperçu en direct s'arrête là ; le bouton « Prévisualiser » "
            "de l'éditeur montre la page entière.", n=longest,
        ), "markdown")
    try:
        rendered = render_document(body.markdown)
    except RenderTooSlow as slow:
        raise InputError(str(slow), "markdown") from None
    return Rendered(html=links.resolve(rendered.html))
