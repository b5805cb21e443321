"""What our writers change in how Whoosh writes (search.codec, the rebuild's memory) must not change
what it writes: the same files, byte for byte; and what we read of them through Whoosh's private
attributes must be what Whoosh reads."""
from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher, W3PerDocReader
from whoosh.writing import PostingPool, SegmentWriter

from cherclient_wiki.search import codec, pool
from cherclient_wiki.search import index as search_index
from cherclient_wiki.search.codec import Codec, LengthsInMemory, Postings, posting_ids, stored_numbers
from cherclient_wiki.search.documents import Document
from cherclient_wiki.search.index import SearchIndex


def documents(count: int) -> list[Document]:
    """Fields of many lengths, and documents without some fields (no length, not a zero one)."""
    words = ["attente", "conseillère", "remboursement", "fidélité", "colis", "rappel", "accueil"]
    return [
        {"type": "story" if n % 3 else "page", "key": str(n), "title": f"Titre {words[n % 7]} {n}",
         "body": " ".join(words[(n * k) % 7] for k in range(n % 40)), "tag_names": ["Marque"] if n % 5 == 0 else []}
        for n in range(count)
    ]


def contents(index: SearchIndex) -> list[tuple[str, str]]:
    """Every segment file's kind and content (segment names are random; the table of contents names them)."""
    files = [path for path in index.live_dir.resolve().iterdir() if path.suffix not in (".toc", ".lock")]
    return sorted((path.suffix, hashlib.sha1(path.read_bytes()).hexdigest()) for path in files)


def test_the_index_is_the_stock_codecs_byte_for_byte(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Our codec, pool and writer (which merges segments by sorted streams) against Whoosh's own."""
    assert isinstance(search_index.WRITER_OPTIONS["codec"], Codec)  # what every writer uses
    written = []
    for name, codec, writer in (("ours", search_index.WRITER_OPTIONS["codec"], search_index.Writer), ("stock", W3Codec(), SegmentWriter)):
        monkeypatch.setitem(search_index.WRITER_OPTIONS, "codec", codec)
        monkeypatch.setattr(search_index, "Writer", writer)
        index = SearchIndex(tmp_path / name)
        index.rebuild(documents(300))
        rebuilt = contents(index)
        for n in range(12):  # enough small commits for Whoosh to merge some of them
            index.apply({f"page:{n * 3}": {**documents(1)[0], "key": str(n * 3), "body": "réponse rapide " * n}, f"story:{n * 3 + 1}": None})
        merged_small = contents(index)
        ix = whoosh_index.open_dir(str(index.live_dir.resolve()))  # then every segment merged into one:
        search_index.Writer(ix, **search_index.WRITER_OPTIONS).commit(optimize=True)  # deletions, lists of several blocks
        ix.close()
        written.append((rebuilt, merged_small, contents(index)))
    assert written[0] == written[1]
    assert len([suffix for suffix, _digest in written[0][2] if suffix == ".pst"]) == 1
    assert any(suffix == ".pst" for suffix, _digest in written[0][1])


def test_a_rebuild_sorted_on_disk_writes_the_index_sorted_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SEARCH_REBUILD_MEMORY_MB only moves where the postings are sorted (1 MB: on disk, in runs,
    each written in several chunks)."""
    monkeypatch.setattr(pool, "CHUNK", 97)
    runs = []
    monkeypatch.setattr(PostingPool, "_new_run", lambda pool, _new=PostingPool._new_run: runs.append(1) or _new(pool))
    roomy, tight = SearchIndex(tmp_path / "roomy"), SearchIndex(tmp_path / "tight", rebuild_memory_mb=1)
    roomy.rebuild(documents(800))
    assert not runs
    tight.rebuild(documents(800))
    assert len(runs) > 1
    assert contents(roomy) == contents(tight)


def test_the_processes_of_a_parallel_rebuild_sort_on_disk_with_our_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each process of a rebuild with `procs` > 1 is our writer: past its memory, its postings are
    sorted in runs written in chunks (search.pool), not one pickle per posting as Whoosh's own
    sub-writers do."""
    marks = tmp_path / "runs"
    marks.mkdir()
    write_run = pool.ChunkedPostingPool._write_run

    def marked(self: pool.ChunkedPostingPool, f: Any, items: Any) -> None:
        (marks / str(os.getpid())).touch()  # the forked processes inherit this patch
        write_run(self, f, items)

    monkeypatch.setattr(pool.ChunkedPostingPool, "_write_run", marked)
    index = SearchIndex(tmp_path / "index", rebuild_memory_mb=1)
    assert index.rebuild(documents(800), procs=2) == 800
    writers = {int(mark.name) for mark in marks.iterdir()}
    assert writers and os.getpid() not in writers


def test_a_terms_documents_read_by_blocks_are_whooshs_own(tmp_path: Path) -> None:
    """The facet counts read posting blocks through Whoosh's private attributes (search.codec):
    every term of every field, in segments with deletion marks, long lists of several blocks and
    terms of one document, must give Whoosh's own documents plus those marked deleted."""
    index = SearchIndex(tmp_path / "index")
    index.rebuild(documents(700))
    for n in range(6):
        index.apply({f"page:{n * 3}": {**documents(1)[0], "key": str(n * 3), "body": f"réponse unique{n} " * n}, f"story:{n * 3 + 1}": None})
    sizes, checked = set(), 0
    with index.searcher() as searcher:
        leaves = [leaf for leaf, _offset in searcher.leaf_searchers()]
        assert len(leaves) > 1 and any(leaf.reader().has_deletions() for leaf in leaves)
        for leaf in leaves:
            reader, deleted = leaf.reader(), leaf.reader().deleted_docs_set
            for fieldname, term in reader.all_terms():
                if fieldname == "date":  # not a field a count reads (its terms are not text)
                    continue
                text = reader.schema[fieldname].from_bytes(term)
                read = posting_ids(reader, fieldname, text)
                assert list(read) == sorted(read)
                whoosh = list(leaf.docs_for_query(wq.Term(fieldname, text)))
                assert sorted(set(read) - deleted) == whoosh
                assert set(read) - set(whoosh) <= deleted
                sizes.add(len(read))
                checked += 1
    assert checked > 1000 and 1 in sizes and max(sizes) > 2 * 128  # one document; several blocks


@pytest.mark.parametrize("numbers", [(0, 1, 255), (7, 256, 65_535, 3), (65_536, 1, 2_000_000_000, 0), tuple(range(128))])
def test_a_blocks_numbers_are_read_from_its_first_bytes(numbers: tuple[int, ...]) -> None:
    """Numbers of every width (1, 2 and 4 bytes pickled), as Whoosh pickles a block: only what
    precedes the weights and positions is read; a tuple of three or fewer has no MARK and is
    left to Whoosh's own reading."""
    pickled = pickle.dumps((numbers, (1.0,) * len(numbers), (b"\x01\x02",) * len(numbers)), 2)
    head = pickled[:4 + 5 * len(numbers)]
    assert stored_numbers(head) == (numbers if len(numbers) > 3 else None)



def postings(matcher: Any, values: bool) -> list[tuple[int, float, Any]]:
    found = []
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight(), matcher.value() if values else None))
        matcher.next()
    return found


def test_postings_read_from_the_start_of_their_blocks_are_whooshs_own(tmp_path: Path) -> None:
    """Scoring reads a block's numbers and weights from the start of its data (search.codec.Postings),
    its positions only when a phrase asks: every posting of every term as Whoosh's own matcher
    reads it, numbers and weights alone, then with the positions."""
    index = SearchIndex(tmp_path / "index")
    index.rebuild(documents(700))
    weights: set[str] = set()
    with index.searcher() as searcher:
        reader = searcher.reader()
        for fieldname, term in reader.all_terms():
            info, format_ = reader.term_info(fieldname, term), reader.schema[fieldname].format
            ours = reader.postings(fieldname, term)
            assert isinstance(ours, Postings)
            scored = []
            while ours.is_active():
                scored.append((ours.id(), ours.weight(), None))
                if ours._i == 0 and ours._blocklength > 3:  # a tuple of more than three opens with MARK
                    assert ours._data[2] is codec._UNREAD  # read from the start, positions left
                    weights.add(type(ours._data[1]).__name__)
                ours.next()
            assert scored == postings(W3LeafMatcher(ours._postfile, *info.extent(), format_), values=False)
            with_values = postings(reader.postings(fieldname, term), values=True)
            assert with_values == postings(W3LeafMatcher(ours._postfile, *info.extent(), format_), values=True)
    assert weights >= {"NoneType", "tuple"}  # every weight 1 (pickled as None), and varied weights


def test_field_lengths_read_at_once_are_whooshs_own(tmp_path: Path) -> None:
    """Scoring and writing ask each document's field lengths (search.codec.LengthsInMemory reads a
    field's whole column at once): every document of every field as Whoosh's own reader answers,
    documents without the field, or past the column's last stored length, included."""
    index = SearchIndex(tmp_path / "index")
    index.rebuild(documents(300) + [{"type": "page", "key": "last", "title": "Sans corps"}])
    with index.searcher() as searcher:
        reader = searcher.reader()
        ours, stock = reader._perdoc, W3PerDocReader(reader._storage, reader.segment())
        assert isinstance(ours, LengthsInMemory)
        answers = {(docnum, fieldname): ours.doc_field_length(docnum, fieldname)
                   for docnum in range(reader.doc_count_all()) for fieldname in reader.schema.names()}
        try:
            assert answers == {key: stock.doc_field_length(*key) for key in answers}
        finally:
            stock.close()
        assert answers[(reader.doc_count_all() - 1, "body")] is None and answers[(0, "body")] is None  # no body: no length
        assert max(answers.values(), key=lambda length: length or 0) > 30
