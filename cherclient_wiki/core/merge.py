"""Three-way merge of page sources, line by line (merge3, the diff3 algorithm of bzr/breezy), and
of single values (a story's title, satisfaction...), which either side may change but not both."""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from merge3 import Merge3

T = TypeVar("T")


class Outcome(StrEnum):
    """What a merge-aware save did (wiki pages and stories alike)."""

    CREATED = "created"
    SAVED = "saved"
    MERGED = "merged"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class MergeResult:
    text: str  # the merged text; on conflict, with diff3 markers (never saved, only shown)
    conflicted: bool


def merge_value(base: T, mine: T, theirs: T) -> tuple[T, bool]:
    """(value, conflicted): the side that changed the value wins; both changing it differently is a
    conflict (my value is handed back)."""
    if mine == theirs or theirs == base:
        return mine, False
    if mine == base:
        return theirs, False
    return mine, True


def three_way(base: str, mine: str, theirs: str) -> MergeResult:
    """Combine my edit and theirs, both made from `base`; overlapping changes are a conflict."""
    if mine == theirs or theirs == base or mine == base:
        return MergeResult(merge_value(base, mine, theirs)[0], False)
    merger = Merge3(base.splitlines(True), mine.splitlines(True), theirs.splitlines(True))
    conflicted = any(group[0] == "conflict" for group in merger.merge_groups())
    lines = merger.merge_lines(name_a="votre version", name_b="version actuelle")
    return MergeResult("".join(lines), conflicted)
