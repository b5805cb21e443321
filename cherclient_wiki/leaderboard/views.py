"""Thin views over brands/statistics.py and brands/ranking.py: the brand page, the leaderboard and
its explanation, and their API routes (/api/v1/brands/<slug>, /api/v1/leaderboard)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice

from ..accounts.roles import is_moderator
from ..brands.models import Brand
from ..brands.names import brand_by_slug
from ..brands.sectors import SECTORS, sector_label
from ..core.errors import InputError, show_on_form
from ..core.hooks import hooks
from ..core.inputs import database_int
from ..core.pagination import slice_of
from ..core.query_urls import url_with_query
from ..core.schemas import validate
from ..core.visitor_cache import every_reader, for_visitors
from ..stories import listing
from ..stories.choices import Channel, Kind, label
from . import charts, ranking, statistics
from .schemas import LeaderboardFilters
from .visibility import can_see_brand

brands_bp = Blueprint("brands", __name__)

LEADERBOARD_PER_PAGE = 100
def _choices(values: list[tuple[str, str]]) -> list[SelectChoice]:
    return [SelectChoice("", _l("Tous")), *(SelectChoice(value, text) for value, text in values)]


class LeaderboardFilterForm(FlaskForm):
    """The filters' fields, as the page shows them; the values are checked by the same schema as
    the API's (leaderboard.schemas.LeaderboardFilters)."""

    class Meta:
        csrf = False  # a GET filter, bookmarkable

    kind = SelectField(_l("Type d'histoire"), validate_choice=False)
    sector = SelectField(_l("Secteur"), validate_choice=False)
    channel = SelectField(_l("Canal"), validate_choice=False)
    since = StringField(_l("Depuis l'année"), render_kw={"inputmode": "numeric", "size": 4})

    def __init__(self, formdata: MultiDict[str, str]) -> None:
        super().__init__(formdata)
        sectors = sorted(set(SECTORS) | set(ranking.sectors()), key=sector_label)
        self.kind.choices = _choices([(k.value, label(k)) for k in Kind])
        self.sector.choices = _choices([(s, sector_label(s)) for s in sectors])
        self.channel.choices = _choices([(c.value, label(c)) for c in Channel])


def can_manage_brand() -> bool:
    """Moderators get a link to the brand's administration, once that page exists."""
    return "brand_admin.manage" in current_app.view_functions and is_moderator(current_user)


def _brand(slug: str) -> Brand:
    """The brand at `slug`; an old slug (renamed or merged brand) redirects for good. A brand no
    published story names yet is not public (brands.visibility)."""
    brand, redirected = brand_by_slug(slug)
    if brand is None or not can_see_brand(current_user, brand):
        abort(404)
    if redirected:
        abort(redirect(url_with_query(request.endpoint or "brands.show", request.args, slug=brand.slug), 301))
    return brand


@brands_bp.get("/brands/<slug>")
@for_visitors
def show(slug: str) -> str:
    brand = _brand(slug)
    stats = statistics.brand_statistics(brand)
    return render_template(
        "brands/show.html",
        brand=brand,
        stats=stats,
        standing=ranking.standing(brand),
        found=listing.published(brand=brand.slug, page=request.args.get("page", default=1, type=database_int)),
        representatives=statistics.representative_ids(brand),
        can_manage=can_manage_brand(),
        min_authors=ranking.MIN_AUTHORS,
        charts=_brand_charts(brand, stats),
        sections=[section(brand) for section in hooks().brand_sections],
    )


def _brand_charts(brand: Brand, stats: statistics.BrandStatistics) -> dict[str, Any]:
    """The brand page's charts; the page shows the same figures in tables next to them."""
    return {
        "endings": charts.ending_shares(
            "chart-endings", _("Comment se sont terminées les histoires de %(brand)s", brand=brand.name),
            _("Part des histoires restées fidèles, revenues, indécises ou parties ; toutes les histoires, puis les réclamations seules."),
            [(_("Toutes les histoires"), stats.endings), (_("Réclamations"), stats.complaints)],
        ),
        "kinds": charts.bars(
            "chart-kinds", _("Histoires de %(brand)s par type", brand=brand.name),
            _("Nombre d'histoires d'amour, de réclamations et de bravos."),
            [(label(Kind(kind)), n) for kind, n in stats.by_kind.items()],
        ),
        "years": charts.bars(
            "chart-years", _("Histoires de %(brand)s par année", brand=brand.name),
            _("Nombre d'histoires selon l'année où elles se sont passées."),
            [(str(year) if year else _("Année non précisée"), n) for year, n in stats.by_year],
        ),
    }


@brands_bp.get("/leaderboard")
@for_visitors(readers=every_reader)
def leaderboard() -> tuple[str, int]:
    form = LeaderboardFilterForm(request.args)
    try:
        filters = validate(LeaderboardFilters, request.args)
    except InputError as error:
        show_on_form(form, error, "since")
        return render_template("brands/leaderboard.html", form=form, found=None), 422
    board = ranking.leaderboard(filters.filters())
    found = slice_of(board.brands, request.args.get("page", default=1, type=database_int), LEADERBOARD_PER_PAGE)
    args = {key: value for key, value in request.args.items() if key != "page" and value}
    return render_template("brands/leaderboard.html", form=form, board=board, found=found, args=args), 200


@brands_bp.get("/leaderboard/about")
def about() -> str:
    return render_template("brands/about.html", ranking=ranking, story_love=ranking.story_love)
