"""Wiki endpoints of the API: read, save (with merge or 409), history, revert, backlinks, render."""
from __future__ import annotations

from typing import Any

from flask import Response, current_app, jsonify
from flask_babel import gettext as _

from ..accounts.bearer import api_user, token_required
from ..core import limits
from ..core.api import api_bp, json_body
from ..core.errors import ApiError, InputError
from ..core.extensions import limiter
from ..core.inputs import parse_int
from ..core.markup import RenderTooSlow, render_document
from ..core.merge import Outcome
from ..core.slugs import slugify
from . import links, pages
from .models import Page, Revision
from .pages import EditConflict
from .revisions import history


def page_json(page: Page, revision: Revision) -> dict[str, Any]:
    return {
        "slug": page.slug,
        "title": page.title,
        "markdown": revision.source,
        "html": links.resolve(revision.html),
        "revision": revision.number,
        "categories": [category.name for category in page.categories],
    }


def _page(slug: str) -> Page:
    page = pages.resolve(slugify(slug))
    if page is None or page.is_deleted:
        raise ApiError(404, "not_found", _("Page introuvable."))
    return page


def _string(body: dict[str, Any], key: str, *, required: bool = False) -> str | None:
    value = body.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise InputError.of({key: _("Texte attendu.")})
    return value


def _check_editor(page: Page | None) -> None:
    if not pages.can_edit(api_user(), page):
        raise ApiError(403, "forbidden", _("Cette page est protégée : seuls les professionnels vérifiés et les modérateurs peuvent la modifier."))


@api_bp.get("/pages/<slug>")
def get_page(slug: str) -> Response:
    page = _page(slug)
    current = pages.current_revision(page)
    assert current is not None
    return jsonify(page_json(page, current))


@api_bp.put("/pages/<slug>")
@limits.editing
@token_required()
def put_page(slug: str) -> tuple[Response, int]:
    """201 created, 200 saved or merged (`"merged": true`), 409 on overlapping changes. As in the
    web editor, a title may only be given to create a page (it must lead to its address), and a
    renamed page's old address saves on the page (`"redirected_from"` says so)."""
    canonical = slugify(slug)
    if not canonical:
        raise ApiError(404, "not_found", _("Adresse de page invalide."))
    body = json_body()
    markdown = _string(body, "markdown", required=True)
    title = _string(body, "title")
    summary = _string(body, "summary") or ""
    raw_base = body.get("base_revision")
    base = parse_int(raw_base, minimum=0) if isinstance(raw_base, int) else None  # a JSON number, not "1"
    if raw_base is not None and base is None:
        raise InputError.of({"base_revision": _("Numéro de révision attendu (entier positif).")})
    page = pages.resolve(canonical)
    _check_editor(page)
    target = page.slug if page is not None else canonical
    try:
        title = pages.title_for_edit(target, page, title)
        saved = pages.save_revision(target, markdown or "", api_user(), title=title, summary=summary, base=base)
    except EditConflict as conflict:
        raise ApiError(
            409, "edit_conflict",
            _("La page a été modifiée entre-temps sur les mêmes passages : rien n'a été enregistré."),
            current_revision=conflict.current.number,
        ) from None
    except InputError as error:
        raise InputError.of({error.field or "markdown": error.message}) from None
    status = 201 if saved.outcome == Outcome.CREATED else 200
    moved = {"redirected_from": canonical} if target != canonical else {}
    return jsonify({**page_json(saved.page, saved.revision), "merged": saved.outcome == Outcome.MERGED, **moved}), status


@api_bp.post("/pages/<slug>/rename")
@limits.editing
@token_required()
def rename_page(slug: str) -> Response:
    """The only way to change an existing page's title: the address follows, the old one redirects."""
    page = _page(slug)
    _check_editor(page)
    body = json_body()
    title = _string(body, "title", required=True)
    try:
        saved = pages.rename(page, title or "", api_user(), _string(body, "summary") or "")  # type: ignore[arg-type]
    except InputError as error:
        raise InputError.of({error.field or "title": error.message}) from None
    return jsonify(page_json(saved.page, saved.revision))


@api_bp.get("/pages/<slug>/history")
def page_history(slug: str) -> Response:
    changes = history(_page(slug))
    return jsonify(
        {
            "revisions": [
                {
                    "revision": change.revision.number,
                    "author": change.author_name,
                    "created_at": change.created_at.isoformat() + "Z",
                    "summary": change.summary,
                }
                for change in changes
                if change.revision is not None
            ]
        }
    )


@api_bp.post("/pages/<slug>/revert")
@limits.editing
@token_required()
def revert_page(slug: str) -> Response:
    page = _page(slug)
    _check_editor(page)
    raw = json_body().get("revision")
    number = parse_int(raw) if isinstance(raw, int) else None  # a JSON number the database can hold
    if number is None:
        raise InputError.of({"revision": _("Numéro de révision attendu.")})
    try:
        saved = pages.revert(page, number, api_user())  # type: ignore[arg-type]
    except InputError as error:
        raise InputError.of({"revision": error.message}) from None
    return jsonify(page_json(saved.page, saved.revision))


@api_bp.get("/pages/<slug>/backlinks")
def page_backlinks(slug: str) -> Response:
    return jsonify({"backlinks": [{"slug": p.slug, "title": p.title} for p in links.backlinks(_page(slug))]})


@api_bp.post("/render")
@limiter.limit(lambda: current_app.config["RENDER_LIMIT_PER_IP"])
def render_markdown() -> Response:
    """The preview: the same pipeline as a save, so what you see is what will be published."""
    markdown = _string(json_body(), "markdown", required=True) or ""
    # Anonymous visitors preview comments and stories; only an account previews a whole page.
    longest = pages.MAX_SOURCE_LENGTH if api_user() else current_app.config["RENDER_ANONYMOUS_MAX_LENGTH"]
    if len(markdown) > longest:
        raise InputError.of({"markdown": _(
            "Le texte dépasse %(n)d caractères : l'aperçu en direct s'arrête là ; le bouton « Prévisualiser » "
            "de l'éditeur montre la page entière.", n=longest,
        )})
    try:
        rendered = render_document(markdown)
    except RenderTooSlow as slow:
        raise InputError.of({"markdown": str(slow)}) from None
    return jsonify({"html": links.resolve(rendered.html)})
