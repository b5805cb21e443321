"""Thin views over uploads/images.py: the gallery, the upload form, and serving the files."""
from __future__ import annotations

import re

from flask import Blueprint, abort, flash, render_template, send_from_directory
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from ..core import limits
from . import images, quota
from .forms import UploadForm
from .models import Upload

uploads_bp = Blueprint("uploads", __name__, url_prefix="/uploads")

NAME_RE = re.compile(r"^[0-9a-f]{64}\.(png|jpg|gif|webp)$")
ONE_YEAR = 365 * 24 * 3600


@uploads_bp.get("/")
def index() -> str:
    return _gallery(UploadForm())


@uploads_bp.post("/")
@login_required
@limits.uploading
def upload() -> tuple[str, int]:
    form = UploadForm()
    status, uploaded = 422, None
    if form.validate_on_submit():
        try:
            uploaded = images.save_image(form.image.data.read(), form.image.data.filename or "", current_user)
        except images.ImageRejected as error:
            form.image.errors.append(error.message)
            status = error.status
        else:
            status = 201
            flash(_("Image enregistrée. Copiez le code ci-dessous dans une page pour l'afficher."), "success")
    return _gallery(form, uploaded), status


def _gallery(form: UploadForm, uploaded: Upload | None = None) -> str:
    usage = quota.usage(current_user) if current_user.is_authenticated else None
    return render_template(
        "uploads/index.html", uploads=images.recent_uploads(), form=form, uploaded=uploaded, usage=usage,
        size_label=quota.size_label,
    )


@uploads_bp.get("/<name>")
def serve(name: str) -> Response:
    """Content-hash names never change content: cache for a year."""
    if not NAME_RE.match(name):
        abort(404)
    response = send_from_directory(images.upload_folder(), name, max_age=ONE_YEAR)
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    return response
