"""How good the detector is, from (label, score) pairs: the evaluation set and moderators'
decisions are measured by the same code, so the benchmark and `moderation report` agree."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Figures:
    """At one threshold: `held_genuine` is the share of genuine stories wrongly held for review."""

    count: int
    ads: int
    threshold: float
    precision: float
    recall: float
    held_genuine: float
    auc: float

    def lines(self) -> list[str]:
        return [
            f"stories: {self.count} ({self.ads} ads, {self.count - self.ads} genuine), threshold {self.threshold:.2f}",
            f"precision {self.precision:.3f}  recall {self.recall:.3f}  "
            f"genuine held {self.held_genuine:.1%}  ROC AUC {self.auc:.3f}",
        ]


def roc_auc(labels: Sequence[bool], scores: Sequence[float]) -> float:
    """Probability that a random ad scores above a random genuine story (ties count half):
    the Mann-Whitney form of the area under the ROC curve. 0.5 when a class is missing."""
    positives = [s for s, is_ad in zip(scores, labels) if is_ad]
    negatives = [s for s, is_ad in zip(scores, labels) if not is_ad]
    if not positives or not negatives:
        return 0.5
    ranked = sorted(scores)
    # Average rank of each distinct score (1-based), so ties are handled exactly.
    rank_of: dict[float, float] = {}
    i = 0
    while i < len(ranked):
        j = i
        while j + 1 < len(ranked) and ranked[j + 1] == ranked[i]:
            j += 1
        rank_of[ranked[i]] = (i + j) / 2 + 1
        i = j + 1
    rank_sum = sum(rank_of[s] for s in positives)
    n_pos, n_neg = len(positives), len(negatives)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def figures(labels: Sequence[bool], scores: Sequence[float], threshold: float) -> Figures:
    held = [score >= threshold for score in scores]
    true_pos = sum(1 for h, is_ad in zip(held, labels) if h and is_ad)
    false_pos = sum(1 for h, is_ad in zip(held, labels) if h and not is_ad)
    ads = sum(labels)
    genuine = len(labels) - ads
    return Figures(
        count=len(labels),
        ads=ads,
        threshold=threshold,
        precision=true_pos / (true_pos + false_pos) if true_pos + false_pos else 0.0,
        recall=true_pos / ads if ads else 0.0,
        held_genuine=false_pos / genuine if genuine else 0.0,
        auc=roc_auc(labels, scores),
    )
