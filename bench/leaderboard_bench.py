"""The leaderboard and the observatory at 1k, 10k and 100k generated stories, cold and cached.

    .venv/bin/python bench/leaderboard_bench.py [--sizes 1000,10000,100000] [--repeat 15]
                                                [--database-url postgresql+psycopg://…]

For each size a fresh, migrated database (SQLite in a throwaway folder unless --database-url says
otherwise — that database's public schema is dropped!) is filled with SQLAlchemy Core bulk inserts:
stories with skewed brand popularity and prolific accounts, 95 % published, some with two brands,
a few declared representatives; 5,000 brands at 100k (size / 20 below). Then, in-process:

- baseline: a bare `SELECT count(*) FROM stories` (the cheapest question one can ask the table);
- leaderboard and observatory *cold* (cache emptied before each call: the SQL aggregates plus the
  scoring; unfiltered and by sector the leaderboard reads brand_totals, one row per brand; with
  a kind, channel or year filter it sums counted_stories, the stories that are their account's
  only one about the brand straight from the index and the other accounts grouped first) and
  *cached* (the fingerprint query plus a dict lookup), p50/p95 in milliseconds;
- after one new story written by "another worker" (outside the session): the cached results are
  extended (only the brands of the new stories are re-tallied, the observatory adds their counts);
- the cost a write pays to keep counted_stories and brand_totals: one story edited and committed through the ORM;
- the API response (`GET /api/v1/leaderboard`, all brands as JSON) and the HTML page, cached;
- once, the naive computation: every published (story, brand) row loaded into Python and scored
  there, which is what the SQL GROUP BYs replace.
Ratios are against the baseline of the same run. The target is < 50 ms at 100k stories / 5,000
brands. Measures run with the process's objects frozen out of the garbage collector, as the
production entry point (cherclient_wiki/wsgi.py) does; `--no-freeze` shows them without, where a
p95 may include a full collection of the whole process (~60 ms here).
"""
from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import create_engine, func, insert, select, text  # noqa: E402

from cherclient_wiki import create_app  # noqa: E402
from cherclient_wiki.accounts.models import User  # noqa: E402
from cherclient_wiki.brands.models import Brand, BrandRepresentative  # noqa: E402
from cherclient_wiki.core.db import db  # noqa: E402
from cherclient_wiki.leaderboard import ranking, tallies  # noqa: E402
from cherclient_wiki.leaderboard.statistics import CACHE_EXTENSION, fingerprint  # noqa: E402
from cherclient_wiki.observatory import report  # noqa: E402
from cherclient_wiki.stories.choices import Channel, Ending, Kind  # noqa: E402
from cherclient_wiki.stories.models import Story, StoryBrand  # noqa: E402

SECTORS = ["automobile", "banque", "assurance", "telecoms", "distribution", "e-commerce", "transport", "energie"]
CHUNK = 5_000


def build_app(database_url: str, instance: Path) -> Flask:
    if database_url.startswith("postgresql"):  # emptied before the app starts (its search catch-up reads it)
        engine = create_engine(database_url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
    os.environ["CHERCLIENT_INSTANCE_PATH"] = str(instance)
    app = create_app({"DATABASE_URL": database_url, "SERVER_NAME": "localhost", "STATISTICS_CACHE_SECONDS": 3600})
    with app.app_context():
        upgrade(revision="heads")
    return app


def bulk(table: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(table), rows[start:start + CHUNK])


def generate(size: int, seed: int = 7) -> None:
    """`size` stories, size/20 brands (at most 5,000), size/3 accounts, with Core bulk inserts."""
    rng = random.Random(seed)
    n_brands, n_users = min(5_000, max(10, size // 20)), max(10, size // 3)
    now = datetime(2026, 11, 1)
    bulk(User.__table__, [
        {"id": i, "username": f"u{i}", "email": f"u{i}@example.org", "password_hash": "!", "role": "customer",
         "active": True, "created_at": now}
        for i in range(1, n_users + 1)
    ])
    bulk(Brand.__table__, [
        {"id": i, "name": f"Marque {i}", "slug": f"marque-{i}", "key": f"marque{i}", "sector": rng.choice(SECTORS),
         "created_at": now}
        for i in range(1, n_brands + 1)
    ])
    brand_weights = [1 / (rank ** 0.9) for rank in range(1, n_brands + 1)]  # a few popular brands, a long tail
    user_weights = [rng.paretovariate(1.5) for _ in range(n_users)]  # some prolific accounts
    brands = rng.choices(range(1, n_brands + 1), brand_weights, k=size)
    authors = rng.choices(range(1, n_users + 1), user_weights, k=size)
    stories, links = [], []
    for i in range(1, size + 1):
        satisfaction = rng.choices([1, 2, 3, 4, 5], [10, 12, 18, 30, 30])[0]
        kept = rng.random() < 0.15 + 0.15 * satisfaction
        ending = rng.choice([Ending.LOYAL, Ending.RETURNED]) if kept else rng.choice([Ending.LEFT, Ending.UNDECIDED])
        created = now - timedelta(minutes=i)
        stories.append({
            "id": i, "author_id": authors[i - 1], "title": f"Histoire {i}", "body": "…", "html": "<p>…</p>",
            "kind": rng.choices(list(Kind), [50, 35, 15])[0].value, "satisfaction": satisfaction,
            "ending": ending.value, "year": rng.choice([None, *range(2005, 2027)]),
            "channel": rng.choice([None, *(c.value for c in Channel)]),
            "status": "published" if rng.random() < 0.95 else rng.choice(["pending", "rejected"]),
            "ad_score": 0.0, "ad_reasons": [], "created_at": created, "updated_at": created,
        })
        links.append({"story_id": i, "brand_id": brands[i - 1], "position": 0})
        if rng.random() < 0.1:
            other = rng.randrange(1, n_brands + 1)
            if other != brands[i - 1]:
                links.append({"story_id": i, "brand_id": other, "position": 1})
    bulk(Story.__table__, stories)
    bulk(StoryBrand.__table__, links)
    bulk(BrandRepresentative.__table__, [
        {"user_id": rng.randrange(1, n_users + 1), "brand_id": b, "created_at": now} for b in range(1, n_brands + 1, 50)
    ])
    tallies.refresh(db.session.connection())  # Core inserts skip the session listener that keeps the summaries
    db.session.commit()
    if db.engine.dialect.name == "postgresql":  # what autovacuum would have done by then
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()


class NewStories:
    """One more published story per call, written outside the session as another worker would."""

    def __init__(self, size: int, brands: int) -> None:
        self.next_id, self.brands, self.rng = size + 1, brands, random.Random(11)

    def add(self) -> None:
        now = datetime(2026, 11, 2)
        with db.engine.begin() as connection:
            connection.execute(insert(Story.__table__), [{
                "id": self.next_id, "author_id": 1, "title": "Nouvelle", "body": "…", "html": "<p>…</p>",
                "kind": "love", "satisfaction": self.rng.randint(1, 5), "ending": "loyal", "year": 2026,
                "channel": "web", "status": "published", "ad_score": 0.0, "ad_reasons": [],
                "created_at": now, "updated_at": now,
            }])
            brand_id = self.rng.randrange(1, self.brands + 1)
            connection.execute(insert(StoryBrand.__table__), [{"story_id": self.next_id, "brand_id": brand_id, "position": 0}])
            tallies.refresh(connection, [(brand_id, 1)])
        self.next_id += 1


def timed(call: Callable[[], Any], repeat: int, before: Callable[[], None] = lambda: None) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        before()
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]


def naive_leaderboard() -> ranking.Leaderboard:
    """The same ranking without GROUP BY: every row into Python."""
    rows = db.session.execute(
        select(StoryBrand.brand_id, Story.id, Story.author_id, Story.satisfaction, Story.ending)
        .join(Story, Story.id == StoryBrand.story_id).where(Story.status == "published")
    ).all()
    representatives = set(db.session.execute(select(BrandRepresentative.user_id, BrandRepresentative.brand_id)).all())
    per_account: dict[tuple[int, int], list[tuple[int, str]]] = defaultdict(list)
    for brand_id, story_id, author_id, satisfaction, ending in rows:
        if (author_id, brand_id) not in representatives:
            per_account[(brand_id, author_id if author_id is not None else -story_id)].append((satisfaction, ending))
    sums: dict[int, list[float]] = defaultdict(lambda: [0, 0, 0.0, 0.0, 0.0])
    for (brand_id, _account), stories in per_account.items():
        total = sums[brand_id]
        total[0] += len(stories)
        total[1] += 1
        total[2] += sum(ranking.story_love(s, e) for s, e in stories) / len(stories)
        total[3] += sum(e in ("loyal", "returned") for _s, e in stories) / len(stories)
        total[4] += sum(s for s, _e in stories) / len(stories)
    names = {b.id: b for b in db.session.scalars(select(Brand))}
    return ranking.rank_brands([
        ranking.BrandTally(b, names[b].slug, names[b].name, names[b].sector, int(t[0]), int(t[1]), t[2], t[3], t[4])
        for b, t in sums.items()
    ])


def run(size: int, database_url: str | None, repeat: int, workdir: Path, freeze: bool) -> None:
    url = database_url or f"sqlite:///{workdir / f'bench-{size}.sqlite3'}"
    app = build_app(url, workdir / f"instance-{size}")
    with app.app_context():
        start = time.perf_counter()
        generate(size)
        setup = time.perf_counter() - start
        brands = db.session.scalar(select(func.count()).select_from(Brand))
        cache = app.extensions[CACHE_EXTENSION]
        if freeze:  # as cherclient_wiki/wsgi.py does once the app is built
            gc.collect()
            gc.freeze()

        def cold(filters: ranking.Filters) -> tuple[float, float]:
            return timed(lambda: ranking.leaderboard(filters), repeat, cache.bump)
        edited = iter(range(1, size + 1, 7))

        def edit_one() -> None:  # through the ORM: the flush refreshes the story's (brand, account) rows
            story = db.session.get(Story, next(edited))
            story.satisfaction = 6 - story.satisfaction
            db.session.commit()
        figures = {
            "baseline: SELECT count(*) FROM stories": timed(
                lambda: db.session.scalar(select(func.count()).select_from(Story)), repeat),
            "leaderboard cold": timed(ranking.leaderboard, repeat, cache.bump),
            "leaderboard cached": timed(ranking.leaderboard, repeat),
            "leaderboard sector cold": cold(ranking.Filters(sector="banque")),
            "leaderboard kind cold": cold(ranking.Filters(kind="love")),
            "leaderboard channel cold": cold(ranking.Filters(channel="web")),
            "leaderboard since cold": cold(ranking.Filters(since=2015)),
            "leaderboard kind+channel+since+sector cold": cold(
                ranking.Filters(kind="love", channel="web", since=2015, sector="banque")),
            "edit 1 story's satisfaction (ORM commit)": timed(edit_one, repeat),
            "observatory cold": timed(report.observatory, repeat, cache.bump),
            "observatory cached": timed(report.observatory, repeat),
            "fingerprint alone": timed(fingerprint, repeat),
        }
        new_story = NewStories(size, brands)
        ranking.leaderboard(), report.observatory()
        figures["leaderboard after 1 new story (extended)"] = timed(ranking.leaderboard, repeat, new_story.add)
        figures["observatory after 1 new story (extended)"] = timed(report.observatory, repeat, new_story.add)
        db.session.commit()
        client = app.test_client()
        client.get("/api/v1/leaderboard")
        client.get("/leaderboard")
        client.get("/observatory")
        figures["GET /api/v1/leaderboard cached"] = timed(lambda: client.get("/api/v1/leaderboard"), repeat)
        figures["GET /leaderboard (HTML) cached"] = timed(lambda: client.get("/leaderboard"), repeat)
        figures["GET /observatory (HTML) cached"] = timed(lambda: client.get("/observatory"), repeat)
        start = time.perf_counter()
        naive = naive_leaderboard()
        naive_ms = (time.perf_counter() - start) * 1000
        same = [e.slug for e in naive.brands[:50]] == [e.slug for e in ranking.leaderboard().brands[:50]]
        db.engine.dispose()
    base = figures["baseline: SELECT count(*) FROM stories"][0] or 1e-9
    gc.unfreeze()
    print(f"\n== {size:,} stories, {brands:,} brands ({db_name(url)}; generated in {setup:.1f} s;"
          f" {'objects frozen' if freeze else 'not frozen'}) ==")
    print(f"{'measure':46} {'p50 ms':>9} {'p95 ms':>9} {'× baseline':>11}")
    for name, (p50, p95) in figures.items():
        print(f"{name:46} {p50:9.2f} {p95:9.2f} {p50 / base:11.1f}")
    print(f"{'naive Python computation (once)':46} {naive_ms:9.2f} {'':>9} {naive_ms / base:11.1f}")
    print(f"naive and SQL agree on the top 50: {'yes' if same else 'NO'}")


def db_name(url: str) -> str:
    return url.split(":", 1)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--no-freeze", action="store_true", help="leave the garbage collector as it is")
    args = parser.parse_args()
    # ignore_cleanup_errors: the inline search runner may still be writing its index as the folder goes
    with tempfile.TemporaryDirectory(prefix="leaderboard-bench-", ignore_cleanup_errors=True) as workdir:
        for size in (int(s) for s in args.sizes.split(",")):
            run(size, args.database_url, args.repeat, Path(workdir), not args.no_freeze)


if __name__ == "__main__":
    main()
