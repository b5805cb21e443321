"""Index build rate (issue 13's goal: 1,500 documents/s, a 100k rebuild in under 2 minutes), ours
against Whoosh's stock writer on the same documents, in one run.

    .venv/bin/python bench/index_build_bench.py [--size 10000] [--procs 1,3] [--rounds 2]

Documents: search_bench.py's generated corpus (Zipf words of the seed pages, ~100 words each),
made before any clock starts. Each configuration builds a whole index with `SearchIndex.rebuild`
in a fresh folder, configurations alternating within each round; the best round is kept. The
baseline is Whoosh's stock writer, codec, posting formats, posting pool and memory limit (128 MB per
process), everything else equal.
Also printed: the peak memory of the process and of its forked writers (ru_maxrss, so far).
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

from search_bench import Corpus  # noqa: E402
from whoosh.codec.whoosh3 import W3Codec  # noqa: E402
from whoosh.fields import Schema  # noqa: E402
from whoosh.multiproc import MpWriter  # noqa: E402
from whoosh.writing import SegmentWriter  # noqa: E402

from cherclient_wiki.search import formats  # noqa: E402
from cherclient_wiki.search import index as search_index  # noqa: E402
from cherclient_wiki.search.index import build_schema  # noqa: E402

STOCK = {"codec": W3Codec(), "limitmb": 128}


def stock_schema() -> Schema:
    """Our schema with Whoosh's own posting formats: each text run token by token through its
    analyzer's chain (ours count the analyzers' one-pass terms, search.formats)."""
    schema = build_schema()
    for name, field in schema.items():
        if isinstance(field.format, (formats.Positions, formats.Frequency)):
            stock_format = next(kind for kind in type(field.format).__mro__ if kind.__module__ == "whoosh.formats")
            field.format = stock_format(field_boost=field.format.field_boost)
    return schema


def build(documents: list[dict[str, object]], procs: int, stock: bool) -> float:
    """Seconds for one rebuild into a fresh folder."""
    saved, writer, parallel = dict(search_index.WRITER_OPTIONS), search_index.Writer, search_index.ParallelWriter
    with tempfile.TemporaryDirectory() as folder:
        index = search_index.SearchIndex(Path(folder))
        if stock:
            search_index.WRITER_OPTIONS.update(codec=STOCK["codec"])
            search_index.Writer = SegmentWriter
            search_index.ParallelWriter = MpWriter
            search_index.build_schema = stock_schema
            index.rebuild_memory_mb = STOCK["limitmb"]
        try:
            started = time.perf_counter()
            index.rebuild(documents, procs=procs)
            return time.perf_counter() - started
        finally:
            search_index.WRITER_OPTIONS.update(saved)
            search_index.Writer = writer
            search_index.ParallelWriter = parallel
            search_index.build_schema = build_schema


def peak_mb(who: int) -> int:
    return resource.getrusage(who).ru_maxrss // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--procs", default="1,3")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    documents = Corpus(args.size).documents()
    best: dict[tuple[int, bool], float] = {}
    for _round in range(args.rounds):
        for procs in [int(p) for p in args.procs.split(",")]:
            for stock in (True, False):
                seconds = build(documents, procs, stock)
                best[procs, stock] = min(best.get((procs, stock), seconds), seconds)
                print(f"  procs {procs} {'stock' if stock else 'ours '}: {args.size / seconds:6.0f} docs/s "
                      f"(peak RSS so far: parent {peak_mb(resource.RUSAGE_SELF)} MB, writers {peak_mb(resource.RUSAGE_CHILDREN)} MB)", flush=True)
    print(f"\nIndex build, {args.size} documents, best of {args.rounds} rounds")
    print(f"{'procs':>5} {'stock docs/s':>13} {'ours docs/s':>12} {'× stock':>8} {'ours, time':>11}")
    for procs in [int(p) for p in args.procs.split(",")]:
        stock, ours = best[procs, True], best[procs, False]
        print(f"{procs:>5} {args.size / stock:13.0f} {args.size / ours:12.0f} {stock / ours:8.2f} {ours:10.1f}s")
    print("(goal: 1,500 documents/s)")


if __name__ == "__main__":
    main()
