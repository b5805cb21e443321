"""The factory: configuration precedence, the instance folder, the generated secret, the database,
the production entry point."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from cherclient_wiki import create_app
from cherclient_wiki.core.db import db


def test_configuration_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    instance = tmp_path / "site"
    instance.mkdir()
    (instance / "config.py").write_text(
        "LOGIN_LIMIT_PER_IP = 'from-file'\nREGISTER_LIMIT_PER_IP = 'from-file'\nLANGUAGES = ['fr']\n"
    )
    monkeypatch.setenv("CHERCLIENT_INSTANCE_PATH", str(instance))
    monkeypatch.setenv("CHERCLIENT_LOGIN_LIMIT_PER_IP", "from-env")
    monkeypatch.setenv("CHERCLIENT_REGISTER_LIMIT_PER_IP", "from-env")
    app = create_app({"REGISTER_LIMIT_PER_IP": "from-mapping"})
    assert app.config["LANGUAGES"] == ["fr"]  # instance/config.py beats the defaults
    assert app.config["LOGIN_LIMIT_PER_IP"] == "from-env"  # the environment beats the file
    assert app.config["REGISTER_LIMIT_PER_IP"] == "from-mapping"  # the mapping beats everything
    assert app.config["MAX_CONTENT_LENGTH"] <= 10 * 1024 * 1024


def test_instance_folder_is_created_and_holds_the_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    instance = tmp_path / "not" / "yet" / "there"
    monkeypatch.setenv("CHERCLIENT_INSTANCE_PATH", str(instance))
    app = create_app()
    assert Path(app.instance_path) == instance.resolve()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance.resolve() / 'cherclient.sqlite3'}"
    secret = (instance / "secret_key").read_text()
    assert len(secret) >= 64 and app.config["SECRET_KEY"] == secret
    assert (instance / "secret_key").stat().st_mode & 0o077 == 0
    # A second start reuses the secret, so sessions survive restarts.
    assert create_app().config["SECRET_KEY"] == secret


def test_database_url_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHERCLIENT_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("CHERCLIENT_DATABASE_URL", "postgresql://someone@db.example/cc")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://someone@db.example/cc"


def test_configured_secret_is_not_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHERCLIENT_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("CHERCLIENT_SECRET_KEY", "configured")
    assert create_app().config["SECRET_KEY"] == "configured"
    assert not (tmp_path / "secret_key").exists()


def test_a_server_on_a_shared_database_warns_about_its_own_secret_and_counters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Two servers each with their own key would refuse each other's sessions, and each with its own
    counters would multiply every rate limit."""
    monkeypatch.setenv("CHERCLIENT_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("CHERCLIENT_DATABASE_URL", "postgresql://someone@127.0.0.1:1/cc")  # nobody listens
    create_app()
    assert "CHERCLIENT_SECRET_KEY" in caplog.text and "CHERCLIENT_RATELIMIT_STORAGE_URI" in caplog.text
    caplog.clear()
    monkeypatch.setenv("CHERCLIENT_SECRET_KEY", "the same on every server")
    monkeypatch.setenv("CHERCLIENT_RATELIMIT_STORAGE_URI", "redis://127.0.0.1:1/0")
    create_app()
    assert "CHERCLIENT_SECRET_KEY" not in caplog.text and "RATELIMIT_STORAGE_URI" not in caplog.text


def test_the_embedded_setup_makes_its_secret_quietly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("CHERCLIENT_INSTANCE_PATH", str(tmp_path))
    create_app()
    assert "SECRET_KEY" not in caplog.text


def test_an_unknown_search_backend_stops_the_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHERCLIENT_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(RuntimeError, match="SEARCH_BACKEND"):
        create_app({"SEARCH_BACKEND": "elastic"})
    with pytest.raises(RuntimeError, match="PostgreSQL"):
        create_app({"SEARCH_BACKEND": "postgresql"})  # on the embedded SQLite


def test_sqlite_runs_with_wal_and_foreign_keys(app) -> None:  # type: ignore[no-untyped-def]
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas")
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_the_production_entry_point_builds_the_app_and_freezes_it(tmp_path: Path) -> None:
    """gunicorn "cherclient_wiki.wsgi:app" gets the application, its long-lived objects kept out of
    the garbage collector's full collections."""
    probe = (
        "import gc\n"
        "from cherclient_wiki.wsgi import app\n"
        "print(app.import_name, 'leaderboard' in {rule.endpoint.split('.')[-1] for rule in app.url_map.iter_rules()},"
        " gc.get_freeze_count() > 50_000)\n"
    )
    env = {**os.environ, "CHERCLIENT_INSTANCE_PATH": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["cherclient_wiki", "True", "True"]
