"""Fit the ad detector's weights on the development split and write them to
cherclient_wiki/moderation/weights.json (the held-out split is never read here).

    .venv/bin/python bench/detector_fit.py            # print the fitted weights and dev figures
    .venv/bin/python bench/detector_fit.py --write    # also ship them
"""
from __future__ import annotations

import argparse

from cherclient_wiki.moderation import calibration, evaluation_set
from cherclient_wiki.moderation.detector import combine
from cherclient_wiki.moderation.metrics import figures

THRESHOLD = 0.5  # the default AD_SCORE_THRESHOLD


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="write weights.json")
    args = parser.parse_args()
    examples = evaluation_set.load("development")
    vectors = evaluation_set.raw_signals(examples)
    labels = [example.is_ad for example in examples]
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
