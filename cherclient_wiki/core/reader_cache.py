"""Pages kept for one signed-in reader, sent again without entering Flask.

What a signed-in reader gets on a page kept for visitors (core.visitor_cache: the visitors' page
with their personal parts filled in, or the page rendered whole) depends on the address, on the
data and on what their request carries: the session cookie (who they are, their CSRF token, the
language they chose), Accept-Language, and what Flask-Login's session protection compares (the
address and the user agent). Everything personal a page shows (the account and its role, its
session token, notifications, follows, reactions) lives in tables that move the data version
(core.versions). So a page Flask answered without touching the session is the answer to the same
request until the version moves, byte for byte: it is kept under those raw inputs, and
core.visitor_cache's door sends it again in front of Flask, as it does for visitors, without
decoding the cookie or loading the account.

A kept page lasts READER_CACHE_SECONDS at most, and never past the end of the sign-in (the
`sign_in_ends` hook) nor of the session cookie. Reader pages have a cache of their own (same
backend, own prefix and threshold), so readers never push visitors' pages out.
"""
from __future__ import annotations

import math
import time
from collections.abc import Mapping
from typing import Any

from flask import Flask, current_app, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_caching import Cache
from itsdangerous import BadSignature

from .hooks import hooks

# What the request brings that a signed-in page may depend on, besides the address: the cookies
# (the session and remember cookies whole), the languages, and session protection's inputs.
READER_INPUTS = ("HTTP_COOKIE", "HTTP_ACCEPT_LANGUAGE", "HTTP_USER_AGENT", "HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
LOGIN_ID = "_user_id"  # Flask-Login's session key

cache = Cache()


def reader(environ: Mapping[str, Any]) -> str:
    """The request's inputs a signed-in reader's page depends on, as one string for the key."""
    return "\n".join(str(environ.get(name, "")) for name in READER_INPUTS)


def get(key: str) -> Any:
    """The page kept under `key` (as core.visitor_cache kept it), or None."""
    return cache.get(key)


def keep(key: str, page: Any) -> None:
    """Keep the page Flask has just answered this reader (in the request): for as long as the
    sign-in and the cookie still hold, within READER_CACHE_SECONDS, and while its forms' CSRF
    token may still be handed out."""
    seconds = min(current_app.config["READER_CACHE_SECONDS"], _sign_in_left(), _cookie_left(), token_reuse_seconds())
    if seconds >= 1:
        cache.set(key, page, timeout=int(seconds))


def token_reuse_seconds() -> float:
    """How long a rendered CSRF token may be handed out again: half its life (WTF_CSRF_TIME_LIMIT),
    so that whoever gets it still has the other half to send the form; no end without a limit."""
    life = current_app.config["WTF_CSRF_TIME_LIMIT"]
    return life / 2 if life else math.inf


def _sign_in_left() -> float:
    login_id = session.get(LOGIN_ID)
    ends = [end(login_id) for end in hooks().sign_in_ends] if isinstance(login_id, str) else []
    known = [end for end in ends if end is not None]
    return min(known) - time.time() if known else 0.0


def _cookie_left() -> float:
    """Seconds before Flask refuses this session cookie (its signature's age against
    PERMANENT_SESSION_LIFETIME); 0 when it cannot tell."""
    interface = current_app.session_interface
    cookie = request.cookies.get(current_app.config["SESSION_COOKIE_NAME"])
    if not isinstance(interface, SecureCookieSessionInterface) or cookie is None:
        return 0.0
    serializer = interface.get_signing_serializer(current_app)
    if serializer is None:
        return 0.0
    try:
        _data, signed_at = serializer.loads(cookie, return_timestamp=True)
    except BadSignature:
        return 0.0
    return float(signed_at.timestamp() + current_app.permanent_session_lifetime.total_seconds() - time.time())


def init_app(app: Flask) -> None:
    prefix = app.config["CACHE_KEY_PREFIX"] + "reader:"
    cache.init_app(app, config={"CACHE_KEY_PREFIX": prefix, "CACHE_THRESHOLD": app.config["READER_CACHE_THRESHOLD"]})
