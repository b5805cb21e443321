"""Thin views over brands/statistics.py and brands/ranking.py: the brand page, the leaderboard and
its explanation, and their API routes (/api/v1/brands/<slug>, /api/v1/leaderboard)."""
from __future__ import annotations

from math import ceil
from typing import Any

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, Optional, ValidationError

from ..accounts.bearer import api_user
from ..accounts.roles import Role
from ..brands.models import Brand
from ..brands.names import brand_by_slug
from ..brands.sectors import SECTORS, sector_label
from ..core.api import api_bp
from ..core.errors import ApiError, InputError
from ..core.inputs import database_int
from ..core.query_urls import url_with_query
from ..stories import listing
from ..stories.choices import Channel, Kind, label
from . import charts, ranking, statistics
from .visibility import can_see_brand

brands_bp = Blueprint("brands", __name__)

LEADERBOARD_PER_PAGE = 100
FIRST_YEAR, LAST_YEAR = 1900, 2100


def _choices(values: list[tuple[str, str]]) -> list[SelectChoice]:
    return [SelectChoice("", _l("Tous")), *(SelectChoice(value, text) for value, text in values)]


def _year(_form: FlaskForm, field: StringField) -> None:
    text = (field.data or "").strip()
    if text and not (text.isascii() and text.isdigit() and FIRST_YEAR <= int(text) <= LAST_YEAR):
        raise ValidationError(_("Indiquez une année entre %(first)d et %(last)d.", first=FIRST_YEAR, last=LAST_YEAR))


class LeaderboardFilterForm(FlaskForm):
    """The filters of the page and of the API: one set of rules for both."""

    class Meta:
        csrf = False  # a GET filter, bookmarkable

    kind = SelectField(_l("Type d'histoire"), validate_choice=False, validators=[Optional()])
    sector = SelectField(_l("Secteur"), validate_choice=False, validators=[Optional()])
    channel = SelectField(_l("Canal"), validate_choice=False, validators=[Optional()])
    since = StringField(_l("Depuis l'année"), validators=[_year], render_kw={"inputmode": "numeric", "size": 4})

    def __init__(self, formdata: MultiDict[str, str]) -> None:
        super().__init__(formdata)
        sectors = sorted(set(SECTORS) | set(ranking.sectors()), key=sector_label)
        for field, values, message in (
            (self.kind, [(k.value, label(k)) for k in Kind], _l("Type d'histoire inconnu.")),
            (self.sector, [(s, sector_label(s)) for s in sectors], _l("Secteur inconnu.")),
            (self.channel, [(c.value, label(c)) for c in Channel], _l("Canal inconnu.")),
        ):
            field.choices = _choices(values)
            field.validators = [Optional(), AnyOf([value for value, _text in values], message=str(message))]

    def filters(self) -> ranking.Filters:
        since = (self.since.data or "").strip()
        return ranking.Filters(
            kind=self.kind.data or None, sector=self.sector.data or None,
            channel=self.channel.data or None, since=int(since) if since else None,
        )

    def field_errors(self) -> dict[str, str]:
        return {name: errors[0] for name, errors in self.errors.items()}


def can_manage_brand() -> bool:
    """Moderators get a link to the brand's administration, once that page exists."""
    return (
        "brand_admin.manage" in current_app.view_functions
        and current_user.is_authenticated
        and current_user.has_role(Role.MODERATOR)
    )


def _brand(slug: str) -> Brand:
    """The brand at `slug`; an old slug (renamed or merged brand) redirects for good. A brand no
    published story names yet is not public (brands.visibility)."""
    brand, redirected = brand_by_slug(slug)
    if brand is None or not can_see_brand(current_user, brand):
        abort(404)
    if redirected:
        abort(redirect(url_with_query(request.endpoint or "brands.show", request.args, slug=brand.slug), 301))
    return brand


def _standing(brand: Brand) -> ranking.RankedBrand | None:
    return next((entry for entry in ranking.leaderboard().brands if entry.slug == brand.slug), None)


@brands_bp.get("/brands/<slug>")
def show(slug: str) -> str:
    brand = _brand(slug)
    stats = statistics.brand_statistics(brand)
    return render_template(
        "brands/show.html",
        brand=brand,
        stats=stats,
        standing=_standing(brand),
        found=listing.published(brand=brand.slug, page=request.args.get("page", default=1, type=database_int)),
        representatives=statistics.representative_ids(brand),
        can_manage=can_manage_brand(),
        min_authors=ranking.MIN_AUTHORS,
        charts=_brand_charts(brand, stats),
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
def leaderboard() -> tuple[str, int]:
    form = LeaderboardFilterForm(request.args)
    if not form.validate():
        return render_template("brands/leaderboard.html", form=form, entries=None), 422
    board = ranking.leaderboard(form.filters())
    pages = max(1, ceil(len(board.brands) / LEADERBOARD_PER_PAGE))
    page = min(max(request.args.get("page", default=1, type=database_int), 1), pages)
    start = (page - 1) * LEADERBOARD_PER_PAGE
    args = {key: value for key, value in request.args.items() if key != "page" and value}
    return render_template(
        "brands/leaderboard.html", form=form, board=board, entries=board.brands[start:start + LEADERBOARD_PER_PAGE],
        page=page, pages=pages, args=args,
    ), 200


@brands_bp.get("/leaderboard/about")
def about() -> str:
    return render_template("brands/about.html", ranking=ranking, story_love=ranking.story_love)


# ---- API -------------------------------------------------------------------------------------


@api_bp.get("/brands/<slug>")
def api_brand(slug: str) -> Response:
    brand, _redirected = brand_by_slug(slug)
    if brand is None or not can_see_brand(api_user() or current_user, brand):
        raise ApiError(404, "not_found", _("Marque introuvable."))
    standing = _standing(brand)
    return jsonify({
        "brand": brand.name,
        "slug": brand.slug,
        "sector": brand.sector,
        "aliases": [alias.label for alias in brand.aliases],
        "rank": standing.rank if standing else None,
        "score": standing.score if standing else None,
        "statistics": statistics.brand_statistics(brand).as_json(),
    })


@api_bp.get("/leaderboard")
def api_leaderboard() -> Response:
    form = LeaderboardFilterForm(request.args)
    if not form.validate():
        raise InputError.of(form.field_errors())
    return current_app.response_class(ranking.leaderboard_json(form.filters()), mimetype="application/json")
