from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, session
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from ..accounts.roles import Role
from ..accounts.views import safe_next
from ..core.i18n import current_locale
from .home import home

main_bp = Blueprint("main", __name__)

# The site's sections, in menu order: (endpoint, label, one-line description for the home page).
SECTIONS = [
    ("wiki.index", _l("Wiki"), _l("Les bonnes pratiques de la relation client, écrites à plusieurs mains.")),
    ("stories.index", _l("Histoires"), _l("Vos histoires d'amour, réclamations et bravos avec les marques.")),
    ("suggestions.index", _l("Suggestions"), _l("Proposez une idée à une marque, soutenez celles des autres, suivez sa réponse.")),
    ("brands.leaderboard", _l("Classement"), _l("Les marques les plus aimées, publicités déguisées écartées.")),
    ("observatory.index", _l("Observatoire"), _l("La satisfaction mène-t-elle à la fidélité ? Les données répondent.")),
    ("search.index", _l("Recherche"), _l("Retrouvez une page, une histoire ou une marque.")),
]


@main_bp.app_context_processor
def site_context() -> dict[str, Any]:
    return {
        "current_locale": current_locale(),
        "nav_items": [(endpoint, label) for endpoint, label, _desc in SECTIONS],
        "nav_descriptions": {endpoint: desc for endpoint, _label, desc in SECTIONS},
        "Role": Role,
    }


@main_bp.get("/")
def index() -> str:
    return render_template("index.html", home=home())


@main_bp.get("/language")
def choose_language() -> str:
    """Where a visitor's language link leads: the same switch as a form with its CSRF token (the
    page the visitor came from is kept whole for every visitor, so it cannot carry one)."""
    lang = request.args.get("lang", "")
    if lang not in current_app.config["LANGUAGES"]:
        abort(404)
    return render_template("language.html", lang=lang, next=safe_next(request.args.get("next")))


@main_bp.post("/language")
def set_language() -> Response:
    """Remember the visitor's language; a plain form, so it works without JavaScript."""
    lang = request.form.get("lang", "")
    if lang not in current_app.config["LANGUAGES"]:
        abort(400)
    session["lang"] = lang
    return redirect(safe_next(request.form.get("next")))
