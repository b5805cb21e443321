"""The leaderboard's filters (the page and the API read them with the same schema) and the shapes
of what the API answers about brands, their rankings and their stories' endings."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from ..brands.sectors import SECTORS
from ..core.schemas import Output, Schema
from ..stories.choices import Channel, Ending, Kind
from ..stories.schemas import ChannelName, KindName, year_problem
from . import ranking
from .statistics import BrandStatistics, EndingCounts, rounded


class LeaderboardFilters(Schema):
    """Empty values mean "all" (the page's selects send them)."""

    kind: KindName | None = None
    sector: str | None = Field(None, description="Un secteur (voir /leaderboard pour la liste).")
    channel: ChannelName | None = None
    since: int | None = Field(None, description="Les histoires arrivées cette année-là ou après.")

    @field_validator("kind", "sector", "channel", "since", mode="before")
    @classmethod
    def _empty_is_all(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: Any) -> Any:
        if value is not None and (not isinstance(value, str) or value not in {kind.value for kind in Kind}):
            raise PydanticCustomError("filter", _("Type d'histoire inconnu."))
        return value

    @field_validator("channel", mode="before")
    @classmethod
    def _channel(cls, value: Any) -> Any:
        if value is not None and (not isinstance(value, str) or value not in {channel.value for channel in Channel}):
            raise PydanticCustomError("filter", _("Canal inconnu."))
        return value

    @field_validator("sector")
    @classmethod
    def _sector(cls, value: str | None) -> str | None:
        if value is not None and value not in set(SECTORS) | set(ranking.sectors()):
            raise PydanticCustomError("filter", _("Secteur inconnu."))
        return value

    @field_validator("since", mode="before")
    @classmethod
    def _since(cls, value: Any) -> Any:
        if value is None:
            return None
        text = str(value).strip()
        year = int(text) if text.isascii() and text.isdigit() and len(text) <= 4 else None
        problem = year_problem(year)
        if problem:
            raise PydanticCustomError("filter", problem)
        return year

    def filters(self) -> ranking.Filters:
        return ranking.Filters(kind=self.kind, sector=self.sector, channel=self.channel, since=self.since)


class EndingCountsOut(Output):
    """How stories ended; the loyalty rate counts loyal and returned customers."""

    loyal: int
    left: int
    returned: int
    undecided: int
    total: int
    loyalty_rate: float | None
    loyalty_interval: list[float] | None = Field(description="Intervalle de Wilson à 95 %.")

    @classmethod
    def of(cls, counts: EndingCounts) -> EndingCountsOut:
        interval = counts.interval
        return cls(
            **{ending.value: counts.counts.get(ending.value, 0) for ending in Ending}, total=counts.total,
            loyalty_rate=rounded(counts.loyalty_rate),
            loyalty_interval=[rounded(bound) for bound in interval] if interval else None,  # type: ignore[misc]
        )


class RankedBrandOut(Output):
    rank: int | None = Field(description="null : pas encore classée (trop peu de comptes).")
    brand: str
    slug: str
    score: float
    stories: int
    authors: int
    loyalty_rate: float
    avg_satisfaction: float

    @classmethod
    def of(cls, entry: ranking.RankedBrand) -> RankedBrandOut:
        return cls(rank=entry.rank, brand=entry.brand, slug=entry.slug, score=round(entry.score, 1), stories=entry.stories,
                   authors=entry.authors, loyalty_rate=round(entry.loyalty_rate, 4), avg_satisfaction=round(entry.avg_satisfaction, 2))


class LeaderboardOut(Output):
    brands: list[RankedBrandOut]
    method: dict[str, Any] = Field(description="La règle du classement, avec ses nombres.")


class YearCount(Output):
    year: int | None
    stories: int


class BrandStatisticsOut(Output):
    stories: int
    by_kind: dict[str, int]
    by_ending: dict[str, int]
    loyalty_rate: float | None
    avg_satisfaction: float | None
    complaints: int
    complaint_recovery_rate: float | None
    by_year: list[YearCount]

    @classmethod
    def of(cls, stats: BrandStatistics) -> BrandStatisticsOut:
        return cls(
            stories=stats.stories, by_kind=stats.by_kind, by_ending=stats.endings.counts,
            loyalty_rate=rounded(stats.endings.loyalty_rate), avg_satisfaction=rounded(stats.avg_satisfaction, 2),
            complaints=stats.complaints.total, complaint_recovery_rate=rounded(stats.complaint_recovery_rate),
            by_year=[YearCount(year=year, stories=n) for year, n in stats.by_year],
        )


class BrandOut(Output):
    brand: str
    slug: str
    sector: str
    aliases: list[str]
    rank: int | None
    score: float | None
    statistics: BrandStatisticsOut

