"""The search page and the administrators' synonym list. Thin: `searching` does the work."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ..accounts.decorators import role_required
from ..accounts.roles import Role
from ..core.inputs import database_int
from ..core.query_urls import QueryLinks
from . import searching, synonyms
from .forms import SynonymsForm

search_bp = Blueprint("search", __name__)


@search_bp.get("/search")
def index() -> str:
    text = request.args.get("q", "")
    page = request.args.get("page", 1, type=database_int)
    results = searching.search(
        text,
        types=request.args.getlist("type"),
        brands=request.args.getlist("marque"),
        categories=request.args.getlist("categorie"),
        page=page,
        sort=request.args.get("tri", "relevance"),
    )
    links = QueryLinks("search.index", request.args)

    def search_url(**changes: str | None) -> str:
        """This search with some parameters replaced (None: removed); any change but the page's
        goes back to page 1."""
        return links(**{"page": None, **changes})

    return render_template(
        "search/index.html", results=results, type_labels=searching.type_labels(), search_url=search_url
    )


@search_bp.route("/search/synonymes", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_synonyms() -> str | Response | tuple[str, int]:
    form = SynonymsForm()
    if request.method == "GET":
        form.synonyms.data = "\n".join(synonyms.current_lines())
    elif form.validate_on_submit():
        synonyms.replace(synonyms.parse(form.synonyms.data or ""))
        flash(_("Liste de synonymes enregistrée : elle s'applique dès la prochaine recherche."), "success")
        return redirect(url_for("search.edit_synonyms"))
    else:
        return render_template("search/synonyms.html", form=form), 400
    return render_template("search/synonyms.html", form=form)
