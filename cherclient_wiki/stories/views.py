"""Thin views over stories/writing.py, listing.py and reactions.py."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from ..brands.models import Brand
from ..core import limits
from ..core.db import db
from ..core.errors import InputError
from ..core.extensions import login_manager
from ..core.inputs import database_int
from ..core.merge import Outcome
from ..core.visitor_cache import for_visitors
from ..uploads.images import ImageRejected, save_attached
from . import listing, parts, reactions, writing
from .choices import Status, label
from .forms import SATISFACTION_LABELS, StoryFilterForm, StoryForm
from .models import Story

stories_bp = Blueprint("stories", __name__, url_prefix="/stories")


@stories_bp.app_context_processor
def stories_context() -> dict[str, Any]:
    return {"story_label": label, "brand_url": brand_url, "satisfaction_labels": SATISFACTION_LABELS}


def brand_url(brand: Brand) -> str:
    """The brand's page once it exists, otherwise its stories."""
    if "brands.show" in current_app.view_functions:
        return url_for("brands.show", slug=brand.slug)
    return url_for("stories.index", brand=brand.slug)


def _story(story_id: int) -> Story:
    """The story, or 404 — also for a held story someone else wrote."""
    story = db.session.get(Story, story_id)
    if story is None or not writing.can_see(current_user, story):
        abort(404)
    return story


@stories_bp.get("/")
def index() -> str:
    form = StoryFilterForm(request.args)
    valid = form.validate()
    found = listing.published(
        brand=(form.brand.data or "").strip() or None,
        kind=(form.kind.data or None) if valid else None,
        ending=(form.ending.data or None) if valid else None,
        page=request.args.get("page", default=1, type=database_int),
    )
    args = {key: value for key, value in request.args.items() if key != "page" and value}
    return render_template("stories/index.html", form=form, found=found, args=args)


@stories_bp.get("/mine")
@login_required
def mine() -> str:
    found = listing.by_author(current_user, page=request.args.get("page", default=1, type=database_int))
    return render_template("stories/mine.html", found=found, args={})


@stories_bp.get("/<int:story_id>")
@for_visitors(readers=parts.sees_the_shared_page)
def show(story_id: int) -> str:
    story = _story(story_id)
    return render_template("stories/show.html", story=story, reaction_count=reactions.count(story))


@stories_bp.route("/new", methods=["GET", "POST"])
@login_required
@limits.posting
def new() -> str | tuple[str, int] | Response:
    form = StoryForm()
    if request.method == "POST" and form.validate():
        try:
            _attach_photo(form)
            story = writing.create_story(current_user, form.data, ip=request.remote_addr)
        except ImageRejected as refused:
            form.photo_file.errors = [refused.message]
        except InputError as invalid:
            _show_errors(form, invalid)
        else:
            _flash_saved(story, _("Merci ! Votre histoire est publiée."))
            return redirect(url_for("stories.show", story_id=story.id))
    status = 422 if request.method == "POST" else 200
    return render_template("stories/edit.html", form=form, story=None, brand_names=listing.brand_choices()), status


@stories_bp.route("/<int:story_id>/edit", methods=["GET", "POST"])
@limits.editing
def edit(story_id: int) -> str | tuple[str, int] | Response:
    if not current_user.is_authenticated:
        return login_manager.unauthorized()  # type: ignore[no-any-return]
    story = _story(story_id)
    if not writing.can_edit(current_user, story):
        abort(403)
    form = StoryForm(data=writing.story_form_data(story) if request.method == "GET" else None)
    if request.method == "POST" and form.validate():
        try:
            _attach_photo(form)
            outcome = writing.edit_story(story, current_user, form.data, ip=request.remote_addr)
        except ImageRejected as refused:
            form.photo_file.errors = [refused.message]
        except InputError as invalid:
            _show_errors(form, invalid)
        except writing.StoryConflict as conflict:
            return _conflict(form, conflict), 409
        else:
            messages = {
                Outcome.SAVED: _("Modification enregistrée."),
                Outcome.MERGED: _("L'histoire avait changé entre-temps : vos modifications ont été fusionnées automatiquement avec les autres, sans conflit."),
            }
            if outcome == Outcome.UNCHANGED:
                flash(_("Aucun changement : rien n'a été enregistré."), "info")
            else:
                _flash_saved(story, messages[outcome])
            return redirect(url_for("stories.show", story_id=story.id))
    status = 422 if request.method == "POST" else 200
    return render_template("stories/edit.html", form=form, story=story, brand_names=listing.brand_choices()), status


def _conflict(form: StoryForm, conflict: writing.StoryConflict) -> str:
    """The form keeps everything typed, now based on the current version (saving again after
    reconciling is an ordinary save); the current version is shown beside it."""
    story = conflict.story
    form.base_version.data = str(story.version)
    current = story.revisions[-1] if story.revisions else None
    fields = ", ".join(f"« {form[name].label.text} »" for name in conflict.conflicts)
    return render_template("stories/edit.html", form=form, story=story, conflict=conflict, current=current,
                           conflict_fields=fields, brand_names=listing.brand_choices())


def _attach_photo(form: StoryForm) -> None:
    """A photo attached in the form is stored as an upload (same checks and quota) and becomes
    the story's photo; the address field keeps working for images sent before. The stored name
    is put in the form, so a form sent back for another error keeps the photo."""
    upload = save_attached(request.files.get("photo_file"), current_user)
    if upload is not None:
        form.photo.data = upload.name


def _show_errors(form: StoryForm, invalid: InputError) -> None:
    for field, message in invalid.fields.items():
        getattr(form, field).errors.append(message)


def _flash_saved(story: Story, message: str) -> None:
    if story.status == Status.PENDING.value:
        flash(_("Votre histoire est enregistrée mais attend la relecture d'un modérateur ; la raison est indiquée ci-dessous."), "warning")
    else:
        flash(message, "success")


@stories_bp.get("/<int:story_id>/history")
def history(story_id: int) -> str:
    story = _story(story_id)
    return render_template("stories/history.html", story=story, revisions=list(reversed(story.revisions)))


@stories_bp.post("/<int:story_id>/review")
@login_required
def request_review(story_id: int) -> Response:
    """The author of a held story asks for a moderator's review."""
    story = _story(story_id)
    try:
        asked = writing.request_review(story, current_user)
    except writing.StoryForbidden:
        abort(403)
    if asked:
        flash(_("Demande de relecture envoyée : un modérateur lira votre histoire et décidera."), "success")
    else:
        flash(_("Vous avez déjà demandé une relecture ; un modérateur va lire votre histoire."), "info")
    return redirect(url_for("stories.show", story_id=story.id))


@stories_bp.post("/<int:story_id>/react")
@login_required
def react(story_id: int) -> Response:
    story = _story(story_id)
    if not story.is_published:
        abort(404)
    touched = reactions.toggle(story, current_user)
    flash(_("Merci, c'est noté.") if touched else _("Votre réaction est retirée."), "success")
    return redirect(url_for("stories.show", story_id=story.id, _anchor="reaction"))
