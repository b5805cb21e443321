"""Upgrading a site that already has stories: migration 0011 fills counted_stories and brand_totals
with what the live code computes, and going back to 0010 gives brand_tallies again. Runs on a
database of its own (a file on SQLite, a throwaway database on the PostgreSQL server under test)."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import insert, select, text

from cherclient_wiki.brands.models import Brand, BrandRepresentative
from cherclient_wiki.core.db import db
from cherclient_wiki.leaderboard import ranking, tallies
from cherclient_wiki.leaderboard.models import BrandTotal, CountedStory
from cherclient_wiki.stories.models import Story, StoryBrand
from tests.conftest import build_app

BEFORE = "0010_brand_tallies"
# The users table as 0010 has it (the model's has columns added since).
USERS_AT_0010 = sa.table(
    "users", *(sa.column(name) for name in ("id", "username", "email", "password_hash", "role", "active", "created_at"))
)
NOW = datetime(2026, 11, 1)


def _stories_at_0010() -> None:
    """A small site written the way 0010's tables allow: accounts with one or several stories,
    a held story, a story with two brands, a representative, a story whose account is gone."""
    db.session.execute(insert(USERS_AT_0010), [
        {"id": i, "username": f"u{i}", "email": f"u{i}@example.org", "password_hash": "!", "role": "customer",
         "active": True, "created_at": NOW}
        for i in range(1, 6)
    ])
    db.session.execute(insert(Brand.__table__), [
        {"id": i, "name": name, "slug": name.lower(), "key": name.lower(), "sector": "banque", "created_at": NOW}
        for i, name in ((1, "Alpha"), (2, "Beta"))
    ])
    facts = [  # (author, satisfaction, ending, kind, channel, year, status, brands)
        (1, 5, "loyal", "love", "web", 2020, "published", [1]),
        (1, 2, "left", "complaint", "phone", 2018, "published", [1]),
        (2, 4, "returned", "complaint", None, None, "published", [1, 2]),
        (3, 1, "left", "love", "shop", 2021, "published", [2]),
        (3, 5, "loyal", "bravo", "web", 2022, "pending", [2]),
        (4, 5, "loyal", "love", "web", 2022, "published", [1]),  # a representative of Alpha
        (None, 3, "undecided", "love", "mail", 2019, "published", [2]),
    ]
    for story_id, (author, satisfaction, ending, kind, channel, year, status, brands) in enumerate(facts, start=1):
        db.session.execute(insert(Story.__table__), [{
            "id": story_id, "author_id": author, "title": f"Histoire {story_id}", "body": "…", "html": "<p>…</p>",
            "kind": kind, "satisfaction": satisfaction, "ending": ending, "year": year, "channel": channel,
            "status": status, "ad_score": 0.0, "ad_reasons": [], "created_at": NOW, "updated_at": NOW,
        }])
        db.session.execute(insert(StoryBrand.__table__), [
            {"story_id": story_id, "brand_id": brand_id, "position": position} for position, brand_id in enumerate(brands)
        ])
    db.session.execute(insert(BrandRepresentative.__table__), [{"user_id": 4, "brand_id": 1, "created_at": NOW}])
    db.session.commit()


def _summaries() -> tuple[list[Any], list[Any]]:
    counted = sorted(tuple(row) for row in db.session.execute(select(CountedStory.__table__)))
    totals = sorted(tuple(round(value, 9) for value in row) for row in db.session.execute(select(BrandTotal.__table__)))
    return counted, totals


def test_upgrading_a_site_with_stories_fills_the_summaries_as_the_live_code_does(fresh_url: str, tmp_path: Path) -> None:
    app: Flask = build_app(tmp_path / "instance", fresh_url)
    with app.app_context():
        upgrade(revision=BEFORE)
        _stories_at_0010()
        upgrade(revision="heads")
        migrated = _summaries()
        tallies.refresh(db.session.connection())  # what the application computes from the stories
        assert _summaries() == migrated
        db.session.rollback()
        assert len(migrated[0]) == 6  # 7 stories, 8 links: minus the held one's, minus the representative's
        assert {row.slug: (row.stories, row.authors) for row in ranking.tallies(ranking.Filters())} == {
            "alpha": (3, 2), "beta": (3, 3),
        }
        db.session.rollback()  # no read lock left for the migration's DROP TABLE to wait on

        downgrade(revision=BEFORE)
        tallied = {row[:2]: row[2] for row in db.session.execute(text("SELECT brand_id, account, stories FROM brand_tallies"))}
        assert tallied == {(1, 1): 2, (1, 2): 1, (2, 2): 1, (2, 3): 1, (2, -7): 1}
        db.session.commit()
        upgrade(revision="heads")
        assert _summaries() == migrated
        db.session.remove()
        db.engine.dispose()
