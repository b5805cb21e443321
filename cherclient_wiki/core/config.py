"""Configuration, lowest to highest precedence: defaults, instance/config.py, CHERCLIENT_* environment
variables, then the mapping given to create_app."""
from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask

ENV_PREFIX = "CHERCLIENT"

# The longest a sign-in lasts, « Rester connecté » included (accounts/sessions.py).
MAX_SIGN_IN = timedelta(days=30)

DEFAULTS: dict[str, Any] = {
    # Database: SQLite in the instance folder unless DATABASE_URL says otherwise.
    "DATABASE_URL": None,
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    # Cookies: Secure only when the site is served over HTTPS (set SECURE_COOKIES=true there).
    "SECURE_COOKIES": False,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_DURATION": MAX_SIGN_IN,
    "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
    "WTF_CSRF_TIME_LIMIT": None,
    # Languages.
    "LANGUAGES": ["fr", "en"],
    "BABEL_DEFAULT_LOCALE": "fr",
    "BABEL_DEFAULT_TIMEZONE": "Europe/Paris",
    # Rate limits (Flask-Limiter syntax); storage is in memory unless a shared URI is given.
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_HEADERS_ENABLED": True,
    "LOGIN_LIMIT_PER_IP": "20 per minute; 200 per hour",
    "LOGIN_LIMIT_PER_ACCOUNT": "5 per minute; 30 per hour",
    "REGISTER_LIMIT_PER_IP": "10 per hour",
    "RENDER_LIMIT_PER_IP": "120 per minute",  # the live preview (POST /api/v1/render)
    "RENDER_ANONYMOUS_MAX_LENGTH": 20_000,  # characters an anonymous preview may send (a story's limit)
    # Where images are kept: instance/uploads unless UPLOAD_FOLDER names a folder shared by every
    # app server (docs/deploy.md).
    "UPLOAD_FOLDER": None,
    "UPLOAD_MAX_BYTES": 5 * 1024 * 1024,
    "UPLOAD_MAX_PIXELS": 40_000_000,
    # Decoding a large image costs about a second of CPU, and images are kept for good.
    "UPLOAD_LIMIT_PER_ACCOUNT": "5 per minute; 20 per hour; 60 per day",
    "UPLOAD_LIMIT_PER_IP": "10 per minute; 40 per hour; 150 per day",
    "UPLOAD_QUOTA_BYTES": 50 * 1024 * 1024,  # per account below moderator; 0 or None: no quota
    # Stories whose disguised-ad score (a probability) reaches this are held for moderation instead
    # of published: the lowest threshold holding at most 3 % of the development split's genuine
    # stories scored as unseen writers (bench/detector_fit.py records it in moderation/weights.json).
    "AD_SCORE_THRESHOLD": 0.70,
    # Whole pages kept for visitors (core/visitor_cache.py): how long a shared cache (reverse proxy,
    # CDN) may keep one without asking again; where the pages are kept (Flask-Caching's CACHE_TYPE:
    # SimpleCache per process, RedisCache with CACHE_REDIS_URL shared); how long and how many.
    "VISITOR_CACHE": True,
    "VISITOR_CACHE_PROXY_SECONDS": 30,
    # A signed-in reader's page, kept for them alone (core/reader_cache.py): how long at most, and
    # how many per process with SimpleCache (apart from the visitors' pages).
    "READER_CACHE_SECONDS": 600,
    "READER_CACHE_THRESHOLD": 1000,
    "CACHE_TYPE": "SimpleCache",
    "CACHE_DEFAULT_TIMEOUT": 600,
    "CACHE_THRESHOLD": 2000,
    "CACHE_KEY_PREFIX": "cherclient:",
}


# A shared database means several app servers, probably: each would sign sessions with its own key.
SHARED_DATABASE_SECRET = (
    "SECRET_KEY is not configured: this server uses its own key from %s. With several app servers on "
    "this shared database, a session opened on one is refused by the others: set CHERCLIENT_SECRET_KEY, "
    "the same on every server (docs/deploy.md)."
)

SHARED_DATABASE_LIMITS = (
    "RATELIMIT_STORAGE_URI is memory://: rate limits are counted in each process. With several processes "
    "or app servers on this shared database, set CHERCLIENT_RATELIMIT_STORAGE_URI=redis://... (docs/deploy.md)."
)


def instance_path() -> str:
    """The instance folder, chosen before the app exists because Flask fixes it at construction."""
    chosen = os.environ.get(f"{ENV_PREFIX}_INSTANCE_PATH")
    if chosen:
        return str(Path(chosen).expanduser().resolve())
    return str(Path.cwd() / "instance")


def load(app: Flask, overrides: Mapping[str, Any] | None) -> None:
    app.config.from_mapping(DEFAULTS)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env(ENV_PREFIX)
    if overrides:
        app.config.from_mapping(overrides)
    _derive(app)


def _derive(app: Flask) -> None:
    """Settings computed from others, so that one key is the single switch for each concern."""
    cfg = app.config
    url = cfg.get("DATABASE_URL") or cfg.get("SQLALCHEMY_DATABASE_URI")
    if not url:
        url = "sqlite:///" + str(Path(app.instance_path) / "cherclient.sqlite3")
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    cfg["SQLALCHEMY_DATABASE_URI"] = url
    if cfg["SECURE_COOKIES"]:
        cfg["SESSION_COOKIE_SECURE"] = True
        cfg["REMEMBER_COOKIE_SECURE"] = True
    # Seconds from the environment; never longer than MAX_SIGN_IN.
    duration = cfg["REMEMBER_COOKIE_DURATION"]
    if not isinstance(duration, timedelta):
        duration = timedelta(seconds=float(duration))
    cfg["REMEMBER_COOKIE_DURATION"] = min(duration, MAX_SIGN_IN)
    shared = not url.startswith("sqlite")
    if shared and str(cfg["RATELIMIT_STORAGE_URI"]).startswith("memory://") and cfg.get("RATELIMIT_ENABLED", True):
        app.logger.warning(SHARED_DATABASE_LIMITS)
    if not cfg.get("SECRET_KEY"):
        if shared:
            app.logger.warning(SHARED_DATABASE_SECRET, Path(app.instance_path) / "secret_key")
        cfg["SECRET_KEY"] = _instance_secret(Path(app.instance_path) / "secret_key")


def _instance_secret(path: Path) -> str:
    """Generate the secret once per instance; linking a complete file makes concurrent starts agree."""
    if not path.exists():
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_text(secrets.token_hex(32))
        tmp.chmod(0o600)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip()
