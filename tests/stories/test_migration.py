"""Migration 0013 gives each existing story its version (the number of its latest revision), so
that the first edit after an upgrade already merges; going back drops the column. Runs on a
database of its own (a file on SQLite, a throwaway database on the PostgreSQL server under test)."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import insert, inspect, select

from cherclient_wiki.accounts.models import User
from cherclient_wiki.core.db import db
from cherclient_wiki.stories.models import Story, StoryRevision
from tests.conftest import build_app

BEFORE = "0012_sessions_verification"
NOW = datetime(2026, 12, 1)


def test_upgrading_gives_every_story_its_latest_revision_number_and_downgrading_drops_it(fresh_url: str, tmp_path: Path) -> None:
    app: Flask = build_app(tmp_path / "instance", fresh_url)
    with app.app_context():
        upgrade(revision=BEFORE)
        db.session.execute(insert(User.__table__), [{"id": 1, "username": "u1", "email": "u1@example.org", "password_hash": "!", "role": "customer", "active": True, "created_at": NOW}])
        db.session.execute(insert(Story.__table__), [
            {"id": story_id, "author_id": 1, "title": f"Histoire {story_id}", "body": "…", "html": "<p>…</p>", "kind": "love",
             "satisfaction": 5, "ending": "loyal", "status": "published", "ad_score": 0.0, "ad_reasons": [], "created_at": NOW, "updated_at": NOW}
            for story_id in (1, 2)
        ])
        db.session.execute(insert(StoryRevision.__table__), [
            {"story_id": 1, "number": number, "title": "Histoire 1", "body": "…", "html": "<p>…</p>", "facts": {}, "author_id": 1, "created_at": NOW}
            for number in (1, 2, 3)
        ])
        db.session.commit()
        upgrade(revision="heads")
        assert dict(db.session.execute(select(Story.id, Story.version)).all()) == {1: 3, 2: 0}
        db.session.rollback()
        downgrade(revision=BEFORE)
        assert "version" not in {column["name"] for column in inspect(db.engine).get_columns("stories")}
        upgrade(revision="heads")
        assert dict(db.session.execute(select(Story.id, Story.version)).all()) == {1: 3, 2: 0}
        db.session.remove()
        db.engine.dispose()
