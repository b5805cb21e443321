"""Screening user text before it is shown: the registered screeners (core.hooks) judge it, so the
features that publish text never know which detector runs. With none registered, every text
passes with score 0."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .hooks import hooks


@dataclass(frozen=True)
class Screening:
    score: float = 0.0  # 0..1, probability of a disguised advertisement
    reasons: list[str] = field(default_factory=list)  # plain French, shown to the author and moderators


def screen(item: Any) -> Screening:
    """The highest score among the screeners, with every reason they gave."""
    results: list[Screening] = [screener(item) for screener in hooks().screeners]
    if not results:
        return Screening()
    return Screening(max(r.score for r in results), [reason for r in results for reason in r.reasons])
