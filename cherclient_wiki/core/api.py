"""The JSON API under /api/v1: its blueprint and its one error shape.

Bearer tokens only (never the session cookie: accounts.bearer), so no CSRF exposure. Errors are
always `{"error": {"code", "message"}}`, plus `fields` for validation errors. Features add their
routes in their own `api.py`, registered from their init_app.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, request
from werkzeug.exceptions import BadRequest

from .errors import ApiError
from .extensions import csrf

api_bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(api_bp)


def json_body() -> dict[str, Any]:
    """The request's JSON object, or a 400 that says what is wrong with it."""
    from flask_babel import gettext as _

    try:
        body = request.get_json(force=True)
    except BadRequest:
        raise ApiError(400, "malformed_json", _("Le corps de la requête n'est pas du JSON valide.")) from None
    if not isinstance(body, dict):
        raise ApiError(400, "malformed_json", _("Le corps de la requête doit être un objet JSON."))
    return body
