"""Search fixtures: the seed pages, the hand-written demo stories, a story maker, `titles()`
(what a visitor would read at the top of the results), and Whoosh's own posting formats (what
ours replace, search.formats)."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from whoosh.fields import TEXT, Schema
from whoosh.formats import Format

from cherclient_wiki.accounts import users
from cherclient_wiki.accounts.models import User
from cherclient_wiki.accounts.roles import Role
from cherclient_wiki.brands.names import get_or_create_brand
from cherclient_wiki.core.db import db
from cherclient_wiki.core.markup import render
from cherclient_wiki.core.resources import PACKAGE_DIR
from cherclient_wiki.search import searching
from cherclient_wiki.search.index import build_schema
from cherclient_wiki.stories.choices import Status
from cherclient_wiki.stories.models import Story, StoryBrand
from cherclient_wiki.wiki.cli import load_seed_pages
from tests.conftest import PASSWORD, build_app, empty_database

HANDWRITTEN = PACKAGE_DIR / "demo" / "handwritten_stories.json"


def whoosh_format(ours: Format) -> type[Format]:
    """The Whoosh format our format class derives from (it indexes token by token)."""
    return next(kind for kind in type(ours).__mro__ if kind.__module__ == "whoosh.formats")


def whoosh_formats_schema() -> Schema:
    """Our schema with Whoosh's own formats on its text fields: an index built before search.formats."""
    schema = build_schema()
    for _name, field in schema.items():
        if isinstance(field, TEXT):
            field.format = whoosh_format(field.format)(field_boost=field.format.field_boost)
    return schema


@pytest.fixture
def author(make_user: Any) -> User:
    return make_user("conteuse", Role.CUSTOMER)


def story_maker(author: User) -> Callable[..., Story]:
    """Write a story straight through the models (the stories code's screening is not under test)."""

    def make(title: str, body: str, brands: list[str], *, status: Status = Status.PUBLISHED, kind: str = "love") -> Story:
        story = Story(
            author_id=author.id, title=title, body=body, html=render(body), kind=kind, satisfaction=4,
            ending="loyal", status=status.value, ad_reasons=[],
        )
        db.session.add(story)
        for position, name in enumerate(brands):
            story.brand_links.append(StoryBrand(brand=get_or_create_brand(name), position=position))
        db.session.commit()
        return story

    return make


@pytest.fixture
def make_story(author: User) -> Callable[..., Story]:
    return story_maker(author)


def load_demo_stories(make: Callable[..., Story]) -> list[Story]:
    stories = json.loads(HANDWRITTEN.read_text(encoding="utf-8"))
    return [make(item["title"], item["body"], item["brands"], kind=item["kind"]) for item in stories]


BACKENDS = ["whoosh", "postgresql"]


def needs_postgresql(database_url: str, backend: str) -> None:
    if backend == "postgresql" and not database_url.startswith("postgresql"):
        pytest.skip("the PostgreSQL search backend needs CHERCLIENT_TEST_DATABASE_URL=postgresql://...")


@pytest.fixture(scope="module", params=BACKENDS)
def corpus_app(request: pytest.FixtureRequest, migrated_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """One app holding the seed pages and the demo stories for a whole module of read-only tests
    (building them for each of dozens of queries would be slow), once per search backend: the
    same queries must find the same things whichever answers."""
    needs_postgresql(migrated_database, request.param)
    app = build_app(tmp_path_factory.mktemp("corpus"), migrated_database, SEARCH_BACKEND=request.param)
    with app.app_context():
        load_seed_pages()
        writer = users.create_user("conteuse", "conteuse@example.org", PASSWORD, Role.CUSTOMER)
        load_demo_stories(story_maker(writer))
        yield app
        db.session.remove()
        empty_database()
        db.engine.dispose()


@pytest.fixture
def titles(corpus_app: Flask) -> Callable[..., list[str]]:
    def run(text: str, **kwargs: Any) -> list[str]:
        with corpus_app.test_request_context():
            return [hit.title for hit in searching.search(text, **kwargs).hits]

    return run
