"""Thin views: the public profile, the export and erasure of one's own account, the privacy page."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user
from werkzeug.wrappers import Response

from ..core.errors import InputError, show_on_form
from ..core.inputs import database_int
from ..core.personal_data import Content
from . import erasure, export, profiles
from .forms import EraseForm

people_bp = Blueprint("people", __name__)


@people_bp.get("/users/<username>")
def profile(username: str) -> str:
    user = profiles.public_user(username)
    if user is None:
        abort(404)
    found = profiles.profile(user, page=request.args.get("page", default=1, type=database_int))
    return render_template("people/profile.html", profile=found, is_me=current_user == user)


@people_bp.get("/me/export")
@login_required
def export_mine() -> Response:
    """A download, not a change: GET, for the signed-in account only."""
    return export.download(current_user._get_current_object())


@people_bp.route("/me/erase", methods=["GET", "POST"])
@login_required
def erase_mine() -> str | Response | tuple[str, int]:
    form = EraseForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            pseudonym = erasure.erase_own(user, form.password.data, Content(form.content.data))
        except InputError as error:
            show_on_form(form, error, "password")
            return render_template("people/erase.html", form=form), error.status
        logout_user()
        flash(_("Votre compte est effacé. Ce qui reste de vos contributions au wiki porte désormais le nom « %(name)s ».",
                name=pseudonym), "success")
        return redirect(url_for("main.index"))
    return render_template("people/erase.html", form=form), 422 if form.errors else 200


@people_bp.get("/confidentialite")
def privacy() -> str:
    return render_template("people/privacy.html")
