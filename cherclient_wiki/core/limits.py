"""Rate limits on what a person writes: posting (stories, comments), editing (wiki saves, story
edits), reporting and uploading images, each counted per account and per IP address.

Each is one decorator for the views and API routes concerned; the limits are shared across those
routes (a comment and a story draw on the same "posting" allowance). Values are Flask-Limiter
strings read from the configuration at request time, so an instance can tune them without code;
the counters live in RATELIMIT_STORAGE_URI (memory:// by default, redis://... when several
processes serve the site). Going over answers 429 with the French message of errors.py.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app, g, request
from flask_limiter.util import get_remote_address
from flask_login import current_user

from .extensions import limiter
from .openapi import LIMIT_MARK

F = TypeVar("F", bound=Callable[..., Any])

WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"]

DEFAULTS: dict[str, Any] = {
    "POST_LIMIT_PER_ACCOUNT": "5 per minute; 50 per day",
    "POST_LIMIT_PER_IP": "20 per minute; 300 per day",
    "EDIT_LIMIT_PER_ACCOUNT": "30 per minute; 500 per day",
    "EDIT_LIMIT_PER_IP": "60 per minute; 2000 per day",
    "REPORT_LIMIT_PER_ACCOUNT": "10 per hour; 30 per day",
    "REPORT_LIMIT_PER_IP": "30 per hour; 100 per day",
}


def account_key() -> str:
    """The account (API token or session, whatever address it comes from); else the address."""
    user = g.get("api_user") or (current_user if current_user.is_authenticated else None)
    return f"account:{user.id}" if user is not None else "ip:" + get_remote_address()


def is_preview() -> bool:
    """A preview shows the text without saving it: it is not an edit."""
    return bool(request.form.get("preview"))


def _limited(action: str, exempt_when: Callable[[], bool] | None = None) -> Callable[[F], F]:
    per_ip = limiter.shared_limit(
        lambda: current_app.config[f"{action}_LIMIT_PER_IP"], f"{action.lower()}-ip",
        methods=WRITE_METHODS, exempt_when=exempt_when,
    )
    per_account = limiter.shared_limit(
        lambda: current_app.config[f"{action}_LIMIT_PER_ACCOUNT"], f"{action.lower()}-account",
        key_func=account_key, methods=WRITE_METHODS, exempt_when=exempt_when,
    )

    def decorate(view: F) -> F:
        limited = per_ip(per_account(view))
        setattr(limited, LIMIT_MARK, True)  # the API's description lists its 429
        return limited  # type: ignore[no-any-return]

    return decorate


posting = _limited("POST")
editing = _limited("EDIT", exempt_when=is_preview)
reporting = _limited("REPORT")
uploading = _limited("UPLOAD")  # UPLOAD_LIMIT_* live in config.py, with the other upload settings

