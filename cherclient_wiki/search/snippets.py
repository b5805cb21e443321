"""The snippet of a hit: the query's words marked in at most two short passages of its text.

Whoosh's highlighter runs the field's whole analyzer chain over the text (token objects through
three generators, about 6 µs a word): on the generated 10k index it cost 8 ms a search, as much as
the engine's own top 10. Here one regular expression finds the words that may match (they start
like a stem, accents and case aside) and each goes through the index's own analysis
(`analysis.stems`, cached), so a word is marked exactly when the index matched it; on the seed
pages a snippet costs a quarter of Whoosh's (bench/README.md). Passages are chosen like Whoosh's
ContextFragmenter and BasicFragmentScorer did: matches grouped within the width with some context
around them, the passages with the most distinct query words first, shown in the order of the text.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from markupsafe import escape

from .analysis import STOP_WORDS, WORD, fold, stems

EXCERPT_CHARS = 1_000  # of a long text, where the passages are looked for
MAX_CANDIDATES = 1_000  # words checked while looking for the first match of a long text
CONTEXT_CHARS = 70  # around the first and the last marked word of a passage
PASSAGES = 2
BETWEEN = " … "


@dataclass(frozen=True)
class Marker:
    """The query's stems for one field, and a pattern for the words that may be indexed under one
    of them, accents and case aside: each stem's first letters (the stemmer sometimes changes the
    last ones: "indicateurs" -> indiqu, "différence" -> different, "payer" -> pai), checked one by
    one afterwards. With `exact`, the query's words as written, accents and case folded (a query
    of stop words alone, looked up in the exact words: they have no stem)."""

    stems: frozenset[str]
    candidates: re.Pattern[str]
    exact: bool = False


def marker(query_stems: Iterable[str], *, exact: bool = False) -> Marker | None:
    """None when the query has no stem (or word) in the field (a match in the title)."""
    found = frozenset(query_stems)
    if not found:
        return None
    prefixes = set(found) if exact else {stem[: max(3, len(stem) - 2)] for stem in found}
    if not exact:
        prefixes |= {stem[:-1] + "y" for stem in found if stem.endswith("i")}  # "payer" -> pai, "appuyer" -> appui
    pattern = re.compile("|".join(map(_accented, sorted(prefixes, key=len, reverse=True))), re.IGNORECASE)
    return Marker(found, pattern, exact)


def snippet(text: str, found: Marker, width: int) -> str:
    """Escaped HTML, the matched words in <mark>; "" when no word of the text matches."""
    excerpt = _excerpt(text, found, width)
    marks = list(_marks(excerpt, found))
    if not marks:
        return ""
    best = sorted(_passages(excerpt, marks, width), key=lambda passage: -passage.score)[:PASSAGES]
    return BETWEEN.join(passage.html(excerpt) for passage in sorted(best, key=lambda passage: passage.start))


Mark = tuple[int, int, str]  # start, end, the query stem the word is indexed under


def _marks(text: str, found: Marker, limit: int | None = None) -> Iterator[Mark]:
    """The words of `text` the index matched, in order: each candidate (a word starting like a
    stem) goes through the index's own analysis (lowercase, stop words out, stems); at most `limit`
    candidates are looked at."""
    for candidate in islice(found.candidates.finditer(text), limit):
        start = candidate.start()
        if _inside_a_word(text, start):
            continue
        word = WORD.match(text, start)
        assert word is not None  # a candidate starts with a letter
        lowered = word.group().lower()
        if found.exact:
            if fold(lowered) in found.stems:
                yield start, word.end(), fold(lowered)
            continue
        if lowered in STOP_WORDS:
            continue
        stem = next((stem for stem in stems(lowered) if stem in found.stems), None)
        if stem is not None:
            yield start, word.end(), stem


_WORD_CHAR = re.compile(r"\w")


def _inside_a_word(text: str, start: int) -> bool:
    """Whether `start` continues a word of the index's tokenizer (`analysis.WORD`: letters, digits
    and underscores, single dots between them), which the index never split there."""
    before = text[start - 1] if start else ""
    if before == "." and start > 1:
        before = text[start - 2]  # "fin.client" is one word, "fin. Client" two
    return bool(_WORD_CHAR.match(before)) if before else False


@dataclass
class _Passage:
    start: int
    end: int
    marks: list[Mark]

    @property
    def score(self) -> int:
        """Like Whoosh's BasicFragmentScorer: matches, times the distinct words matched."""
        return len(self.marks) * len({stem for _, _, stem in self.marks})

    def html(self, text: str) -> str:
        out: list[str] = []
        position = self.start
        for start, end, _ in self.marks:
            out.append(f"{escape(text[position:start])}<mark>{escape(text[start:end])}</mark>")
            position = end
        out.append(str(escape(text[position : self.end])))
        return "".join(out)


def _passages(text: str, marks: list[Mark], width: int) -> list[_Passage]:
    """Marked words grouped while a group spans at most `width` characters, then widened by up to
    CONTEXT_CHARS on each side, never past `width` in all nor into a neighbour, cut between words."""
    groups: list[list[Mark]] = []
    for mark in marks:
        if groups and mark[1] - groups[-1][0][0] <= width:
            groups[-1].append(mark)
        else:
            groups.append([mark])
    passages: list[_Passage] = []
    for number, group in enumerate(groups):
        start, end = group[0][0], group[-1][1]
        before = passages[-1].end if passages else 0  # passages never overlap
        after = groups[number + 1][0][0] if number + 1 < len(groups) else len(text)
        start = _word_start_from(text, max(before, start - min(CONTEXT_CHARS, width - (end - start))), start)
        end = _word_end_until(text, min(after, end + min(CONTEXT_CHARS, width - (end - start))), end)
        passages.append(_Passage(start, end, group))
    return passages


_WORD_START = re.compile(r"(?<!\w)\w")
_WORD_TAIL = re.compile(r"\W*\w*$")


def _word_start_from(text: str, cut: int, limit: int) -> int:
    """The first word start at or after `cut` (at most `limit`)."""
    found = _WORD_START.search(text, cut, limit)
    return found.start() if found is not None else limit


def _word_end_until(text: str, cut: int, limit: int) -> int:
    """The last word end at or before `cut` (at least `limit`), a word cut in two left out."""
    if cut < len(text) and text[cut].isalnum():
        tail = _WORD_TAIL.search(text, limit, cut)
        return tail.start() if tail is not None else limit
    return len(text[:cut].rstrip()) if cut > limit else limit


def _excerpt(text: str, found: Marker, width: int) -> str:
    """At most EXCERPT_CHARS of a long text, from a little before the query's first word in it (a
    word starting like one of its stems, accents and case aside): the passages are looked for
    there, so a long page costs little more than a short one. A text crowded with words that only
    start like the query's is looked at for MAX_CANDIDATES of them, then snippeted from its start."""
    if len(text) <= EXCERPT_CHARS:
        return text
    first = next(_marks(text, found, MAX_CANDIDATES), (0, 0, ""))[0]
    start = 0
    if first > width // 2:
        start = text.rfind(" ", 0, first - width // 2) + 1
    return text[start : start + EXCERPT_CHARS]


_LETTERS = {"a": "[aàâäá]", "c": "[cç]", "e": "[eéèêë]", "i": "[iîïí]", "n": "[nñ]", "o": "[oôöó]", "u": "[uùûüú]", "y": "[yÿ]"}
_LIGATURES = re.compile("(oe|ae)|(.)", re.S)


def _accented(folded: str) -> str:
    """A pattern matching what `fold` made `folded` from: "fidel" -> "f[iîïí]d[eéèêë]l"."""
    return "".join(
        ("(?:oe|œ)" if pair == "oe" else "(?:ae|æ)") if pair else _LETTERS.get(char, re.escape(char))
        for pair, char in _LIGATURES.findall(folded)
    )
