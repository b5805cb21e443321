"""The observatory's endpoint: satisfaction against loyalty, in figures."""
from __future__ import annotations

from ..core.api import api_bp
from ..core.openapi import operation
from ..core.schemas import Output
from ..leaderboard.schemas import EndingCountsOut
from ..leaderboard.statistics import EndingCounts
from . import report


class ObservatoryOut(Output):
    total: int
    by_satisfaction: dict[str, EndingCountsOut]
    by_kind: dict[str, EndingCountsOut]
    complaint_paradox: dict[str, EndingCountsOut]
    by_channel: dict[str, EndingCountsOut]
    by_sector: dict[str, EndingCountsOut]
    reading: list[str]


def _table(groups: dict[object, EndingCounts]) -> dict[str, EndingCountsOut]:
    return {str(key): EndingCountsOut.of(counts) for key, counts in groups.items()}


@api_bp.get("/observatory")
@operation("La satisfaction mène-t-elle à la fidélité ? Les chiffres", "Observatoire", response=ObservatoryOut)
def api_observatory() -> ObservatoryOut:
    """Published stories only, each counted once; loyalty rates with their Wilson intervals."""
    data = report.observatory()
    return ObservatoryOut(
        total=data.total, by_satisfaction=_table(data.by_satisfaction), by_kind=_table(data.by_kind),
        complaint_paradox=_table(data.complaint_paradox), by_channel=_table(data.by_channel),
        by_sector=_table(data.by_sector), reading=report.reading(data),
    )
