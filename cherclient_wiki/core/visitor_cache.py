"""Whole pages for visitors, served like static files.

Most readers are not signed in and see the same bytes as every other visitor who reads the same
address in the same language. Views marked `@for_visitors` are rendered once per (address,
language, data version, release) and kept whole (Flask-Caching: per process by default, any of its
backends through CACHE_TYPE); each later visit costs one read of the data version (core.versions),
made before anything else runs: no user lookup, no locale catalog, no template.

Who is a visitor: no signed-in user in the session, no remember cookie, no flash message waiting.
Pages kept for them carry no per-user token and never set a cookie: a render that touched the
session (a CSRF token, a flash) is served but not kept.

Headers: a weak ETag naming the key and Last-Modified from the data version give 304 answers
without rendering; `Cache-Control: public, max-age=0, s-maxage=N` lets a shared cache (reverse
proxy, CDN) keep a page N seconds (VISITOR_CACHE_PROXY_SECONDS) while browsers revalidate each
time; `Vary: Cookie, Accept-Language` keeps signed-in and other-language answers apart. Signed-in
answers on the same addresses are `private, no-cache` with no validator, so no 304 ever stands
for a page rendered for someone else.

Two doors lead to a kept page. A request that carries neither a session nor a remember cookie
(almost every visitor) is answered by `VisitorDoor`, a WSGI middleware in front of Flask: the
address is matched, the data version read and the kept bytes sent with the headers recorded when
the page was kept, without a request context or any hook. Visitors who do carry a session cookie
(a language chosen, a session signed out) are answered by the same rule in the first
`before_request`, once Flask has opened their session.

A signed-in reader's page, once Flask has answered it, is kept for that reader alone
(core.reader_cache) and sent again by the same door while the data version stays.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, TypeVar

from flask import Flask, Response, current_app, g, request, session
from flask_caching import Cache
from flask_login import current_user
from flask_login.config import COOKIE_NAME
from markupsafe import Markup
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Request

from . import personal_parts, reader_cache, versions
from .i18n import negotiate, select_locale
from .reader_cache import LOGIN_ID
from .resources import PACKAGE_DIR, folder

F = TypeVar("F", bound=Callable[..., Any])

MARK = "for_visitors"  # attribute of the view functions whose visitor pages are kept
READERS = "shared_with_readers"  # attribute: which signed-in readers get the kept page, parts filled in
KEY = "visitor_cache_key"  # g: the key of this request's page, for the after_request hook
READER_KEY = "reader_cache_key"  # g: the same for a signed-in reader's page
VERSION_READ = "cherclient.data_version"  # WSGI environ: the version the door read, before any data
FLASHES = "_flashes"
VARY = ("Cookie", "Accept-Language")

cache = Cache()


def every_reader(_reader: Any) -> bool:
    """`for_visitors(readers=every_reader)`: a page whose only personal part is the account menu."""
    return True


def for_visitors(view: F | None = None, *, readers: Callable[[Any], bool] | None = None) -> Any:
    """Keep this view's pages whole for visitors (the view must depend only on the address, the
    language and the database). With `readers`, the signed-in users for whom `readers(user)` holds
    see the same page but for its personal parts (core.personal_parts): they get the visitors'
    kept page with those parts rendered for them."""
    def mark(view: F) -> F:
        setattr(view, MARK, True)
        setattr(view, READERS, readers)
        return view
    return mark(view) if view is not None else mark


@lru_cache(maxsize=1)
def release() -> tuple[str, datetime]:
    """A digest of the code, templates and catalogs that render pages, and their latest change: a
    new release changes every key and every Last-Modified, without touching the data version."""
    digest = hashlib.blake2b(digest_size=8)
    latest = 0.0
    roots = (PACKAGE_DIR, folder("templates"))
    for path in sorted(p for root in roots for p in root.rglob("*") if p.suffix in (".py", ".html", ".mo")):
        digest.update(path.read_bytes())
        latest = max(latest, path.stat().st_mtime)
    return digest.hexdigest(), datetime.fromtimestamp(int(latest), timezone.utc).replace(tzinfo=None)


def is_visitor() -> bool:
    """Nobody signed in, and nothing personal waiting in the session."""
    remember = current_app.config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME)
    return LOGIN_ID not in session and FLASHES not in session and remember not in request.cookies


def kept_for_visitors() -> bool:
    """Whether the page being rendered will be kept for every visitor (a template global: such a
    page must not carry anything of this visitor's, a CSRF token above all)."""
    return KEY in g


def _cacheable() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return request.method in ("GET", "HEAD") and getattr(view, MARK, False) and current_app.config["VISITOR_CACHE"]


def _key(version: versions.Version, variant: str, full_path: str) -> str:
    """The key of a page: the release, the data version, the address, and the variant (the
    language for visitors, core.reader_cache.reader for a signed-in reader)."""
    code, _changed = release()
    parts = f"{code}\n{variant}\n{version.stamp}\n{full_path}"
    return hashlib.blake2b(parts.encode(), digest_size=16).hexdigest()


def _last_modified(version: versions.Version) -> datetime:
    _code, changed = release()
    return max(version.changed_at or changed, changed).replace(microsecond=0)


def _public_headers(key: str, last_modified: datetime, locale: str) -> dict[str, str]:
    """The validators and caching rules of a page kept for visitors, the same for every answer
    under its key."""
    response = Response()
    response.set_etag(key, weak=True)
    response.last_modified = last_modified.replace(tzinfo=timezone.utc)
    response.cache_control.public = True
    response.cache_control.max_age = 0
    response.cache_control.s_maxage = int(current_app.config["VISITOR_CACHE_PROXY_SECONDS"])
    response.vary.update(VARY)
    response.content_language.add(locale)
    return _without_body_headers(response)


def _without_body_headers(response: Response) -> dict[str, str]:
    return {name: value for name, value in response.headers.items() if name not in ("Content-Type", "Content-Length")}


Kept = tuple[bytes, str, dict[str, str]]  # what is kept of an answer: its bytes, mimetype and headers


def _kept(response: Response) -> Kept:
    return response.get_data(), response.mimetype, _without_body_headers(response)


def _sent(kept: Kept) -> Response:
    """A kept answer again, as Flask gave it."""
    body, mimetype, headers = kept
    return Response(body, mimetype=mimetype, headers=headers)


def fragment(name: str, compute: Callable[[], str]) -> str:
    """A part of a page that is the same for every reader, signed in or not (a wiki article with
    its red links marked): kept under the data version like the visitors' pages, so that a
    signed-in reader's page reuses it and renders only what is theirs around it."""
    named = f"{name}\n{versions.current().stamp}".encode()
    key = "fragment:" + hashlib.blake2b(named, digest_size=16).hexdigest()
    kept = cache.get(key)
    if kept is None:
        kept = compute()
        cache.set(key, kept)
    return kept  # type: ignore[no-any-return]


def _conditional(response: Response, asked: Request) -> Response:
    """A 304 when the client's copy is this one (werkzeug's rules; the check is skipped when the
    request carries no validator, most requests)."""
    if "If-None-Match" in asked.headers or "If-Modified-Since" in asked.headers:
        return response.make_conditional(asked)  # type: ignore[no-any-return]
    return response


def _answer(asked: Request, locale: str) -> Response | tuple[str, datetime]:
    """For a visitor's request of a page kept for visitors: a 304, the kept page, or (not kept
    yet) the key and Last-Modified it will be kept under."""
    version = versions.current()
    key = _key(version, locale, asked.full_path)
    if asked.if_none_match.contains_weak(key):
        return _conditional(Response(status=200, headers=_public_headers(key, _last_modified(version), locale)), asked)
    kept = cache.get(key)
    if kept is None:
        return key, _last_modified(version)
    return _conditional(_sent(kept), asked)


def _serve() -> Response | None:
    """before_request, first of all: a 304, a kept page, or None to render (then kept by _keep)."""
    if not _cacheable():
        return None
    if not is_visitor():
        version = request.environ.get(VERSION_READ) or versions.current()
        if LOGIN_ID in session and FLASHES not in session:
            g.setdefault(READER_KEY, _key(version, reader_cache.reader(request.environ), request.full_path))
        return _shared_with_reader(version)
    locale = select_locale()
    answer = _answer(request, locale)
    if isinstance(answer, Response):
        return answer
    g.setdefault(KEY, (*answer, locale))
    return None


def part(name: str, *arguments: object) -> Markup:
    """`{{ part(name, ...) }}` in templates: a personal part, marked in the pages kept for visitors."""
    return personal_parts.part(name, *arguments, marked=kept_for_visitors())


def _shared_with_reader(version: versions.Version) -> Response | None:
    """A signed-in reader's page made of the visitors' kept page, its personal parts rendered for
    them; None to render the page whole (not kept yet, a message waiting, a reader who sees more)."""
    readers = getattr(current_app.view_functions[request.endpoint or ""], READERS, None)
    if readers is None or FLASHES in session or not current_user.is_authenticated or not readers(current_user):
        return None
    kept = cache.get(_key(version, select_locale(), request.full_path))
    if kept is None:
        return None
    body, mimetype, _headers = kept
    return Response(personal_parts.fill(body.decode(), version.stamp), mimetype=mimetype)


def _keep(response: Response) -> Response:
    """after_request, last of all: keep a visitor's freshly rendered page with every header the
    other hooks gave it (the door sends them as they are); any other answer stays private, and a
    signed-in reader's is kept for them alone (core.reader_cache)."""
    if not _cacheable() or response.headers.get("ETag"):
        return response  # not a page kept for visitors, or served from the cache
    kept, reader_key = g.pop(KEY, None), g.pop(READER_KEY, None)
    untouched = response.status_code == 200 and "Set-Cookie" not in response.headers and not session.modified
    if kept is None or not untouched:
        response.cache_control.private = True
        response.cache_control.no_cache = True
        response.vary.update(VARY)
        if reader_key is not None and untouched:
            reader_cache.keep(reader_key, _kept(response))
        return response
    key, last_modified, locale = kept
    response.headers.update(_public_headers(key, last_modified, locale))
    cache.set(key, _kept(response))
    return _conditional(response, request)


class VisitorDoor:
    """WSGI middleware: a visitor without cookies asking for a kept page, or a signed-in reader
    asking again for a page kept for them, gets it here, before Flask pushes a request context,
    opens a session or runs a hook; anything else goes on to Flask."""

    def __init__(self, app: Flask, wsgi_app: Callable[..., Any]) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self.session_cookie = app.config["SESSION_COOKIE_NAME"]
        self.private_cookies = (self.session_cookie, app.config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME))

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if environ.get("REQUEST_METHOD") in ("GET", "HEAD") and self.app.config["VISITOR_CACHE"]:
            asked = Request(environ)
            answer = self._kept_answer(asked) if self._kept_view(environ) else None
            if isinstance(answer, Response):
                return answer(environ, start_response)
        return self.wsgi_app(environ, start_response)

    def _kept_answer(self, asked: Request) -> Response | tuple[str, datetime] | None:
        """A visitor's kept page (or 304), a reader's kept page, or not a response: Flask answers."""
        if not any(name in asked.cookies for name in self.private_cookies):
            with self.app.app_context():
                return _answer(asked, negotiate(asked.accept_languages))
        if self.session_cookie in asked.cookies:
            with self.app.app_context():
                version = asked.environ[VERSION_READ] = versions.current()  # Flask reuses it if this misses
                kept = reader_cache.get(_key(version, reader_cache.reader(asked.environ), asked.full_path))
            return _sent(kept) if kept is not None else None
        return None

    def _kept_view(self, environ: dict[str, Any]) -> bool:
        try:
            endpoint, _arguments = self.app.url_map.bind_to_environ(environ).match()
        except HTTPException:  # not found, a redirect to add a slash, a method not allowed: Flask answers
            return False
        return getattr(self.app.view_functions.get(str(endpoint)), MARK, False)


def init_app(app: Flask) -> None:
    release()  # once per process, at start rather than in the first reader's request
    cache.init_app(app)
    reader_cache.init_app(app)
    app.before_request_funcs.setdefault(None, []).insert(0, _serve)
    app.after_request_funcs.setdefault(None, []).insert(0, _keep)  # hooks run in reverse: this one last
    app.wsgi_app = VisitorDoor(app, app.wsgi_app)  # type: ignore[method-assign]
    app.add_template_global(kept_for_visitors)
    app.add_template_global(part)
