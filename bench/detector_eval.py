"""Measure the ad detector on the evaluation set: precision, recall, share of genuine stories held
and ROC AUC at the configured threshold, on the held-out split (never used for fitting) and, for
comparison, the development split (fitted on it, so optimistic). Also a baseline in the same run:
the "obvious signals only" rule (a link, contact, promo code or discount), which is what a simple
keyword filter would catch.

    .venv/bin/python bench/detector_eval.py [--threshold 0.5] [--show-errors]
"""
from __future__ import annotations

import argparse

from cherclient_wiki.config import DEFAULTS
from cherclient_wiki.moderation import evaluation_set
from cherclient_wiki.moderation.metrics import figures

OBVIOUS = ("links", "contacts", "promo_code")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threshold", type=float, default=DEFAULTS["AD_SCORE_THRESHOLD"])
    parser.add_argument("--show-errors", action="store_true", help="list false positives and negatives")
    args = parser.parse_args()
    for split in ("heldout", "development"):
        assessed = evaluation_set.assess_all(evaluation_set.load(split))
        labels = [example.is_ad for example, _ in assessed]
        scores = [assessment.score for _, assessment in assessed]
        baseline = [1.0 if any(a.vector()[name] > 0 for name in OBVIOUS) else 0.0 for _, a in assessed]
        print(f"== {split}")
        for line in figures(labels, scores, args.threshold).lines():
            print("  detector: " + line)
        for line in figures(labels, baseline, 0.5).lines()[1:]:
            print("  baseline (obvious signals only): " + line)
        if args.show_errors:
            for example, assessment in assessed:
                held = assessment.score >= args.threshold
                if held != example.is_ad:
                    kind = "false positive" if held else "false negative"
                    print(f"  {kind}: {example.id} score {assessment.score:.3f} {example.story.title!r}")
                    for reason in assessment.reasons:
                        print(f"      - {reason}")


if __name__ == "__main__":
    main()
