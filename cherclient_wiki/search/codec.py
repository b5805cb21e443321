"""Whoosh's codec, with a new segment's field lengths read once into memory while its postings are
written; and a term's documents read block by block.

Writing a segment's postings (a commit, a merge, a rebuild) asks, for every posting, the length of
its field in its document: Whoosh keeps each posting block's shortest and longest document for its
scoring bounds. The stock reader answers each question with a seek and a one-byte read of the
lengths file (or, for a field without lengths, looks for the file again), about a fifth of a
rebuild's time (cProfile, 4,000 documents). The files written are the same, byte for byte
(tests/search/test_index_files.py); readers open segments with the stock codec.

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
            lengths = self._lengths[fieldname] = bytes(column.load()) if column is not None else b""
        if not lengths:
            return default
        # As the stock reader: a document without the field has no length (None), not 0.
        return byte_to_length(lengths[docnum]) if lengths[docnum] else None


class Codec(W3Codec):  # type: ignore[misc]
    """What our writers write with (search.index.WRITER_OPTIONS)."""

    def per_document_reader(self, storage: Storage, segment: object) -> LengthsInMemory:
        return LengthsInMemory(storage, segment)


# A block's data is the pickle (protocol 2) of (numbers, weights, values), the numbers stored as
# differences: a tuple of small integers (1, 2 or 4 bytes each) between MARK and TUPLE.
_NUMBERS = re.compile(rb"\x80\x02\((?:K.|M..|J....)*t", re.DOTALL)
_LONGEST_NUMBER = 5  # opcode and 4 bytes


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
    data = matcher._postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
    head = data
    if matcher._compression:
        head = zlib.decompressobj().decompress(data, 4 + _LONGEST_NUMBER * matcher._blocklength)
    numbers = stored_numbers(head)
    if numbers is not None:
        return numbers
    matcher._read_data()
    return matcher._data[0]  # type: ignore[no-any-return]


def stored_numbers(head: bytes) -> tuple[int, ...] | None:
    """The first tuple of a block's pickled data, from its first bytes; None when it is not a
    tuple of integers opened with MARK."""
    numbers = _NUMBERS.match(head)
    return pickle.loads(head[:numbers.end()] + b".") if numbers is not None else None
