"""Fitting the detector's weights: a logistic regression on the development split, by plain
gradient descent with an L2 penalty. Weights are kept ≥ 0 so that every signal can only raise
the score (each reason shown to an author is then a true reason). Deterministic: the same data
gives the same weights, and a test checks that the shipped weights are what this fit produces."""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from .detector import SIGNALS, WEIGHTS_FILE, Model, logistic

L2 = 0.005  # chosen by 6-fold cross-validation on the development split (bench/detector_fit.py --cv)
# Ridge toward PRIOR rather than 0: a signal the development set happens not to need keeps a
# modest weight instead of vanishing (links matter even when every dev ad also has others).
PRIOR = 1.0
LEARNING_RATE = 0.5
ITERATIONS = 4000


def fit(vectors: Sequence[Mapping[str, float]], labels: Sequence[bool], l2: float = L2, prior: float = PRIOR,
        iterations: int = ITERATIONS, learning_rate: float = LEARNING_RATE) -> Model:
    names = list(SIGNALS)
    rows = [[vector.get(name, 0.0) for name in names] for vector in vectors]
    targets = [1.0 if label else 0.0 for label in labels]
    n = len(rows)
    weights = [prior] * len(names)
    intercept = 0.0
    for _step in range(iterations):
        grad = [0.0] * len(names)
        grad_intercept = 0.0
        for row, target in zip(rows, targets):
            error = logistic(intercept + sum(w * x for w, x in zip(weights, row))) - target
            grad_intercept += error
            for k, x in enumerate(row):
                grad[k] += error * x
        intercept -= learning_rate * grad_intercept / n
        weights = [max(0.0, w - learning_rate * (g / n + l2 * (w - prior))) for w, g in zip(weights, grad)]
    return Model(intercept=round(intercept, 4), weights={name: round(w, 4) for name, w in zip(names, weights)})


def write(model: Model, path: Path = WEIGHTS_FILE, **meta: object) -> None:
    data = {"intercept": model.intercept, "weights": dict(model.weights), **meta}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
