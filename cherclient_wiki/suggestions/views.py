"""Thin views over suggestions/writing.py, listing.py and listening.py: the list, proposing, one
suggestion with its timeline, supporting, answering, and « Les marques à l'écoute »."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup
from werkzeug.wrappers import Response

from ..accounts.roles import is_moderator
from ..brands.models import Brand
from ..core import limits
from ..core.db import db
from ..core.errors import InputError, show_on_form
from ..core.inputs import database_int
from ..stories.listing import brand_choices
from ..uploads.images import ImageRejected, save_attached
from . import listening, listing, writing
from .forms import STATUS_LABELS, StatusForm, SuggestionFilterForm, SuggestionForm
from .models import Progress, Suggestion

suggestions_bp = Blueprint("suggestions", __name__, url_prefix="/suggestions")
listening_bp = Blueprint("listening", __name__)


@suggestions_bp.app_context_processor
def suggestions_context() -> dict[str, Any]:
    return {"suggestion_status_labels": {p.value: label for p, label in STATUS_LABELS.items()}}


def _suggestion(suggestion_id: int) -> Suggestion:
    suggestion = db.session.get(Suggestion, suggestion_id)
    if suggestion is None or not writing.can_see(current_user, suggestion):
        abort(404)
    return suggestion


@suggestions_bp.get("/")
def index() -> str:
    form = SuggestionFilterForm(request.args)
    status = request.args.get("status") or None
    found = listing.published(
        brand=(request.args.get("brand") or "").strip() or None,
        status=status if status in {p.value for p in Progress} else None,
        page=request.args.get("page", default=1, type=database_int),
    )
    args = {key: value for key, value in request.args.items() if key != "page" and value}
    return render_template("suggestions/index.html", form=form, found=found, args=args,
                           supports=listing.support_counts(found.items))


@suggestions_bp.route("/new", methods=["GET", "POST"])
@login_required
@limits.posting
def new() -> str | tuple[str, int] | Response:
    form = SuggestionForm(data={"brand": request.args.get("brand", "")} if request.method == "GET" else None)
    if request.method == "POST" and form.validate():
        data: dict[str, Any] = {"brand": form.brand.data, "title": form.title.data, "body": form.body.data}
        try:
            photo = save_attached(request.files.get("photo"), current_user)
            data["photo"] = photo.id if photo else None
            suggestion = writing.create(current_user, data, ip=request.remote_addr)
        except ImageRejected as refused:
            form.photo.errors = [refused.message]
        except InputError as invalid:
            show_on_form(form, invalid, "body")
        else:
            if suggestion.is_published:
                flash(_("Merci ! Votre suggestion est publiée ; %(brand)s peut y répondre.", brand=suggestion.brand.name), "success")
            else:
                flash(_("Votre suggestion est enregistrée mais attend la relecture d'un modérateur ; la raison est indiquée ci-dessous."), "warning")
            return redirect(url_for("suggestions.show", suggestion_id=suggestion.id))
    status = 422 if request.method == "POST" else 200
    return render_template("suggestions/new.html", form=form, brand_names=brand_choices()), status


@suggestions_bp.get("/<int:suggestion_id>")
def show(suggestion_id: int) -> str:
    suggestion = _suggestion(suggestion_id)
    return _page(suggestion, StatusForm())


def _page(suggestion: Suggestion, status_form: StatusForm) -> str:
    return render_template(
        "suggestions/show.html", suggestion=suggestion, status_form=status_form,
        supports=writing.support_count(suggestion), supported=writing.supports(current_user, suggestion),
        can_answer=writing.can_answer(current_user, suggestion), is_moderator=is_moderator(current_user),
    )


@suggestions_bp.post("/<int:suggestion_id>/support")
@login_required
def support(suggestion_id: int) -> Response:
    suggestion = _suggestion(suggestion_id)
    try:
        if request.form.get("withdraw"):
            writing.withdraw_support(current_user, suggestion)
            flash(_("Votre soutien est retiré."), "info")
        else:
            writing.support(current_user, suggestion)
            flash(_("Merci pour votre soutien : vous serez prévenu de la réponse de la marque."), "success")
    except InputError as error:
        flash(error.message, "error")
    return redirect(url_for("suggestions.show", suggestion_id=suggestion.id, _anchor="soutien"))


@suggestions_bp.post("/<int:suggestion_id>/status")
@login_required
def set_status(suggestion_id: int) -> str | tuple[str, int] | Response:
    suggestion = _suggestion(suggestion_id)
    if not writing.can_answer(current_user, suggestion):
        abort(403)
    form = StatusForm()
    if not form.validate():
        return _page(suggestion, form), 400
    try:
        writing.set_status(current_user, suggestion, {"status": form.status.data, "message": form.message.data})
    except InputError as error:
        show_on_form(form, error, "message")
        return _page(suggestion, form), error.status
    flash(_("Statut mis à jour : l'auteur et les soutiens sont prévenus."), "success")
    return redirect(url_for("suggestions.show", suggestion_id=suggestion.id, _anchor="suivi"))


@suggestions_bp.post("/<int:suggestion_id>/moderate")
@login_required
def moderate(suggestion_id: int) -> Response:
    suggestion = _suggestion(suggestion_id)
    try:
        writing.moderate(current_user, suggestion, publish=request.form.get("decision") == "publish")
    except InputError:
        abort(403)
    flash(_("Décision enregistrée."), "success")
    return redirect(url_for("suggestions.show", suggestion_id=suggestion.id))


@listening_bp.get("/brands/listening")
def board() -> str:
    return render_template("suggestions/listening.html", board=listening.board(), method=listening.method(),
                           min_suggestions=listening.MIN_SUGGESTIONS)


def brand_section(brand: Brand) -> Markup:
    """The brand page's suggestions tab and listening figures (the brand_sections hook)."""
    found = listing.published(brand=brand.slug, per_page=5)
    return Markup(render_template(
        "suggestions/_brand_section.html", brand=brand, line=listening.of_brand(brand), found=found,
        supports=listing.support_counts(found.items), min_suggestions=listening.MIN_SUGGESTIONS,
    ))
