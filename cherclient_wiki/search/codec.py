"""Whoosh's codec, with a new segment's field lengths read once into memory while its postings are
written; and a term's documents read block by block.

Writing a segment's postings (a commit, a merge, a rebuild) asks, for every posting, the length of
its field in its document: Whoosh keeps each posting block's shortest and longest document for its
scoring bounds. The stock reader answers each question with a seek and a one-byte read of the
lengths file (or, for a field without lengths, looks for the file again), about a fifth of a
rebuild's time (cProfile, 4,000 documents). The files written are the same, byte for byte
(tests/search/test_index_files.py).

Scoring a query reads each block's document numbers and weights: `Postings` decompresses and
unpickles only the start of the block, where they are, and the positions when a phrase asks.

The facet counts read every document of a query's terms (search.whoosh_search). Whoosh's matcher
gives them one by one, five Python calls each, after decompressing and unpickling each block
whole: its document numbers, weights and positions (most of the bytes: each position list is
pickled as a call to `_codecs.encode`). `posting_ids` decompresses only the start of each block,
where the numbers are, and unpickles them alone: 131 -> 18 µs a block of 128 postings.
"""
from __future__ import annotations

import pickle
import re
import zlib
from array import array
from itertools import accumulate
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3LeafMatcher, W3PerDocReader, _lenfield
from whoosh.filedb.filestore import Storage
from whoosh.matching import Matcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import IndexReader, TermNotFound
from whoosh.util.numeric import byte_to_length


class LengthsInMemory(W3PerDocReader):  # type: ignore[misc]
    """A segment's per-document reader whose field lengths come from one read of each column."""

    def __init__(self, storage: Storage, segment: object) -> None:
        super().__init__(storage, segment)
        self._lengths: dict[str, bytes] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        lengths = self._lengths.get(fieldname)
        if lengths is None:  # a field without lengths (an ID, a keyword) is remembered too
            column = self._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            lengths = self._lengths[fieldname] = _column_bytes(column) if column is not None else b""
        if not lengths:
            return default
        # As the stock reader: a document without the field has no length (None), not 0.
        return byte_to_length(lengths[docnum]) if lengths[docnum] else None


def _column_bytes(column: Any) -> bytes:
    """A lengths column (one byte a document) in one read: Whoosh's `load` reads it a document at
    a time, which every searcher opened after a commit paid for each field it scored (at 100k
    documents, most of the 440 ms of a first search after a save). The column stores the bytes
    up to its last non-default one (private attributes of Whoosh's NumericColumn reader)."""
    if column._fixedlen != 1:
        return bytes(column.load())
    stored = column._dbfile.get(column._basepos, column._count)
    return stored + bytes([column._default]) * (column._doccount - column._count)


class Codec(W3Codec):  # type: ignore[misc]
    """What our writers write with (search.index.WRITER_OPTIONS), and, named in each segment's
    table of contents, what its readers read with."""

    def per_document_reader(self, storage: Storage, segment: object) -> LengthsInMemory:
        return LengthsInMemory(storage, segment)

    def postings_reader(self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None, scorer: Any = None) -> Matcher:
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        offset, length = terminfo.extent()
        return Postings(dbfile, offset, length, format_, term=term, scorer=scorer)


# A block's data is the pickle (protocol 2) of (numbers, weights, values), the numbers stored as
# differences: a tuple of small integers (1, 2 or 4 bytes each) between MARK and TUPLE; the
# weights None (all 1), one float, or a tuple of them; then the values (positions).
_INTEGER = rb"(?:K.|M..|J....)"
_NUMBERS = re.compile(rb"\x80\x02\(" + _INTEGER + rb"*t", re.DOTALL)
_NUMBERS_AND_WEIGHTS = re.compile(rb"\x80\x02(\(" + _INTEGER + rb"*t)(?:q.)?(N|G.{8}|\((?:G.{8}|" + _INTEGER + rb")*t)", re.DOTALL)
_LONGEST_NUMBER = 5  # opcode and 4 bytes
_LONGEST_WEIGHT = 9  # opcode and a double
_UNREAD = object()  # a block's values, not read yet


class Postings(W3LeafMatcher):  # type: ignore[misc]
    """Whoosh's posting matcher, reading a block's numbers and weights (all that scoring needs)
    from the start of its data, its values (positions: most of its bytes, the costliest to
    unpickle) only when asked (a phrase)."""

    def _read_ids(self) -> None:
        if self._data is None:
            self._read_head()
        super()._read_ids()

    def _read_weights(self) -> None:
        if self._data is None:
            self._read_head()
        super()._read_weights()

    def _read_values(self) -> None:
        if self._data is not None and self._data[2] is _UNREAD:
            self._data = None  # read whole
        super()._read_values()

    def _read_head(self) -> None:
        head = _block_start(self, 16 + (_LONGEST_NUMBER + _LONGEST_WEIGHT) * self._blocklength)
        found = _NUMBERS_AND_WEIGHTS.match(head) if not self._byteids else None
        if found is None:
            self._read_data()
            return
        numbers, weights = (pickle.loads(b"\x80\x02" + part + b".") for part in found.groups())
        self._data = (numbers, weights, _UNREAD)


def posting_ids(reader: IndexReader, fieldname: str, text: str) -> array[int]:
    """The numbers of the documents of one segment holding a term, those marked deleted included
    (the caller takes them away)."""
    matcher = term_matcher(reader, fieldname, text)
    if matcher is None:
        return array("i")
    if not isinstance(matcher, W3LeafMatcher):  # postings inlined in the term's info (none with the W3 settings we write)
        return array("i", matcher.all_ids())
    found = array("i")
    while matcher.is_active():
        found.extend(accumulate(_block_numbers(matcher)))  # stored as differences
        matcher._next_block()
    return found


def term_matcher(reader: IndexReader, fieldname: str, text: str | bytes) -> Matcher | None:
    """A term's postings in one segment, those of documents marked deleted included (without the
    deletion marks' filter); None for a term the segment does not have."""
    try:
        matcher = reader.postings(fieldname, text)
    except TermNotFound:
        return None
    return matcher.child if isinstance(matcher, FilterMatcher) else matcher


def _block_numbers(matcher: W3LeafMatcher) -> tuple[int, ...]:
    """The current block's document numbers (as stored: differences), read from the start of its
    data; the whole block is read as Whoosh does for a pickle of any other shape (a block of one
    to three postings is pickled without MARK)."""
    numbers = stored_numbers(_block_start(matcher, 4 + _LONGEST_NUMBER * matcher._blocklength))
    if numbers is not None:
        return numbers
    matcher._read_data()
    return matcher._data[0]  # type: ignore[no-any-return]


def _block_start(matcher: W3LeafMatcher, length: int) -> bytes:
    """The current block's data, decompressed up to `length` bytes at most."""
    data = matcher._postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
    return zlib.decompressobj().decompress(data, length) if matcher._compression else data  # type: ignore[no-any-return]


def stored_numbers(head: bytes) -> tuple[int, ...] | None:
    """The first tuple of a block's pickled data, from its first bytes; None when it is not a
    tuple of integers opened with MARK."""
    numbers = _NUMBERS.match(head)
    return pickle.loads(head[:numbers.end()] + b".") if numbers is not None else None
