"""Three-way merge of page sources, line by line (merge3, the diff3 algorithm of bzr/breezy)."""
from __future__ import annotations

from dataclasses import dataclass

from merge3 import Merge3


@dataclass(frozen=True)
class MergeResult:
    text: str  # the merged text; on conflict, with diff3 markers (never saved, only shown)
    conflicted: bool


def three_way(base: str, mine: str, theirs: str) -> MergeResult:
    """Combine my edit and theirs, both made from `base`; overlapping changes are a conflict."""
    if mine == theirs or theirs == base:
        return MergeResult(mine, False)
    if mine == base:
        return MergeResult(theirs, False)
    merger = Merge3(base.splitlines(True), mine.splitlines(True), theirs.splitlines(True))
    conflicted = any(group[0] == "conflict" for group in merger.merge_groups())
    lines = merger.merge_lines(name_a="votre version", name_b="version actuelle")
    return MergeResult("".join(lines), conflicted)
