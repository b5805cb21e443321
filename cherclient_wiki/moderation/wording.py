"""The wording model: how much a text's turns of phrase read like advertising, learned from the
development split, scored in pure Python (no scikit-learn at run time).

A logistic regression on word 1-2-grams and character 3-5-grams of each word (as scikit-learn's
"char_wb"), each n-gram present or not and each of the two blocks scaled to unit length over
*all* the text's n-grams, so the score needs only the weights that are shipped. It is fitted
offline by bench/detector_fit.py (which keeps the strongest few thousand n-grams) and shipped in
wording.json. The detector uses it as one more evidence signal, and tells the author which words
pushed it: each n-gram's push (weight × value) is given to the word it comes from, and the words
that pushed most are quoted with their neighbours that pushed too ("on y gagne tous les deux").
"""
from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .text import fold, fold_with_positions, word_spans

WORDING_FILE = Path(__file__).resolve().parent / "wording.json"
WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (3, 5)
MAX_PHRASES = 3
MAX_PHRASE_WORDS = 4
MIN_SEED_LETTERS = 4


def ngrams(text: str) -> dict[str, float]:
    """The text's features: "w:" word n-grams and "c:" character n-grams (padded words), each
    block L2-normalised over every n-gram the text has."""
    tokens = [token for token, _start, _end in word_spans(fold(text))]
    return {**_unit(_word_grams(tokens)), **_unit(_char_grams(tokens))}


def _word_grams(tokens: list[str]) -> dict[str, list[int]]:
    """Each word n-gram with the positions of the words it spans (first occurrence)."""
    found: dict[str, list[int]] = {}
    for n in range(WORD_NGRAMS[0], WORD_NGRAMS[1] + 1):
        for i in range(len(tokens) - n + 1):
            found.setdefault("w:" + " ".join(tokens[i : i + n]), list(range(i, i + n)))
    return found


def _char_grams(tokens: list[str]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for i, token in enumerate(tokens):
        padded = f" {token} "
        for n in range(CHAR_NGRAMS[0], CHAR_NGRAMS[1] + 1):
            for j in range(len(padded) - n + 1):
                found.setdefault("c:" + padded[j : j + n], [i])
    return found


def _unit(grams: Mapping[str, object]) -> dict[str, float]:
    value = 1 / math.sqrt(len(grams)) if grams else 0.0
    return dict.fromkeys(grams, value)


@dataclass(frozen=True)
class WordingScore:
    logit: float
    phrases: tuple[str, ...]  # the words that pushed the score up most, as written

    @property
    def probability(self) -> float:
        return 1 / (1 + math.exp(-self.logit)) if self.logit > -50 else 0.0


@dataclass(frozen=True)
class WordingModel:
    intercept: float
    weights: Mapping[str, float]

    def score(self, text: str) -> WordingScore:
        folded, positions = fold_with_positions(text)
        spans = word_spans(folded)
        tokens = [token for token, _start, _end in spans]
        pushes = [0.0] * len(tokens)
        logit = self.intercept
        for grams in (_word_grams(tokens), _char_grams(tokens)):
            value = 1 / math.sqrt(len(grams)) if grams else 0.0
            for gram, where in grams.items():
                weight = self.weights.get(gram)
                if weight:
                    logit += weight * value
                    for i in where:
                        pushes[i] += weight * value / len(where)
        return WordingScore(logit, _phrases(text, folded, positions, spans, pushes))


def _joined(folded: str, spans: list[tuple[str, int, int]], left: int) -> bool:
    """Whether words `left` and `left + 1` follow each other within a phrase (no punctuation between)."""
    return not folded[spans[left][2] : spans[left + 1][1]].strip(" -'")


def _phrases(text: str, folded: str, positions: list[int], spans: list[tuple[str, int, int]],
             pushes: list[float]) -> tuple[str, ...]:
    """The words that pushed most (of four letters or more), each with the neighbours that pushed
    too, quoted as written."""
    chosen: list[tuple[int, int]] = []
    for i in sorted(range(len(pushes)), key=lambda k: -pushes[k]):
        if pushes[i] <= 0 or len(chosen) == MAX_PHRASES:
            break
        if len(spans[i][0]) < MIN_SEED_LETTERS:  # "et", "si", "mon" push, but quoted alone they tell nothing
            continue
        start, end = i, i + 1
        while end - start < MAX_PHRASE_WORDS:
            left = pushes[start - 1] if start > 0 and _joined(folded, spans, start - 1) else 0.0
            right = pushes[end] if end < len(pushes) and _joined(folded, spans, end - 1) else 0.0
            if max(left, right) <= 0:
                break
            if left >= right:
                start -= 1
            else:
                end += 1
        if not any(start < other_end and other_start < end for other_start, other_end in chosen):
            chosen.append((start, end))
    return tuple(text[positions[spans[start][1]] : positions[spans[end - 1][2] - 1] + 1] for start, end in chosen)


@lru_cache(maxsize=1)
def shipped_wording() -> WordingModel:
    """The model bench/detector_fit.py fitted on the development split (wording.json)."""
    data = json.loads(WORDING_FILE.read_text(encoding="utf-8"))
    return WordingModel(intercept=float(data["intercept"]), weights={k: float(v) for k, v in data["weights"].items()})


def write(model: WordingModel, path: Path | None = None, **meta: object) -> None:
    path = path or WORDING_FILE
    data = {**meta, "intercept": model.intercept, "weights": dict(model.weights)}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
