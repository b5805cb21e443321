"""Whoosh's segment writer, merging segments without sorting their postings again.

When a commit merges segments (Whoosh's MERGE_SMALL policy: every fifteenth commit or so, and
the end of a bulk import), the stock writer adds every posting of every merged segment to its
posting pool one by one, through five matcher calls each, then sorts them all with the new
documents' postings. A segment's postings are already in order, term by term, and its documents
keep their order in the merged segment (renumbered by an offset, or by the map that skips the
deleted ones): each merged segment is read here block by block, as one sorted stream, and the
streams are merged with the pool's own sorted postings. The files written are the same, byte for
byte (tests/search/test_index_files.py).

A rebuild in several processes uses Whoosh's multiprocessing writer with these writers in its
processes (`ParallelWriter`), so that their pool too writes its sorted runs in chunks.
"""
from __future__ import annotations

import heapq
from collections.abc import Iterator
from itertools import takewhile
from typing import Any

from whoosh import multiproc
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import Matcher
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from .pool import ChunkedPostingPool

Posting = tuple[str, bytes, int, float, Any]  # field, term, document number, weight, value bytes


class SortedStreamsPool(ChunkedPostingPool):
    """The pool, plus streams of postings already sorted, merged in when the postings are read."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.streams: list[Iterator[Posting]] = []  # (`runs` are the sorted files of its own postings)

    def iter_postings(self) -> Iterator[Posting]:
        if not self.streams:
            return super().iter_postings()  # type: ignore[no-any-return]
        return heapq.merge(super().iter_postings(), *self.streams)


class Writer(SegmentWriter):  # type: ignore[misc]
    """What every writer of the index is (search.index): Whoosh's, merging by streams."""

    def __init__(self, ix: Any, limitmb: int = 128, **kwargs: Any) -> None:
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = SortedStreamsPool(self._tempstorage, self.newsegment, limitmb=limitmb)
        self._merged: list[SegmentReader] = []

    def add_postings_to_pool(self, reader: SegmentReader, startdoc: int, docmap: dict[int, int] | None) -> None:
        # The merge policy closes `reader` right after this call; the stream is read at the
        # commit, from a reader of the same segment (and the same deletions) kept open till then.
        own = SegmentReader(self.storage, self.schema, reader.segment())
        self._merged.append(own)
        self.pool.streams.append(_postings(own, self.schema, startdoc, docmap))

    def _close_segment(self) -> None:
        super()._close_segment()
        for reader in self._merged:
            reader.close()
        self._merged.clear()


class ParallelWriter(MpWriter):  # type: ignore[misc]
    """Whoosh's multiprocessing writer (a rebuild with `procs` > 1), its sub-writers ours: past
    SEARCH_REBUILD_MEMORY_MB, their pool writes its sorted runs in chunks (search.pool) where
    Whoosh's sub-writers pickle each posting on its own (a 20k rebuild in two processes sorted in
    64 MB each: 815-850 -> 962-997 documents/s)."""

    def _new_task(self) -> SubWriterTask:
        task = _SubWriter(self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs, self.multisegment)
        self.tasks.append(task)
        task.start()
        return task


class _SubWriter(SubWriterTask):  # type: ignore[misc]
    def run(self) -> None:
        # In this process only (forked for the task): Whoosh's task loop opens its writer by this name.
        multiproc.SegmentWriter = Writer
        super().run()


def _postings(reader: SegmentReader, schema: Any, startdoc: int, docmap: dict[int, int] | None) -> Iterator[Posting]:
    """Every posting of a segment's live documents, renumbered, in the pool's order: by field
    name, term bytes, then document. The terms and their infos are read in the order of the
    segment's terms file (by field number, then term; private W3 attributes), so no term is
    looked up (a lookup cost more than reading its postings)."""
    terms = reader._terms
    deleted = reader.deleted_docs_set
    for fieldname in sorted(name for name in reader.indexed_field_names() if name in schema):
        format_ = schema[fieldname].format
        for (_field, term), info in takewhile(lambda item: item[0][0] == fieldname, terms.items_from(fieldname, b"")):
            matcher = terms._codec.postings_reader(terms._postfile, info, format_)
            for docnum, weight, value in _term_postings(matcher):
                if docnum in deleted:
                    continue
                yield fieldname, term, docmap[docnum] if docmap is not None else startdoc + docnum, weight, value


def _term_postings(matcher: Matcher) -> Iterator[tuple[int, float, Any]]:
    """A term's postings, those of deleted documents included, a block at a time."""
    if not isinstance(matcher, W3LeafMatcher):  # postings inlined in the term's info (none with the W3 settings we write)
        while matcher.is_active():
            yield matcher.id(), matcher.weight(), matcher.value()
            matcher.next()
        return
    while matcher.is_active():
        matcher._read_values()  # first: the whole block (search.codec.Postings reads less otherwise)
        matcher._read_ids()
        matcher._read_weights()
        yield from zip(matcher._ids, matcher._weights, matcher._values)
        matcher._next_block()
