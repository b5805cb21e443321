"""Thin views over wiki/pages.py, links.py, revisions.py, diff.py and feeds.py."""
from __future__ import annotations

from typing import Any, NoReturn

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from ..accounts.roles import is_moderator
from ..core import limits
from ..core.db import db
from ..core.errors import InputError, show_on_form
from ..core.extensions import login_manager
from ..core.inputs import parse_int
from ..core.markup import RenderTooSlow, render_document
from ..core.merge import Outcome
from ..core.query_urls import url_with_query
from ..core.schemas import validate
from ..core.slugs import slugify
from ..core.visitor_cache import for_visitors, fragment
from . import feeds, links, pages, revisions
from .diff import word_diff
from .forms import EditForm, RecentFilterForm, RenameForm, RevertForm
from .models import Page
from .pages import EditConflict
from .schemas import PageInput, RenameInput, RevertInput

wiki_bp = Blueprint("wiki", __name__, url_prefix="/wiki")

ATOM = "application/atom+xml; charset=utf-8"


@wiki_bp.app_context_processor
def wiki_context() -> dict[str, Any]:
    return {"kind_labels": revisions.KIND_LABELS, "can_moderate": is_moderator(current_user)}


def _redirect_here(slug: str, **extra: str) -> NoReturn:
    """Send the visitor to the same view at another slug, keeping the query string."""
    values = {**(request.view_args or {}), **extra, "slug": slug}
    abort(redirect(url_with_query(request.endpoint or "wiki.show", request.args, **values), 301 if not extra else 302))


def _canonical(slug: str) -> str:
    """Typed or old addresses lead to the canonical one ("Le centre d'appels" -> le-centre-d-appels)."""
    canonical = slugify(slug)
    if not canonical:
        abort(404)
    if canonical != slug:
        _redirect_here(canonical)
    return slug


def _page(slug: str, *, allow_deleted: bool = False) -> Page:
    """The live page at `slug`, following rename redirects; 404 otherwise."""
    slug = _canonical(slug)
    page = pages.by_slug(slug)
    if page is None:
        target = pages.redirect_target(slug)
        if target is not None:
            _redirect_here(target.slug, redirected_from=slug)
        abort(404)
    if page.is_deleted and not (allow_deleted and is_moderator(current_user)):
        abort(404)
    return page


def _require_editor(page: Page | None) -> None:
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if not pages.can_edit(current_user, page):
        abort(403)


def _require_moderator() -> None:
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if not is_moderator(current_user):
        abort(403)


# ---- reading -------------------------------------------------------------------------------


@wiki_bp.get("/")
def index() -> str:
    recent = db.session.scalars(
        db.select(Page).where(Page.deleted_at.is_(None)).order_by(Page.updated_at.desc()).limit(15)
    )
    return render_template("wiki/index.html", recent=list(recent), categories=links.categories(), count=pages.count())


@wiki_bp.get("/_new")
def new_page() -> Response:
    """The "create a page" box: from a title to the edit form at its address."""
    title = request.args.get("title", "").strip()
    slug = slugify(title)
    if not slug:
        flash(_("Donnez un titre contenant au moins une lettre ou un chiffre."), "error")
        return redirect(url_for("wiki.index"))
    return redirect(url_for("wiki.edit", slug=slug, title=title))


@wiki_bp.get("/<slug>")
@for_visitors(readers=lambda reader: not is_moderator(reader))  # moderators see hidden comments
def show(slug: str) -> str | tuple[str, int]:
    slug = _canonical(slug)
    page = pages.by_slug(slug)
    if page is None and pages.redirect_target(slug) is None:
        title = pages.title_from_slug(slug)
        return render_template("wiki/missing.html", slug=slug, title=title), 404
    page = _page(slug, allow_deleted=True) if page is None or page.is_deleted else page
    current = pages.current_revision(page)
    assert current is not None
    html = fragment(f"wiki-revision:{current.id}", lambda: links.resolve(current.html))
    return render_template(
        "wiki/show.html", page=page, revision=current, html=html,
        redirected_from=request.args.get("redirected_from"),
    )


@wiki_bp.get("/<slug>/revisions/<int:number>")
def show_revision(slug: str, number: int) -> str:
    page = _page(slug)
    old = pages.revision(page, number)
    if old is None:
        abort(404)
    return render_template(
        "wiki/revision.html", page=page, revision=old, html=links.resolve(old.html),
        can_edit=pages.can_edit(current_user, page), revert_form=RevertForm(revision=number),
    )


@wiki_bp.get("/<slug>/history")
def history(slug: str) -> str:
    page = _page(slug)
    return render_template(
        "wiki/history.html", page=page, changes=revisions.history(page),
        can_edit=pages.can_edit(current_user, page),
    )


@wiki_bp.get("/<slug>/history.atom")
def page_feed(slug: str) -> Response:
    page = _page(slug)
    body = feeds.atom(
        revisions.history(page, limit=50),
        _("%(title)s — historique — CherClient.wiki", title=page.title),
        url_for("wiki.page_feed", slug=page.slug, _external=True),
        url_for("wiki.history", slug=page.slug, _external=True),
    )
    return Response(body, content_type=ATOM)


@wiki_bp.get("/<slug>/diff")
def diff(slug: str) -> str | tuple[str, int]:
    page = _page(slug)
    to_number = parse_int(request.args.get("to", page.latest_number), minimum=1)
    from_number = parse_int(request.args.get("from", (to_number or 1) - 1), minimum=1)
    old = pages.revision(page, from_number) if from_number else None
    new = pages.revision(page, to_number) if to_number else None
    if old is None or new is None:
        abort(404)
    return render_template("wiki/diff.html", page=page, old=old, new=new, lines=word_diff(old.source, new.source))


@wiki_bp.get("/<slug>/backlinks")
def backlinks(slug: str) -> str:
    page = _page(slug)
    return render_template("wiki/backlinks.html", page=page, backlinks=links.backlinks(page))


@wiki_bp.get("/_all")
def all_pages() -> str:
    return render_template("wiki/list.html", heading=_("Toutes les pages"), pages=links.all_pages())


@wiki_bp.get("/_orphans")
def orphans() -> str:
    return render_template(
        "wiki/list.html", heading=_("Pages orphelines"),
        intro=_("Aucune autre page n'y mène : ajoutez-leur un lien depuis une page voisine."),
        pages=links.orphan_pages(),
    )


@wiki_bp.get("/_wanted")
def wanted() -> str:
    return render_template("wiki/wanted.html", wanted=links.wanted_pages())


@wiki_bp.get("/_categories")
def categories() -> str:
    return render_template("wiki/categories.html", categories=links.categories())


@wiki_bp.get("/_categories/<slug>")
def category(slug: str) -> tuple[str, int]:
    found, members = links.category(_canonical(slug))
    return render_template("wiki/category.html", category=found, slug=slug, pages=members), 200 if found else 404


@wiki_bp.get("/_random")
def random_page() -> Response:
    page = links.random_page()
    return redirect(url_for("wiki.show", slug=page.slug) if page else url_for("wiki.index"))


@wiki_bp.get("/_recent")
def recent() -> str:
    form = RecentFilterForm(request.args)
    user, kind = _recent_filters(form)
    return render_template("wiki/recent.html", form=form, changes=revisions.recent_changes(user, kind, limit=100))


@wiki_bp.get("/_recent.atom")
def recent_feed() -> Response:
    user, kind = _recent_filters(RecentFilterForm(request.args))
    body = feeds.atom(
        revisions.recent_changes(user, kind),
        _("Modifications récentes — CherClient.wiki"),
        url_with_query("wiki.recent_feed", request.args, _external=True),
        url_with_query("wiki.recent", request.args, _external=True),
    )
    return Response(body, content_type=ATOM)


def _recent_filters(form: RecentFilterForm) -> tuple[str | None, str | None]:
    if not form.validate():
        return None, None
    return (form.user.data or "").strip() or None, form.type.data or None


# ---- writing -------------------------------------------------------------------------------


@wiki_bp.route("/<slug>/edit", methods=["GET", "POST"])
@limits.editing
def edit(slug: str) -> str | tuple[str, int] | Response:
    """A text sent to a renamed page's old address is saved on the page (merged as usual if the
    rename came while it was being written); the form itself is shown at the new address."""
    asked = _canonical(slug)
    page = pages.resolve(asked)
    if page is not None and page.slug != asked and request.method == "GET":
        page = _page(asked)  # redirects
    slug = page.slug if page is not None else asked
    _require_editor(page)
    current = pages.current_revision(page) if page else None
    form = EditForm()
    if request.method == "GET":
        form.base_revision.data = page.latest_number if page else 0
        form.source.data = current.source if current else ""
        form.title.data = request.args.get("title") or pages.title_from_slug(slug)
        return _edit_form(form, slug, page)
    try:
        if not form.validate():  # the CSRF token
            return _edit_form(form, slug, page), 422
        edit = validate(PageInput, request.form)
        if form.preview.data:
            try:
                preview = links.resolve(render_document(edit.source).html)
            except RenderTooSlow as slow:
                raise InputError(str(slow), "source") from None
            return _edit_form(form, slug, page, preview=preview)
        if edit.base_revision is None:
            raise InputError(_("Numéro de révision attendu (entier positif)."), "source")
        saved = pages.save_revision(
            slug, edit.source, current_user, title=pages.title_for_edit(slug, page, edit.title if page is None else None),
            summary=edit.summary, base=edit.base_revision,
        )
    except EditConflict as conflict:
        return _conflict(form, conflict), 409
    except InputError as error:
        show_on_form(form, error, "source")
        return _edit_form(form, slug, page), 422
    messages = {
        Outcome.CREATED: _("La page est créée. Merci !"),
        Outcome.SAVED: _("Modification enregistrée."),
        Outcome.MERGED: _("La page avait changé entre-temps : vos modifications ont été fusionnées automatiquement avec les autres, sans conflit."),
        Outcome.UNCHANGED: _("Aucun changement : rien n'a été enregistré."),
    }
    if asked != slug:
        flash(_("Cette page a été renommée en « %(title)s » pendant que vous écriviez ; votre texte y est enregistré.", title=saved.page.title), "info")
    flash(messages[saved.outcome], "success" if saved.outcome != Outcome.UNCHANGED else "info")
    return redirect(url_for("wiki.show", slug=saved.page.slug))


def _edit_form(form: EditForm, slug: str, page: Page | None, preview: str | None = None) -> str:
    return render_template("wiki/edit.html", form=form, slug=slug, page=page, preview=preview)


def _conflict(form: EditForm, conflict: EditConflict) -> str:
    """Both texts side by side; the form now builds on the current revision, so saving again
    after reconciling is an ordinary save."""
    form.base_revision.data = conflict.current.number
    form.base_revision.raw_data = [str(conflict.current.number)]  # what the hidden input shows
    form.source.data = conflict.mine
    return render_template(
        "wiki/conflict.html", form=form, page=conflict.page, current=conflict.current,
        merged=conflict.merged, lines=word_diff(conflict.current.source, conflict.mine),
    )


@wiki_bp.post("/<slug>/revert")
@limits.editing
def revert(slug: str) -> Response:
    page = _page(slug)
    _require_editor(page)
    form = RevertForm()
    if not form.validate():  # the CSRF token
        abort(400)
    try:
        number = validate(RevertInput, request.form).revision
    except InputError:
        abort(400)  # a hidden field only a hand-made request gets wrong
    try:
        saved = pages.revert(page, number, current_user)
    except InputError as error:
        flash(error.message, "error")
        return redirect(url_for("wiki.history", slug=page.slug))
    if saved.outcome == Outcome.UNCHANGED:
        flash(_("La page a déjà ce contenu : rien n'a été enregistré."), "info")
    else:
        flash(_("La révision %(n)d est rétablie (nouvelle révision %(m)d).", n=number, m=saved.revision.number), "success")
    return redirect(url_for("wiki.show", slug=page.slug))


@wiki_bp.route("/<slug>/rename", methods=["GET", "POST"])
@limits.editing
def rename(slug: str) -> str | tuple[str, int] | Response:
    page = _page(slug)
    _require_editor(page)
    form = RenameForm()
    if request.method == "GET":
        form.title.data = page.title
        return render_template("wiki/rename.html", page=page, form=form)
    if form.validate():  # the CSRF token
        try:
            asked = validate(RenameInput, request.form)
            saved = pages.rename(page, asked.title, current_user, asked.summary)
        except InputError as error:
            show_on_form(form, error, "title")
        else:
            flash(_("Page renommée ; l'ancienne adresse redirige vers la nouvelle."), "success")
            return redirect(url_for("wiki.show", slug=saved.page.slug))
    return render_template("wiki/rename.html", page=page, form=form), 422


@wiki_bp.post("/<slug>/protect")
def protect(slug: str) -> Response:
    _require_moderator()
    page = _page(slug)
    protected = request.form.get("protected") == "1"
    pages.set_protected(page, protected)
    flash(_("Page protégée : seuls les professionnels vérifiés et les modérateurs peuvent la modifier.") if protected else _("Protection retirée."), "success")
    return redirect(url_for("wiki.show", slug=page.slug))


@wiki_bp.post("/<slug>/delete")
def delete(slug: str) -> Response:
    _require_moderator()
    page = _page(slug)
    pages.set_deleted(page, True)
    flash(_("Page supprimée. Son historique est conservé et elle peut être restaurée."), "success")
    return redirect(url_for("wiki.show", slug=page.slug))


@wiki_bp.post("/<slug>/restore")
def restore(slug: str) -> Response:
    _require_moderator()
    page = _page(slug, allow_deleted=True)
    pages.set_deleted(page, False)
    flash(_("Page restaurée."), "success")
    return redirect(url_for("wiki.show", slug=page.slug))
