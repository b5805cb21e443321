"""JSON API under /api/v1: bearer tokens only (never the session cookie), so no CSRF exposure."""
from flask import Blueprint

from ..extensions import csrf

api_bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(api_bp)

from . import auth, views  # noqa: E402,F401  (routes and hooks register on api_bp)
