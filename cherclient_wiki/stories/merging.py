"""Merging a story edit made from an older version with what was saved since, as the wiki does:
the body line by line (wiki.merge.three_way), every other fact (title, brands, kind, satisfaction,
ending, year, channel, photo) as one value that either side may change, but not both differently."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.merge import merge_value, three_way

# The facts of a story, named as in the API payload, in the order the form shows them.
FIELDS = ("title", "brands", "kind", "body", "satisfaction", "ending", "year", "channel", "photo")


@dataclass(frozen=True)
class StoryMerge:
    facts: dict[str, Any]  # the merged facts (where both sides changed a fact: mine)
    conflicts: tuple[str, ...]  # the facts both sides changed differently, in FIELDS order
    marked_body: str  # the body with diff3 markers where it conflicts (shown, never saved)


def merge_facts(base: dict[str, Any], mine: dict[str, Any], theirs: dict[str, Any]) -> StoryMerge:
    """Combine my edit and theirs, both made from `base`; each mapping holds every key of FIELDS."""
    facts: dict[str, Any] = {}
    conflicts: list[str] = []
    body = three_way(base["body"], mine["body"], theirs["body"])
    for field in FIELDS:
        if field == "body":
            value, conflicted = (mine["body"], True) if body.conflicted else (body.text, False)
        else:
            value, conflicted = merge_value(base[field], mine[field], theirs[field])
        facts[field] = value
        if conflicted:
            conflicts.append(field)
    return StoryMerge(facts, tuple(conflicts), body.text)
