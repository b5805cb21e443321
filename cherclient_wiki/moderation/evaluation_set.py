"""The labelled evaluation set (evaluation/*.json): French stories written for this project,
split into a development part (fits the weights) and a held-out part (only measures)."""
from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .detector import AccountSignals, Assessment, Model, StoryText, assess, max_similarity, shingles, signal_values

FOLDER = Path(__file__).resolve().parent / "evaluation"
SPLITS = ("development", "heldout")


@dataclass(frozen=True)
class Example:
    id: str
    is_ad: bool
    story: StoryText
    account: AccountSignals
    note: str


def load(split: str) -> list[Example]:
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; expected one of {SPLITS}")
    data = json.loads((FOLDER / f"{split}.json").read_text(encoding="utf-8"))
    return [
        Example(
            id=item["id"],
            is_ad=item["label"] == "ad",
            story=StoryText(item["title"], item["body"], tuple(item["brands"])),
            account=AccountSignals.from_mapping(item.get("account")),
            note=item.get("note", ""),
        )
        for item in data["items"]
    ]


def in_order(examples: Sequence[Example]) -> Iterator[tuple[Example, list[frozenset[str]]]]:
    """Each story with the ones posted before it in the same split (file order): near-duplicates
    are looked for only among those, as the site would see them."""
    seen: list[frozenset[str]] = []
    for example in examples:
        yield example, seen
        seen = [*seen, shingles(f"{example.story.title}\n{example.story.body}")]


def assess_all(examples: Sequence[Example], model: Model | None = None) -> list[tuple[Example, Assessment]]:
    return [(example, assess(example.story, example.account, earlier, model)) for example, earlier in in_order(examples)]


def raw_signals(examples: Sequence[Example]) -> list[dict[str, float]]:
    """Unweighted signal values, what calibration fits the weights on."""
    vectors = []
    for example, earlier in in_order(examples):
        similarity = max_similarity(f"{example.story.title}\n{example.story.body}", earlier)
        values = signal_values(example.story, example.account, similarity)
        vectors.append({name: value for name, (value, _reason) in values.items()})
    return vectors
