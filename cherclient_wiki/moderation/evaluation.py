"""Measuring the detector on a labelled split, figure by figure for each kind of text, in two modes:

- offline: the detector alone, each story from a brand-new account, near-duplicates looked for
  among the stories before it in the file;
- site: end to end as an outside evaluator sees it: a fresh site in a temporary folder (migrated
  SQLite, demo content loaded), each story posted through POST /api/v1/stories by its own new
  account with its own token and address, in the file's order, then its status read back.

A story counts as held when it is not published: held for review, or refused outright (422, e.g.
a link from a brand-new account). Used by bench/detector_eval.py and the `moderation` commands.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .evaluation_set import Example, assess_all
from .metrics import roc_auc
from .text import fold, words

# The "obvious signals only" baseline: what a keyword filter catches (a link, contacts, a code).
OBVIOUS = ("links", "contacts", "promo_code")


def word_count(example: Example) -> int:
    return len(words(fold(example.story.body)))


Stratum = tuple[str, Callable[[Example], bool]]

STRATA: tuple[Stratum, ...] = (
    ("genuine, all", lambda e: not e.is_ad),
    ("genuine very short (<40 words)", lambda e: not e.is_ad and word_count(e) < 40),
    ("genuine medium (40-200)", lambda e: not e.is_ad and 40 <= word_count(e) <= 200),
    ("genuine long (>200)", lambda e: not e.is_ad and word_count(e) > 200),
    ("genuine informal/non-native", lambda e: not e.is_ad and e.register == "informal"),
    ("genuine angry", lambda e: not e.is_ad and e.register == "angry"),
    ("ads, all", lambda e: e.is_ad),
    ("ads obvious", lambda e: e.is_ad and e.difficulty == "obvious"),
    ("ads medium", lambda e: e.is_ad and e.difficulty == "medium"),
    ("ads hard", lambda e: e.is_ad and e.difficulty == "hard"),
)


@dataclass(frozen=True)
class Outcome:
    """One story's result in one mode; `baseline` is the obvious-signals rule on the same text."""

    example: Example
    score: float
    held: bool
    baseline: bool
    reasons: tuple[str, ...] = ()
    refused: bool = False  # site mode: the API answered 422


@dataclass(frozen=True)
class Row:
    name: str
    count: int
    held: float  # share not published
    baseline_held: float
    auc: float | None  # this stratum against every story of the other class


def offline(examples: Sequence[Example], threshold: float) -> list[Outcome]:
    return [
        Outcome(example, a.score, a.score >= threshold, any(a.vector()[name] > 0 for name in OBVIOUS), tuple(a.reasons))
        for example, a in assess_all(examples)
    ]


def _row(name: str, chosen: list[Outcome], outcomes: Sequence[Outcome]) -> Row:
    count = len(chosen)
    held = sum(o.held for o in chosen) / count if count else 0.0
    base = sum(o.baseline for o in chosen) / count if count else 0.0
    kinds = {o.example.is_ad for o in chosen}
    auc = None
    if len(kinds) == 1 and count:
        others = [o for o in outcomes if o.example.is_ad not in kinds]
        pool = chosen + others
        auc = roc_auc([o.example.is_ad for o in pool], [o.score for o in pool]) if others else None
    return Row(name, count, held, base, auc)


def table(outcomes: Sequence[Outcome]) -> list[Row]:
    """One row per stratum that has stories, then one per writer."""
    rows = [_row(name, chosen, outcomes) for name, test in STRATA if (chosen := [o for o in outcomes if test(o.example)])]
    writers = sorted({o.example.writer for o in outcomes})
    rows += [_row(f"writer {writer}", [o for o in outcomes if o.example.writer == writer], outcomes) for writer in writers]
    return rows


def overall_auc(outcomes: Sequence[Outcome]) -> float:
    return roc_auc([o.example.is_ad for o in outcomes], [o.score for o in outcomes])


def lines(title: str, outcomes: Sequence[Outcome]) -> list[str]:
    """The table as text: held share for the detector and the baseline, AUC of the stratum
    against all stories of the other class."""
    refused = sum(o.refused for o in outcomes)
    out = [f"== {title}: {len(outcomes)} stories, ROC AUC {overall_auc(outcomes):.3f}"
           + (f", {refused} refused by the API (422, counted as held)" if refused else "")]
    out.append(f"  {'stratum':40s} {'n':>4s} {'held':>7s} {'baseline':>9s} {'AUC':>6s}")
    for row in table(outcomes):
        auc = f"{row.auc:.3f}" if row.auc is not None else "     -"
        out.append(f"  {row.name:40s} {row.count:4d} {row.held:7.1%} {row.baseline_held:9.1%} {auc:>6s}")
    return out
