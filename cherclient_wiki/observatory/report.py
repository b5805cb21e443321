"""The observatory's figures: every published story counted once, cross-tabulated by satisfaction,
kind, channel and sector against how the story ended, cached together. The count per sector reads
the leaderboard's brand_totals (see _by_sector_all)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from flask_babel import format_percent
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from ..brands.models import Brand, BrandRepresentative
from ..core.db import db
from ..leaderboard.models import BrandTotal
from ..leaderboard.ranking import ENDING_COLUMNS
from ..leaderboard.statistics import EndingCounts, cached, published, tally_by
from ..stories.choices import Kind
from ..stories.models import Story, StoryBrand

SATISFACTION_LEVELS = (1, 2, 3, 4, 5)
UNKNOWN_CHANNEL = ""  # stories that did not say through which channel it happened
MIN_SAMPLE = 30  # below this, the reading says the group is too small to conclude
MAX_EXTENSION = 5_000  # more new stories than this since the cached figures: recompute them all


@dataclass(frozen=True)
class Observatory:
    by_satisfaction: dict[int, EndingCounts]
    by_kind: dict[str, EndingCounts]
    by_channel: dict[str, EndingCounts]
    by_sector: dict[str, EndingCounts]  # a story about brands of two sectors counts in both

    @property
    def total(self) -> int:
        return sum(counts.total for counts in self.by_satisfaction.values())

    @property
    def complaint_paradox(self) -> dict[str, EndingCounts]:
        """Loyalty after a complaint next to loyalty after a love story."""
        return {kind.value: self.by_kind[kind.value] for kind in (Kind.COMPLAINT, Kind.LOVE)}


def compute(story_ids: Collection[int] | None = None) -> Observatory:
    """The figures of the published stories (only `story_ids`, to extend a cached result)."""
    conditions = [published()] if story_ids is None else [published(), Story.id.in_(list(story_ids))]
    story_rows = db.session.execute(
        select(Story.satisfaction, Story.kind, Story.channel, Story.ending, func.count().label("n"))
        .where(*conditions)
        .group_by(Story.satisfaction, Story.kind, Story.channel, Story.ending)
    ).all()
    if story_ids is None:
        by_sector = _by_sector_all()
    else:  # a few new stories: their links joined to the stories directly
        by_sector = tally_by(db.session.execute(
            select(Brand.sector, Story.ending, func.count(func.distinct(Story.id)).label("n"))
            .join(StoryBrand, StoryBrand.story_id == Story.id)
            .join(Brand, Brand.id == StoryBrand.brand_id)
            .where(*conditions)
            .group_by(Brand.sector, Story.ending)
        ).all(), lambda row: row.sector)
    by_satisfaction = {level: EndingCounts() for level in SATISFACTION_LEVELS}
    by_satisfaction.update(tally_by(story_rows, lambda row: row.satisfaction))
    by_kind = {kind.value: EndingCounts() for kind in Kind}
    by_kind.update(tally_by(story_rows, lambda row: row.kind))
    by_channel = tally_by(story_rows, lambda row: row.channel or UNKNOWN_CHANNEL)
    return Observatory(by_satisfaction, by_kind, _largest_first(by_channel), _largest_first(by_sector))


def _by_sector_all() -> dict[str, EndingCounts]:
    """Every published story once per sector of its brands, without reading 100k links: brand_totals
    already counts each brand's counted stories per ending (one row per brand, summed per sector);
    the few pairs it leaves out (a representative's own story about the brand) are added; a story
    about two brands of one sector is taken off once for each of its brands after the first there
    (found among the links at a position above 0: writing numbers a story's brands from 0)."""
    totals_table = BrandTotal.__table__
    columns = ENDING_COLUMNS
    totals: Counter[tuple[str, str]] = Counter()
    for sector, *counts in db.session.execute(
        select(Brand.sector, *(func.sum(totals_table.c[name]) for name in columns.values()))
        .join(totals_table, totals_table.c.brand_id == Brand.id)
        .group_by(Brand.sector)
    ):
        for ending, n in zip(columns, counts, strict=True):
            totals[sector, ending] += int(n or 0)
    for sector, ending, n in db.session.execute(
        select(Brand.sector, Story.ending, func.count())
        .select_from(BrandRepresentative)
        .join(Story, Story.author_id == BrandRepresentative.user_id)
        .join(StoryBrand, (StoryBrand.story_id == Story.id) & (StoryBrand.brand_id == BrandRepresentative.brand_id))
        .join(Brand, Brand.id == BrandRepresentative.brand_id)
        .where(published())
        .group_by(Brand.sector, Story.ending)
    ):
        totals[sector, ending] += n
    later, earlier = aliased(StoryBrand), aliased(StoryBrand)
    later_brand, earlier_brand = aliased(Brand), aliased(Brand)
    same_sector_before = (
        select(earlier.story_id)
        .join(earlier_brand, earlier_brand.id == earlier.brand_id)
        .where(
            earlier.story_id == later.story_id, earlier_brand.sector == later_brand.sector,
            (earlier.position < later.position) | ((earlier.position == later.position) & (earlier.brand_id < later.brand_id)),
        )
    )
    for sector, ending, n in db.session.execute(
        select(later_brand.sector, Story.ending, func.count())
        .select_from(later)
        .join(later_brand, later_brand.id == later.brand_id)
        .join(Story, Story.id == later.story_id)
        .where(later.position > 0, published(), same_sector_before.exists())
        .group_by(later_brand.sector, Story.ending)
    ):
        totals[sector, ending] -= n
    sectors: dict[str, EndingCounts] = {}
    for (sector, ending), n in totals.items():
        sectors.setdefault(sector, EndingCounts()).add(ending, n)
    return {sector: counts for sector, counts in sectors.items() if counts.total}


def _largest_first(groups: dict[str, EndingCounts]) -> dict[str, EndingCounts]:
    return dict(sorted(groups.items(), key=lambda item: -item[1].total))


def _sum(a: dict[Any, EndingCounts], b: dict[Any, EndingCounts]) -> dict[Any, EndingCounts]:
    return {key: a.get(key, EndingCounts()) + b.get(key, EndingCounts()) for key in {**a, **b}}


def with_new_stories(old: Observatory, last_story_id: int) -> Observatory:
    """Every story counts once and old ones did not change: the new ones' counts just add up.
    (Their ids are read first: a short IN list keeps the database on the primary key.)"""
    new_ids = list(db.session.scalars(select(Story.id).where(Story.id > last_story_id).limit(MAX_EXTENSION + 1)))
    if len(new_ids) > MAX_EXTENSION:
        return compute()
    new = compute(new_ids) if new_ids else None
    if new is None or not new.total:
        return old
    return Observatory(
        _sum(old.by_satisfaction, new.by_satisfaction),
        _sum(old.by_kind, new.by_kind),
        _largest_first(_sum(old.by_channel, new.by_channel)),
        _largest_first(_sum(old.by_sector, new.by_sector)),
    )


def observatory() -> Observatory:
    return cached(("observatory",), lambda: compute(), extend=with_new_stories)


def _rate(counts: EndingCounts) -> str:
    return format_percent(counts.loyalty_rate or 0)


def reading(data: Observatory) -> list[str]:
    """A few plain French sentences saying what the figures show, and how sure they are."""
    if not data.total:
        return [_("Aucune histoire publiée pour l'instant : l'observatoire attend vos récits.")]
    sentences = [_("%(n)d histoires publiées, chacune comptée une fois.", n=data.total)]
    happy, unhappy = data.by_satisfaction[5], data.by_satisfaction[1]
    if happy.total and unhappy.total:
        sentences.append(_(
            "Parmi les clients enchantés (5/5), %(happy)s sont restés fidèles ou sont revenus ; "
            "parmi les très déçus (1/5), %(unhappy)s.", happy=_rate(happy), unhappy=_rate(unhappy),
        ))
        high, low = happy.interval, unhappy.interval
        if high and low and high[0] > low[1]:
            sentences.append(_("L'écart est net : les intervalles de confiance ne se chevauchent pas."))
        else:
            sentences.append(_("L'écart reste incertain : les intervalles de confiance se chevauchent."))
        not_kept = happy.total - happy.kept
        if not_kept:
            sentences.append(_(
                "La satisfaction ne suffit pas toujours : %(n)d clients enchantés sont partis ou hésitent encore.",
                n=not_kept,
            ))
    complaint, love = data.by_kind[Kind.COMPLAINT.value], data.by_kind[Kind.LOVE.value]
    if complaint.total and love.total:
        sentences.append(_(
            "Après une réclamation, %(complaint)s des clients sont restés ou revenus, contre %(love)s après "
            "une histoire d'amour.", complaint=_rate(complaint), love=_rate(love),
        ))
    small = [str(level) for level, counts in data.by_satisfaction.items() if 0 < counts.total < MIN_SAMPLE]
    if small:
        sentences.append(_(
            "Prudence : moins de %(min)d histoires pour les niveaux de satisfaction %(levels)s.",
            min=MIN_SAMPLE, levels=", ".join(small),
        ))
    return sentences
