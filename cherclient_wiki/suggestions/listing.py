"""Reading suggestions: the published ones, newest first, by brand and status; support counts."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..core.db import db
from ..core.pagination import Paged, paginate
from ..stories.choices import Status as Screened
from ..stories.listing import brand_for_filter
from .models import Suggestion, SuggestionSupport

PER_PAGE = 20


def published(brand: str | None = None, status: str | None = None, page: int = 1, per_page: int = PER_PAGE) -> Paged[Suggestion]:
    query = (
        select(Suggestion).where(Suggestion.screening == Screened.PUBLISHED.value)
        .options(selectinload(Suggestion.brand), selectinload(Suggestion.author))
        .order_by(Suggestion.created_at.desc(), Suggestion.id.desc())
    )
    if brand:
        found = brand_for_filter(brand)
        query = query.where(Suggestion.brand_id == (found.id if found else 0))
    if status:
        query = query.where(Suggestion.status == status)
    return paginate(query, page, per_page)


def support_counts(suggestions: Iterable[Suggestion]) -> dict[int, int]:
    """Distinct supporting accounts per suggestion, in one query."""
    ids = [suggestion.id for suggestion in suggestions]
    if not ids:
        return {}
    rows = db.session.execute(
        select(SuggestionSupport.suggestion_id, func.count()).where(SuggestionSupport.suggestion_id.in_(ids))
        .group_by(SuggestionSupport.suggestion_id)
    )
    return {suggestion_id: count for suggestion_id, count in rows}
