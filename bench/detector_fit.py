"""Fit the ad detector's weights on the development split and write them to
cherclient_wiki/moderation/weights.json (the frozen test split is never read here).

    .venv/bin/python bench/detector_fit.py            # print the fitted weights and dev figures
    .venv/bin/python bench/detector_fit.py --write    # also ship them
    .venv/bin/python bench/detector_fit.py --cv       # leave-one-writer-out figures for a few penalties
"""
from __future__ import annotations

import argparse

from cherclient_wiki.moderation import calibration, evaluation_set
from cherclient_wiki.moderation.detector import combine
from cherclient_wiki.moderation.evaluation_set import Example
from cherclient_wiki.moderation.metrics import figures

THRESHOLD = 0.5  # the default AD_SCORE_THRESHOLD


def cross_validate(examples: list[Example], vectors: list[dict[str, float]], labels: list[bool]) -> None:
    """Each writer scored by weights fitted without any of their stories: how the detector does
    on a writer it has never met, which is what the shipped L2/PRIOR were chosen on."""
    writers = sorted({e.writer for e in examples})
    for l2 in (0.003, 0.01, 0.03):
        for prior in (0.0, 0.5, 1.0):
            scores = [0.0] * len(vectors)
            for writer in writers:
                train = [i for i, e in enumerate(examples) if e.writer != writer]
                model = calibration.fit([vectors[i] for i in train], [labels[i] for i in train], l2=l2, prior=prior)
                for i, e in enumerate(examples):
                    if e.writer == writer:
                        scores[i] = combine(vectors[i], model)
            print(f"  leave-one-writer-out l2={l2:<6} prior={prior:<4} " + figures(labels, scores, THRESHOLD).lines()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="write weights.json")
    parser.add_argument("--cv", action="store_true", help="cross-validate the penalty across writers first")
    args = parser.parse_args()
    examples = evaluation_set.load(evaluation_set.DEVELOPMENT)
    vectors = evaluation_set.raw_signals(examples)
    labels = [example.is_ad for example in examples]
    if args.cv:
        cross_validate(examples, vectors, labels)
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
            model, fitted_on=evaluation_set.DEVELOPMENT, l2=calibration.L2, prior=calibration.PRIOR,
            iterations=calibration.ITERATIONS, how="bench/detector_fit.py --write",
        )
        print(f"written to {calibration.WEIGHTS_FILE}")


if __name__ == "__main__":
    main()
