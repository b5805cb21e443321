"""Fixtures: the database is migrated once per session (SQLite file, or PostgreSQL when
CHERCLIENT_TEST_DATABASE_URL is set) and emptied after each test; each test gets its own app and
instance folder."""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import redis
from flask import Flask
from flask.globals import _cv_app
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from cherclient_wiki import create_app
from cherclient_wiki.accounts import users
from cherclient_wiki.accounts.models import User
from cherclient_wiki.accounts.roles import Role
from cherclient_wiki.core import background
from cherclient_wiki.core.db import db, utcnow
from cherclient_wiki.search import postgres as postgres_search

PASSWORD = "motdepasse-solide"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("CHERCLIENT_TEST_DATABASE_URL")
    if url:
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")


class RequestIsolatingClient(FlaskClient):
    """Each request runs in its own app context (its own `g`, database session, locale), as in
    production, even while the test holds one open to prepare data and check results."""

    def open(self, *args: Any, **kwargs: Any) -> Any:
        token = _cv_app.set(None)
        try:
            return super().open(*args, **kwargs)
        finally:
            _cv_app.reset(token)
            if _cv_app.get(None) is not None:
                db.session.expire_all()  # the test's own session sees what the request committed


def redis_url() -> str:
    """The Redis server the shared-storage tests use; they skip without one (CI has it)."""
    url = "redis://127.0.0.1:6379"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip("no Redis server answers on 127.0.0.1:6379: the shared-storage tests need one (CI has it)")
    return url


def build_app(instance: Path, database_url: str, **overrides: Any) -> Flask:
    os.environ["CHERCLIENT_INSTANCE_PATH"] = str(instance)
    try:
        app = create_app(
            {
                "TESTING": True,
                "DATABASE_URL": database_url,
                "WTF_CSRF_ENABLED": False,
                "SERVER_NAME": "localhost",
                **overrides,
            }
        )
        app.test_client_class = RequestIsolatingClient
        return app
    finally:
        del os.environ["CHERCLIENT_INSTANCE_PATH"]


@pytest.fixture(scope="session")
def migrated_database(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    app = build_app(tmp_path_factory.mktemp("migrate"), database_url)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            # A reused PostgreSQL database starts from a clean schema.
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade(revision="heads")
        db.engine.dispose()
    return database_url


def empty_database() -> None:
    tables = [table for table in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        names = ", ".join([f'"{table.name}"' for table in tables] + list(postgres_search.TABLES))
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def fresh_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A database of its own for a migration test: a file on SQLite, a throwaway database on the
    PostgreSQL server under test."""
    if not database_url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'migration.sqlite3'}"
        return
    name = f"cherclient_migration_{uuid.uuid4().hex[:8]}"
    server = create_engine(make_url(database_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {name}"))
    except DBAPIError as error:  # e.g. a role without CREATEDB
        server.dispose()
        pytest.skip(f"no database of its own for the migration test: {error.orig}")
    try:
        yield make_url(database_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        server.dispose()


@pytest.fixture
def app_factory(migrated_database: str, tmp_path: Path) -> Iterator[Any]:
    """Build apps on the shared test database; every table is emptied afterwards."""
    apps: list[Flask] = []

    def factory(**overrides: Any) -> Flask:
        app = build_app(tmp_path / f"instance{len(apps)}", migrated_database, **overrides)
        apps.append(app)
        return app

    yield factory
    for app in apps:
        background.close(app)  # its connection must not outlive the engine, its thread not the test
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    if apps:
        with apps[0].app_context():
            empty_database()
            db.engine.dispose()


@pytest.fixture
def app(app_factory: Any) -> Iterator[Flask]:
    app = app_factory()
    with app.app_context():
        yield app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def make_user(app: Flask) -> Any:
    def make(username: str = "claire", role: Role = Role.CUSTOMER, password: str = PASSWORD) -> User:
        return users.create_user(username, f"{username}@example.org", password, role)

    return make


@pytest.fixture
def member(make_user: Any) -> Any:
    """member(name, role=customer, days=30): an account created `days` ago."""

    def make(name: str, role: Role = Role.CUSTOMER, days: float = 30) -> User:
        user = make_user(name, role)
        user.created_at = utcnow() - timedelta(days=days)
        db.session.commit()
        return user

    return make


@pytest.fixture
def claire(make_user: Any) -> User:
    return make_user("claire", Role.CUSTOMER)


@pytest.fixture
def paul(make_user: Any) -> User:
    return make_user("paul", Role.PRACTITIONER)


@pytest.fixture
def mod(make_user: Any) -> User:
    return make_user("modo", Role.MODERATOR)


def signed_in(app: Flask, login: str) -> FlaskClient:
    """A browser signed in as `login` through the form, its one-time welcome message already seen."""
    client = app.test_client()
    assert client.post("/auth/login", data={"login": login, "password": PASSWORD}).status_code == 302
    client.get("/")  # the welcome message is shown once
    return client


class AuthActions:
    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def login(self, login: str = "claire", password: str = PASSWORD) -> Any:
        return self.client.post("/auth/login", data={"login": login, "password": password})

    def logout(self) -> Any:
        return self.client.post("/auth/logout")


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)
