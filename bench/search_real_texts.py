"""Search on the real texts: the seed pages (300 to 725 words) and the hand-written demo stories,
the 49 queries of the relevance set plus seven common words, Whoosh backend, one process.

    .venv/bin/python bench/search_real_texts.py

bench/search_bench.py measures scale on generated documents of about 110 words; real wiki pages
are several times longer, and what a search costs beyond the engine (the snippets above all)
grows with the length of the texts shown. Printed, CPU time of this process (the figure that does
not depend on what else the machine runs), p50 / p95 over the queries, and each line's ratio to
the baseline measured in the same run, raw Whoosh running our query tree (top 10, nothing else):
`searching.search()` whole, and the sum over all queries of its three steps (top 10 scored,
counts, snippets and hits). Each query is asked once to warm the caches, then measured with the
facet counts forgotten (a visitor's first query).
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from search_bench import Timing, forget_counts, percentiles, timed  # noqa: E402

from tests.search.test_relevance import CASES  # noqa: E402

COMMON = ["client", "service client", "fidélité", "conseiller", "réclamation", "entreprise", "satisfaction"]
ROUNDS = 5


def site() -> Any:
    from flask_migrate import upgrade

    from cherclient_wiki import create_app
    from cherclient_wiki.accounts import users
    from cherclient_wiki.accounts.roles import Role
    from cherclient_wiki.wiki.cli import load_seed_pages
    from tests.search.conftest import load_demo_stories, story_maker

    folder = tempfile.mkdtemp(prefix="search-real-")
    os.environ["CHERCLIENT_INSTANCE_PATH"] = folder
    app = create_app({"DATABASE_URL": f"sqlite:///{folder}/site.sqlite3", "SERVER_NAME": "localhost", "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade(revision="heads")
        load_seed_pages()
        load_demo_stories(story_maker(users.create_user("conteuse", "conteuse@example.org", "mot-de-passe-long", Role.CUSTOMER)))
    return app


def main() -> None:
    from cherclient_wiki.search import searching, synonyms, whoosh_search
    from cherclient_wiki.search.query import full_query, parse

    app = site()
    queries = [query for query, _ in CASES] + COMMON
    steps: dict[str, float] = defaultdict(float)
    for name in ("_top", "_counts", "_fill"):
        def timed_step(*args: Any, _step: Any = getattr(whoosh_search, name), _name: str = name) -> Any:
            started = time.process_time()
            try:
                return _step(*args)
            finally:
                steps[_name] += time.process_time() - started
        setattr(whoosh_search, name, timed_step)

    raw: list[Timing] = []
    ours: list[Timing] = []
    with app.test_request_context():
        groups = synonyms.groups()
        for text in queries:
            searching.search(text)
    for _ in range(ROUNDS):
        with app.test_request_context():
            searcher = whoosh_search._searcher()
            for text in queries:
                raw.append(timed(lambda tree: searcher.search(tree, limit=10).top_n, full_query(parse(text, groups))))
        for text in queries:
            forget_counts()
            with app.test_request_context():
                ours.append(timed(searching.search, text))

    ((_, raw50), (_, raw95)), ((_, our50), (_, our95)) = percentiles(raw), percentiles(ours)
    raw50, raw95, our50, our95 = (value * 1000 for value in (raw50, raw95, our50, our95))
    print(f"{len(queries)} queries x {ROUNDS} rounds on the seed pages and demo stories; CPU ms, p50 / p95 (x raw Whoosh)")
    print(f"raw Whoosh, same query tree, top 10   {raw50:6.1f} / {raw95:6.1f}")
    print(f"searching.search()                    {our50:6.1f} / {our95:6.1f}   ({our50 / raw50:.2f} / {our95 / raw95:.2f})")
    total = sum(cpu for _, cpu in ours)
    for name, label in (("_top", "top 10 scored"), ("_counts", "total and facet counts"), ("_fill", "snippets and hits")):
        print(f"  {label:<36}{steps[name] * 1000 / len(ours):6.1f} ms a query on average ({steps[name] / total:.0%} of the search)")


if __name__ == "__main__":
    main()
