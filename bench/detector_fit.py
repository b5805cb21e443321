"""Fit the ad detector's weights on the development split and write them to
cherclient_wiki/moderation/weights.json (the held-out split is never read here).

    .venv/bin/python bench/detector_fit.py            # print the fitted weights and dev figures
    .venv/bin/python bench/detector_fit.py --write    # also ship them
    .venv/bin/python bench/detector_fit.py --cv       # cross-validate the penalty on the dev split
"""
from __future__ import annotations

import argparse

from cherclient_wiki.moderation import calibration, evaluation_set
from cherclient_wiki.moderation.detector import combine
from cherclient_wiki.moderation.metrics import figures

THRESHOLD = 0.5  # the default AD_SCORE_THRESHOLD
FOLDS = 6


def cross_validate(vectors: list[dict[str, float]], labels: list[bool]) -> None:
    """Out-of-fold figures for a small grid of penalties: how the shipped L2/PRIOR were chosen."""
    for l2 in (0.005, 0.02, 0.05):
        for prior in (0.0, 0.5, 1.0):
            scores = [0.0] * len(vectors)
            for fold in range(FOLDS):
                train = [i for i in range(len(vectors)) if i % FOLDS != fold]
                model = calibration.fit([vectors[i] for i in train], [labels[i] for i in train], l2=l2, prior=prior)
                for i in range(fold, len(vectors), FOLDS):
                    scores[i] = combine(vectors[i], model)
            print(f"  cv l2={l2:<6} prior={prior:<4} " + figures(labels, scores, THRESHOLD).lines()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="write weights.json")
    parser.add_argument("--cv", action="store_true", help="cross-validate the penalty first")
    args = parser.parse_args()
    examples = evaluation_set.load("development")
    vectors = evaluation_set.raw_signals(examples)
    labels = [example.is_ad for example in examples]
    if args.cv:
        cross_validate(vectors, labels)
    model = calibration.fit(vectors, labels)
    print(f"intercept {model.intercept:+.3f}")
    for name, weight in sorted(model.weights.items(), key=lambda item: -item[1]):
        print(f"  {name:22s} {weight:.3f}")
    scores = [combine(vector, model) for vector in vectors]
    print("development (fitted on it, optimistic):")
    for line in figures(labels, scores, THRESHOLD).lines():
        print("  " + line)
    if args.write:
        calibration.write(
            model, fitted_on="development", l2=calibration.L2, iterations=calibration.ITERATIONS,
            how="bench/detector_fit.py --write",
        )
        print(f"written to {calibration.WEIGHTS_FILE}")


if __name__ == "__main__":
    main()
