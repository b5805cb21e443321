"""Fitting the detector's weights: a logistic regression by projected gradient descent with an L2
penalty toward a modest prior. Weights are kept ≥ 0 so that every signal can only raise the score
(each reason shown to an author is then a true reason), and the intercept is kept at or below
MAX_INTERCEPT so that a story with no evidence stays under the threshold whatever the data say.
Deterministic: the same data give the same weights, and a test checks that the shipped weights are
what this fit produces on the development split."""
from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from .detector import SIGNALS, WEIGHTS_FILE, Model

L2 = 0.01  # chosen by cross-validation across writers on the development split (bench/detector_fit.py --cv)
# Ridge toward PRIOR rather than 0: a signal the development set happens not to need (the account
# and behaviour signals vary little in it) keeps a modest weight instead of vanishing.
PRIOR = 1.0
MAX_INTERCEPT = -2.5  # logistic(-2.5) = 0.08: no evidence, no hold
LEARNING_RATE = 1.0
ITERATIONS = 3000


def fit(vectors: Sequence[Mapping[str, float]], labels: Sequence[bool], l2: float = L2, prior: float = PRIOR,
        iterations: int = ITERATIONS, learning_rate: float = LEARNING_RATE) -> Model:
    """Both classes weigh the same whatever their counts, so the score stays a probability for an
    even mix (the threshold, not the data's proportions, decides how cautious to be)."""
    names = list(SIGNALS)
    x = np.array([[vector.get(name, 0.0) for name in names] for vector in vectors], dtype=float)
    y = np.array([1.0 if label else 0.0 for label in labels])
    positives = max(y.sum(), 1.0)
    negatives = max(len(y) - y.sum(), 1.0)
    balance = np.where(y == 1.0, len(y) / (2 * positives), len(y) / (2 * negatives))
    weights = np.full(len(names), prior)
    intercept = MAX_INTERCEPT
    for _step in range(iterations):
        error = balance * (1.0 / (1.0 + np.exp(-(intercept + x @ weights))) - y)
        intercept = min(MAX_INTERCEPT, intercept - learning_rate * error.mean())
        weights = np.maximum(0.0, weights - learning_rate * (x.T @ error / len(y) + l2 * (weights - prior)))
    return Model(intercept=round(float(intercept), 4), weights={name: round(float(w), 4) for name, w in zip(names, weights)})


# Campaign behaviour read from the database: every development story comes from a fresh account
# and address of its own, so the data cannot weigh these. Two other accounts from the same address
# writing about the same brand is set to hold a story on its own. (A burst of praise by new
# accounts also happens when a brand is in the news, and an account whose stories are all about
# one brand may be a fan: those keep their prior weight and add up with other evidence.)
BEHAVIOUR = ("shared_address",)


def with_behaviour(model: Model, threshold: float) -> Model:
    """The model with each behaviour weight at the logit the threshold needs."""
    needed = (math.log(threshold / (1 - threshold)) - model.offset) / model.slope - model.intercept
    return replace(model, weights={**model.weights, **{name: round(needed, 4) for name in BEHAVIOUR}})


def platt(logits: Sequence[float], labels: Sequence[bool], iterations: int = 200) -> tuple[float, float]:
    """Slope and offset mapping the fitted logits of stories from writers the fit never saw (the
    leave-one-writer-out scores) to a probability, both classes weighing the same (Newton's
    method on a two-parameter logistic regression)."""
    x = np.array(logits, dtype=float)
    y = np.array([1.0 if label else 0.0 for label in labels])
    balance = np.where(y == 1.0, len(y) / (2 * max(y.sum(), 1.0)), len(y) / (2 * max(len(y) - y.sum(), 1.0)))
    design = np.column_stack([x, np.ones_like(x)])
    params = np.array([1.0, 0.0])
    for _step in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(design @ params)))
        gradient = design.T @ (balance * (p - y))
        hessian = (design * (balance * p * (1 - p))[:, None]).T @ design + 1e-9 * np.eye(2)
        params = params - np.linalg.solve(hessian, gradient)
    return round(float(params[0]), 4), round(float(params[1]), 4)


def threshold_for(scores: Sequence[float], labels: Sequence[bool], genuine_held: float) -> float:
    """The lowest threshold (rounded up to 0.01) at which at most `genuine_held` of the genuine
    stories score at or above it: the lowest threshold that meets the genuine stories' budget."""
    genuine = sorted((s for s, is_ad in zip(scores, labels) if not is_ad), reverse=True)
    allowed = int(genuine_held * len(genuine))
    above = genuine[allowed] if allowed < len(genuine) else 0.0
    return min(0.99, math.floor(above * 100 + 1) / 100)


def recorded_wording(path: Path | None = None) -> dict[str, float]:
    """Each development story's wording logit from a model fitted without its writer, as the fit
    recorded it next to the weights (what the weights were fitted on)."""
    data = json.loads((path or WEIGHTS_FILE).read_text(encoding="utf-8"))
    return {key: float(value) for key, value in data.get("wording_out_of_fold", {}).items()}


def write(model: Model, path: Path | None = None, **meta: object) -> None:
    """Ship the weights (to WEIGHTS_FILE unless told otherwise)."""
    path = path or WEIGHTS_FILE
    data = {"intercept": model.intercept, "weights": dict(model.weights),
            "platt": {"slope": model.slope, "offset": model.offset}, **meta}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
