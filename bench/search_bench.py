"""Search benchmark: our indexing layer vs raw Whoosh on the same index vs SQLite FTS5, one run.

    .venv/bin/python bench/search_bench.py                       # 10k documents (~2 min)
    .venv/bin/python bench/search_bench.py --sizes 10000,100000  # both sizes (100k: ~5 min CPU to build)

For each size, on the same generated French corpus (words drawn from the seed pages with a Zipf
law, so frequent and rare words mix as in real text):
- build throughput: our `SearchIndex.rebuild` (French analysis, 4 analysed fields + title n-grams)
  and an FTS5 table (unicode61, diacritics removed);
- single-update latency: one changed document made searchable (our `apply`: one Whoosh commit;
  FTS5: UPDATE + COMMIT);
- query latency p50/p95 over the same queries: raw Whoosh on the same index running the very
  query tree we build (top 10, no counts, facets or snippets: the engine's own cost, the ratio's
  denominator; it reads the segments with the codec they name, ours, whose posting matcher skips
  the positions when scoring), the same with Whoosh's stock posting matcher, and QueryParser on
  `body` alone; our `searching.search` (lenient parsing,
  synonyms, counts, facets, highlighted snippets, outbox check), `GET /search` (HTML) and
  `GET /api/v1/search` through the Flask test client (the whole request, in process: no socket),
  each with the facet counts and the remembered term documents forgotten before every query (a
  visitor's first query on a searcher that never saw its words), the API again with only the
  counts forgotten (words searched before: the term documents remembered), and with the counts
  cached; FTS5 (MATCH, bm25 order, snippet()). The six measures of one query run in a row, the
  first of them a different one for each query (the first pays what the others find warm: the
  stems of the query's words, the stored fields of its hits);
- each query again right after a save (one document changed and committed): raw Whoosh opening a
  searcher on the new generation and running our query tree, then the API (its own searcher
  reopened; counts and term documents kept for the segments the commit did not touch).
"""
from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUERIES = 120
UPDATES = 20
SEED = 20261201


# ---- the corpus --------------------------------------------------------------------------------


def vocabulary() -> list[str]:
    words: dict[str, int] = {}
    for page in sorted((ROOT / "pages").glob("*.md")):
        for word in re.findall(r"[^\W\d_]{3,}", page.read_text(encoding="utf-8").lower()):
            words[word] = words.get(word, 0) + 1
    return sorted(words, key=lambda word: (-words[word], word))


class Corpus:
    """Deterministic documents in the providers' format."""

    def __init__(self, size: int) -> None:
        self.rng = random.Random(SEED)
        self.words = vocabulary()
        self.weights = [1.0 / (rank + 1) for rank in range(len(self.words))]  # Zipf
        self.brands = [f"Marque{n}" for n in range(300)]
        self.size = size
        self.start = datetime(2020, 1, 1)

    def text(self, count: int) -> str:
        return " ".join(self.rng.choices(self.words, self.weights, k=count))

    def document(self, n: int) -> dict[str, object]:
        is_story = n % 10 < 7
        brands = self.rng.sample(self.brands, 1 + (n % 3 == 0)) if is_story else []
        title = self.text(self.rng.randint(3, 7)).capitalize()
        sentences = [self.text(self.rng.randint(8, 20)).capitalize() + "." for _ in range(self.rng.randint(4, 12))]
        return {
            "type": "story" if is_story else "page",
            "key": str(n),
            "ref": str(n),
            "title": title,
            "body": " ".join(sentences),
            "tag_names": brands,
            "brands": [brand.lower() for brand in brands],
            "categories": [],
            "kind": "love" if is_story else "",
            "author": f"auteur{n % 500}",
            "date": self.start + timedelta(minutes=n),
        }

    def documents(self) -> list[dict[str, object]]:
        return [self.document(n) for n in range(self.size)]

    def queries(self) -> list[str]:
        """One to three words; a third of them only among the 2,000 most frequent words."""
        rng = random.Random(SEED + 1)
        common = self.words[:2000]
        out = []
        for n in range(QUERIES):
            pool = common if n % 3 == 0 else self.words[:300]
            out.append(" ".join(rng.sample(pool, rng.randint(1, 3))))
        return out


# ---- measuring ---------------------------------------------------------------------------------


Timing = tuple[float, float]  # (wall clock, CPU of this process), seconds


def percentiles(samples: list[Timing]) -> tuple[Timing, Timing]:
    """(p50, p95), each as (wall, cpu) taken separately."""
    def pick(values: list[float]) -> tuple[float, float]:
        ordered = sorted(values)
        return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]

    (wall50, wall95), (cpu50, cpu95) = pick([w for w, _ in samples]), pick([c for _, c in samples])
    return (wall50, cpu50), (wall95, cpu95)


def median(samples: list[Timing]) -> Timing:
    return statistics.median(w for w, _ in samples), statistics.median(c for _, c in samples)


def timed(function, *args) -> Timing:  # type: ignore[no-untyped-def]
    """Wall clock and CPU: on a shared machine the CPU time is the figure that does not depend on
    what else is running."""
    wall, cpu = time.perf_counter(), time.process_time()
    function(*args)
    return time.perf_counter() - wall, time.process_time() - cpu


def forget_counts(terms: bool = True) -> None:
    """Every measured query pays its facet counts, as a visitor's first query does; with `terms`,
    also the decoding of its terms' documents, as on a searcher that never saw those words (the
    columns stay read: a process reads them once per segment)."""
    from cherclient_wiki.search import whoosh_search

    for segment in whoosh_search._memory.segments.values():
        segment.counts.clear()
        if terms:
            segment.terms.clear()
    if terms:
        whoosh_search._memory.terms_size = 0


def bench_ours(workdir: Path, documents: list[dict[str, object]], queries: list[str]) -> dict[str, Any]:
    os.environ["CHERCLIENT_INSTANCE_PATH"] = str(workdir / "instance")
    from flask_migrate import upgrade

    from cherclient_wiki import create_app
    from cherclient_wiki.core.db import db
    from cherclient_wiki.search import searching
    from cherclient_wiki.search.index import uid

    app = create_app({"DATABASE_URL": "sqlite:///" + str(workdir / "bench.sqlite3"), "SERVER_NAME": "localhost"})
    with app.app_context():
        upgrade(revision="heads")
        index = app.extensions["search"]
        build = timed(index.rebuild, documents)
        updates = []
        for n in range(UPDATES):
            changed = dict(documents[n * 7], title=f"Mise à jour numéro {n}")
            updates.append(timed(index.apply, {uid(str(changed["type"]), str(changed["key"])): changed}))
        with app.test_request_context():
            searching.search(queries[0])  # warm the caches, as a running site has them
        client = app.test_client()
        same, stock, body = raw_whoosh(app, index.live_dir.resolve(), queries)
        samples: dict[str, list[Timing]] = {"same": [], "stock": [], "body": [], "function": [], "html": [], "api": [], "api, words": [], "api, warm": []}

        def function(text: str) -> None:
            with app.test_request_context():
                searching.search(text)

        measures: list[tuple[str, Callable[[], object]]] = [
            ("same", lambda: same(n)), ("stock", lambda: stock(n)), ("body", lambda: body(n)), ("function", lambda: function(text)),
            ("html", lambda: client.get("/search", query_string={"q": text})),
            ("api", lambda: client.get("/api/v1/search", query_string={"q": text})),
        ]
        for n, text in enumerate(queries):  # every measure of a query in a row: the machine's drift hits them all alike
            for name, call in measures[n % len(measures):] + measures[:n % len(measures)]:  # and whichever runs first
                forget_counts()  # pays what the others find warm (the stems of its words, its stored fields) in turn
                samples[name].append(timed(call))
            forget_counts(terms=False)
            samples["api, words"].append(timed(lambda q: client.get("/api/v1/search", query_string={"q": q}), text))
            samples["api, warm"].append(timed(lambda q: client.get("/api/v1/search", query_string={"q": q}), text))
        samples["saved, raw"], samples["saved, api"] = after_saves(app, index, documents, queries, client)
        db.engine.dispose()
    size = sum(path.stat().st_size for path in index.live_dir.resolve().iterdir())
    return {"build": build, "update": median(updates), "bytes": size, "dir": index.live_dir.resolve(),
            "queries": percentiles(samples["function"]),
            **{name: percentiles(values) for name, values in samples.items()}, "app": app}


def query_trees(app: Any, queries: list[str]) -> list[Any]:
    """The Whoosh query tree `searching` builds for each query (with the site's synonyms)."""
    from cherclient_wiki.search import synonyms
    from cherclient_wiki.search.query import full_query, parse

    with app.test_request_context():
        groups = synonyms.groups()
    return [full_query(parse(text, groups)) for text in queries]


def after_saves(app: Any, index: Any, documents: list[dict[str, object]], queries: list[str], client: Any) -> tuple[list[Timing], list[Timing]]:
    """Each query right after a save (one document changed, one Whoosh commit, not timed), as on a
    site being written to: raw Whoosh opens a searcher on the new generation and runs our query
    tree, then the API answers (reopening its searcher; what it derived from the segments the
    commit left alone is kept)."""
    from cherclient_wiki.search.index import uid

    trees = query_trees(app, queries)
    raw: list[Timing] = []
    api: list[Timing] = []
    for n, text in enumerate(queries):
        changed = dict(documents[(n * 83) % len(documents)], title=f"Modifiée {n}")
        index.apply({uid(str(changed["type"]), str(changed["key"])): changed})

        def engine(tree: Any = trees[n]) -> None:
            with index.searcher() as searcher:
                searcher.search(tree, limit=10).top_n

        raw.append(timed(engine))
        api.append(timed(lambda q: client.get("/api/v1/search", query_string={"q": q}), text))
    return raw, api


def raw_whoosh(app: Any, index_dir: Path, queries: list[str]) -> tuple[Callable[[int], object], ...]:
    """Raw Whoosh on the same index, query n: our query tree (what the engine costs for the very
    same query: top 10, no counts, facets or snippets), read with the codec our segments name
    (search.codec: its posting matcher and field lengths), the denominator of every ratio; the
    same with Whoosh's stock posting matcher; and QueryParser on `body` alone."""
    from whoosh import index
    from whoosh.codec.whoosh3 import W3Codec
    from whoosh.qparser import QueryParser

    from cherclient_wiki.search.codec import Codec

    searcher = index.open_dir(str(index_dir)).searcher()
    parser = QueryParser("body", searcher.schema)
    trees = query_trees(app, queries)
    searcher.search(parser.parse(queries[0]), limit=10)

    def stock(n: int) -> object:
        ours = Codec.postings_reader
        Codec.postings_reader = W3Codec.postings_reader
        try:
            return searcher.search(trees[n], limit=10).top_n
        finally:
            Codec.postings_reader = ours

    return (lambda n: searcher.search(trees[n], limit=10).top_n), stock, (lambda n: searcher.search(parser.parse(queries[n]), limit=10).top_n)


def query_latencies(app: Any, queries: list[str]) -> tuple[Timing, Timing]:
    """(p50, p95) of the full `searching.search`, whichever backend the app has."""
    from cherclient_wiki.search import searching

    with app.test_request_context():
        searching.search(queries[0])  # warm the caches, as a running site has them
    samples = []
    for text in queries:
        with app.test_request_context():
            samples.append(timed(searching.search, text))
    return percentiles(samples)


def bench_fts5(workdir: Path, documents: list[dict[str, object]], queries: list[str]) -> dict[str, Any]:
    connection = sqlite3.connect(workdir / "fts.sqlite3")
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='unicode61 remove_diacritics 2')")
    def insert_all() -> None:
        with connection:
            connection.executemany(
                "INSERT INTO docs(rowid, title, body) VALUES (?, ?, ?)",
                ((int(doc["key"]), doc["title"], doc["body"]) for doc in documents),
            )

    build = timed(insert_all)
    updates = []
    for n in range(UPDATES):
        def update(n: int = n) -> None:
            with connection:
                connection.execute("UPDATE docs SET title = ? WHERE rowid = ?", (f"Mise à jour numéro {n}", n * 7))
        updates.append(timed(update))
    sql = "SELECT rowid, snippet(docs, 1, '<mark>', '</mark>', '…', 20) FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 10"
    samples = []
    for text in queries:
        match = " ".join('"' + word.replace('"', "") + '"' for word in text.split())
        samples.append(timed(lambda m: connection.execute(sql, (m,)).fetchall(), match))
    connection.close()
    return {"build": build, "update": median(updates), "queries": percentiles(samples)}


def ms(value: Timing) -> str:
    return f"{value[0] * 1000:7.1f} / {value[1] * 1000:6.1f} ms"


def run(size: int) -> None:
    corpus = Corpus(size)
    documents = corpus.documents()
    queries = corpus.queries()
    workdir = Path(tempfile.mkdtemp(prefix=f"search-bench-{size}-"))
    load = os.getloadavg()[0]
    try:
        ours = bench_ours(workdir, documents, queries)
        fts = bench_fts5(workdir, documents, queries)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    words = sum(len(str(doc["body"]).split()) for doc in documents) / size
    print(f"\n== {size:,} documents, {words:.0f} words each on average; load average {load:.1f} -> {os.getloadavg()[0]:.1f}"
          " (shared machine); wall / CPU of this process, x = wall ratio to raw Whoosh on the same query")
    build = ours["build"]
    print(f"build       ours {size / build[0]:6.0f} docs/s wall ({build[0]:.0f} s, index {ours['bytes'] / 2**20:.0f} MiB)"
          f" | FTS5 {size / fts['build'][0]:6.0f} docs/s")
    print(f"update      ours {ms(ours['update'])} | FTS5 {ms(fts['update'])}")
    (same50, same95), (body50, body95), (f50, f95) = ours["same"], ours["body"], fts["queries"]
    print(f"{'query':<24}{'p50 wall / CPU':>22}{'x':>6}{'p95 wall / CPU':>22}{'x':>6}")
    rows = [("raw Whoosh, same query", same50, same95), ("  stock posting matcher", *ours["stock"]), ("raw Whoosh, body only", body50, body95),
            ("searching.search()", *ours["function"]), ("GET /search (HTML)", *ours["html"]),
            ("GET /api/v1/search", *ours["api"]), ("  same, words seen", *ours["api, words"]),
            ("  same, counts cached", *ours["api, warm"]), ("FTS5", f50, f95)]
    for name, p50, p95 in rows:
        print(f"{name:<24}{ms(p50):>22}{p50[0] / same50[0]:6.2f}{ms(p95):>22}{p95[0] / same95[0]:6.2f}")
    (raw50, raw95), (api50, api95) = ours["saved, raw"], ours["saved, api"]
    print("right after a save (x = ratio to raw Whoosh opening a searcher after the same save):")
    for name, p50, p95, base50, base95 in (("raw Whoosh, new searcher", raw50, raw95, raw50, raw95),
                                           ("GET /api/v1/search", api50, api95, raw50, raw95)):
        print(f"{name:<24}{ms(p50):>22}{p50[0] / base50[0]:6.2f}{ms(p95):>22}{p95[0] / base95[0]:6.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000", help="comma-separated document counts (10000,100000 for both)")
    args = parser.parse_args()
    import whoosh

    print(f"Whoosh {whoosh.versionstring()} (Whoosh-Reloaded), SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}")
    print(f"{QUERIES} queries and {UPDATES} single updates per size")
    for size in (int(part) for part in args.sizes.split(",")):
        run(size)


if __name__ == "__main__":
    main()
