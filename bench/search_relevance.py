"""The French relevance set (tests/search/test_relevance.py: 49 queries, the seed pages and the
hand-written demo stories) on both search backends: where the expected result ranks.

    .venv/bin/python bench/search_relevance.py --database postgresql://postgres@127.0.0.1/cherclient_bench

The test only asks for the top three; this prints, per backend, how many queries put the expected
result first and in the top three, the mean reciprocal rank, and the queries where the two differ.
The database given is emptied.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.search.test_relevance import CASES  # noqa: E402

BACKENDS = ("whoosh", "postgresql")


def ranks(name: str, database_url: str) -> list[int | None]:
    """The 1-based rank of each case's expected title (None: not in the first page)."""
    from flask_migrate import upgrade
    from sqlalchemy import text

    from cherclient_wiki import create_app
    from cherclient_wiki.accounts import users
    from cherclient_wiki.accounts.roles import Role
    from cherclient_wiki.core.db import db
    from cherclient_wiki.search import searching
    from cherclient_wiki.search.backends import backend
    from cherclient_wiki.wiki.cli import load_seed_pages
    from tests.search.conftest import load_demo_stories, story_maker

    os.environ["CHERCLIENT_INSTANCE_PATH"] = tempfile.mkdtemp(prefix=f"relevance-{name}-")
    app: Any = create_app({"DATABASE_URL": database_url, "SEARCH_BACKEND": name, "SERVER_NAME": "localhost", "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade(revision="heads")
        names = ", ".join([f'"{table.name}"' for table in db.metadata.sorted_tables] + ["search_documents", "search_words"])
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        db.session.commit()
        load_seed_pages()
        load_demo_stories(story_maker(users.create_user("conteuse", "conteuse@example.org", "mot-de-passe-long", Role.CUSTOMER)))
        backend().rebuild()  # the Whoosh index made at start may hold what the TRUNCATE removed
    found = []
    for query, expected in CASES:
        with app.test_request_context():
            titles = [hit.title for hit in searching.search(query).hits]
        found.append(titles.index(expected) + 1 if expected in titles else None)
    with app.app_context():
        db.engine.dispose()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True, help="a PostgreSQL URL whose content may be erased")
    args = parser.parse_args()
    results = {name: ranks(name, args.database) for name in BACKENDS}
    print(f"{len(CASES)} queries        first  top 3  MRR")
    for name, found in results.items():
        first = sum(rank == 1 for rank in found)
        top3 = sum(rank is not None and rank <= 3 for rank in found)
        mrr = sum(1 / rank for rank in found if rank) / len(found)
        print(f"{name:<16} {first:5d}  {top3:5d}  {mrr:.3f}")
    print("queries ranked differently (Whoosh rank, PostgreSQL rank):")
    for (query, _expected), whoosh, pg in zip(CASES, *results.values()):
        if whoosh != pg:
            print(f"  {query!r}: {whoosh} vs {pg}")


if __name__ == "__main__":
    main()
