"""Thin views over observatory/report.py: the page, and the same figures as JSON (/api/v1/observatory)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template
from flask_babel import gettext as _

from ..brands.sectors import sector_label
from ..core.visitor_cache import every_reader, for_visitors
from ..leaderboard import charts
from ..leaderboard.statistics import EndingCounts
from ..stories.choices import Channel, Kind, label
from . import report

observatory_bp = Blueprint("observatory", __name__)


def _channel_label(value: str) -> str:
    return label(Channel(value)) if value else _("Canal non précisé")


def groups(data: report.Observatory) -> dict[str, list[tuple[str, EndingCounts]]]:
    """Each table of the page as (row label, counts), shared by its chart and its table."""
    return {
        "satisfaction": [(f"{level}/5", counts) for level, counts in data.by_satisfaction.items()],
        "paradox": [(label(Kind(kind)), counts) for kind, counts in data.complaint_paradox.items()],
        "sector": [(sector_label(sector), counts) for sector, counts in data.by_sector.items()],
        "channel": [(_channel_label(channel), counts) for channel, counts in data.by_channel.items()],
    }


def _charts(tables: dict[str, list[tuple[str, EndingCounts]]]) -> dict[str, Any]:
    return {
        "satisfaction": charts.ending_shares(
            "chart-satisfaction", _("Fin des histoires selon la satisfaction"),
            _("Pour chaque niveau de satisfaction, de 1 à 5, la part des clients restés fidèles, revenus, indécis ou partis."),
            tables["satisfaction"],
        ),
        "loyalty": charts.loyalty_intervals(
            "chart-loyalty", _("Taux de fidélité selon la satisfaction, avec intervalle de confiance à 95 %"),
            _("Part des clients restés fidèles ou revenus pour chaque niveau de satisfaction ; les moustaches montrent l'intervalle de Wilson."),
            tables["satisfaction"],
        ),
        "paradox": charts.loyalty_intervals(
            "chart-paradox", _("Fidélité après une réclamation et après une histoire d'amour"),
            _("Taux de clients restés fidèles ou revenus après une réclamation, comparé à celui après une histoire d'amour."),
            tables["paradox"],
        ),
        "sector": charts.ending_shares(
            "chart-sector", _("Fin des histoires par secteur"),
            _("Pour chaque secteur, la part des clients restés fidèles, revenus, indécis ou partis."), tables["sector"],
        ),
        "channel": charts.ending_shares(
            "chart-channel", _("Fin des histoires par canal"),
            _("Pour chaque canal de contact, la part des clients restés fidèles, revenus, indécis ou partis."),
            tables["channel"],
        ),
    }


@observatory_bp.get("/observatory")
@for_visitors(readers=every_reader)
def index() -> str:
    data = report.observatory()
    tables = groups(data)
    return render_template(
        "observatory/index.html", data=data, tables=tables, charts=_charts(tables), reading=report.reading(data)
    )
