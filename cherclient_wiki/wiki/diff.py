"""Word-level differences between two sources, as escaped HTML with <ins> and <del>."""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from markupsafe import Markup, escape

TOKEN_RE = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)
CONTEXT_LINES = 2  # unchanged lines kept around each change; longer runs are folded


@dataclass(frozen=True)
class DiffLine:
    html: Markup | None  # None: a fold standing for `folded` unchanged lines
    changed: bool = False
    folded: int = 0


def _words(a: str, b: str) -> Markup:
    """Diff two changed blocks word by word: the reader sees which words moved, not whole lines."""
    left, right = TOKEN_RE.findall(a), TOKEN_RE.findall(b)
    out: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, left, right, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(left[i1:i2])))
            continue
        if i2 > i1:
            out.append(Markup("<del>%s</del>") % "".join(left[i1:i2]))
        if j2 > j1:
            out.append(Markup("<ins>%s</ins>") % "".join(right[j1:j2]))
    return Markup("").join(out)


def word_diff(old: str, new: str) -> list[DiffLine]:
    """Lines of the new text with word changes marked; long unchanged stretches are folded."""
    a, b = old.splitlines(), new.splitlines()
    lines: list[DiffLine] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            same = [DiffLine(escape(line)) for line in a[i1:i2]]
            first, last = i1 == 0, i2 == len(a)
            head = 0 if first else CONTEXT_LINES
            tail = 0 if last else CONTEXT_LINES
            if len(same) > head + tail + 1:
                lines += same[:head] + [DiffLine(None, folded=len(same) - head - tail)] + same[len(same) - tail:]
            else:
                lines += same
        else:
            lines.append(DiffLine(_words("\n".join(a[i1:i2]), "\n".join(b[j1:j2])), changed=True))
    return lines
