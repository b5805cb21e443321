"""No route answers 5xx, whatever it is sent: every rule and method of `app.url_map`, as an
anonymous visitor and as each role (session cookie and API token), with hostile path, query,
header and body values (tests/fuzz/hostile.py).

Each (route, method, identity) gets a valid request first, which records the query and form
parameters the view reads; then the systematic sweep over those (hostile.sweep); then EXAMPLES
random probes from hypothesis, seeded from the route's and identity's names so that a run is
reproducible (CHERCLIENT_FUZZ_EXAMPLES raises the count for a deeper run). Every 5xx is kept
with the exception the app logged, so one run lists them all; the request count is printed at
the end of the run.
"""
from __future__ import annotations

import io
import logging
import os
import random
import re
import traceback
import zlib
from collections import Counter
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, Phase, given, seed, settings

from cherclient_wiki.core.inputs import clean_text
from cherclient_wiki.wiki import pages

from .hostile import CURRENT, Probe, ReadNames, Route, baseline, probe_strategy, sweep
from .site import ROLES, Identity, Site

EXAMPLES = int(os.environ.get("CHERCLIENT_FUZZ_EXAMPLES", "5"))
CSRF_EXAMPLES = 3
SKIPPED_METHODS = {"HEAD", "OPTIONS"}  # answered by Flask itself from the GET view
# Fuzzed last: they move or remove what the other routes point at.
DISRUPTIVE = {"wiki.delete", "wiki.rename", "brand_admin.rename", "brand_admin.merge", "community.revert_all"}


def routes(app: Flask) -> list[Route]:
    """Every rule and method; reading first, then writing, then DISRUPTIVE."""
    found = [
        Route(rule.rule, method, rule.endpoint)
        for rule in app.url_map.iter_rules()
        for method in sorted((rule.methods or set()) - SKIPPED_METHODS)
    ]
    return sorted(found, key=lambda route: (route.endpoint in DISRUPTIVE, route.method != "GET", route.rule, route.method))


@dataclass(frozen=True)
class Visitor:
    """How an identity shows up: its session cookie, bearer token and (with CSRF on) token."""

    name: str
    identity: Identity
    cookie: str | None
    csrf_token: str | None


class LoggedErrors(logging.Handler):
    """The exception behind the last 500 (errors.handle_unexpected logs it)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.last: logging.LogRecord | None = None

    def emit(self, record: logging.LogRecord) -> None:
        self.last = record


def _explain(record: logging.LogRecord | None) -> str:
    if record is None or not record.exc_info or record.exc_info[1] is None:
        return "no exception logged"
    error = record.exc_info[1]
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if "cherclient_wiki" in frame.filename]
    where = f" at {frames[-1].filename.split('cherclient_wiki')[-1]}:{frames[-1].lineno}" if frames else ""
    return f"{type(error).__name__}: {str(error)[:200]}{where}"


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")  # what a client can put on the wire


def _as_sent(text: str) -> str:
    """Multipart values as the server will decode them (invalid UTF-8 read as U+FFFD)."""
    return _bytes(text).decode("utf-8", "replace")


def send(client: FlaskClient, route: Route, probe: Probe, visitor: Visitor) -> Any:
    headers = dict(probe.headers)
    if visitor.identity.token and "Authorization" not in headers:
        headers["Authorization"] = f"Bearer {visitor.identity.token}"
    options: dict[str, Any] = {
        "method": route.method,
        "query_string": urlencode([(_bytes(k), _bytes(v)) for k, v in probe.query]),
        "headers": headers,
    }
    if probe.form is not None:
        form = dict(probe.form)
        if form.get("base_revision") == CURRENT:
            page = pages.by_slug(clean_text(probe.variables.get("slug", "")))
            form["base_revision"] = str(page.latest_number if page else 0)
        if visitor.csrf_token and "csrf_token" not in form:
            form["csrf_token"] = visitor.csrf_token
        if "image" in form:
            content, filename = form.pop("image")
            options["data"] = {k: _as_sent(v) for k, v in form.items()} | {"image": (io.BytesIO(content), _as_sent(filename))}
        else:
            options["data"] = urlencode([(_bytes(k), _bytes(v)) for k, v in form.items()])
            options["content_type"] = "application/x-www-form-urlencoded"
    elif probe.data is not None:
        options["data"] = probe.data
        options["content_type"] = probe.content_type
        if visitor.csrf_token:
            headers["X-CSRFToken"] = visitor.csrf_token
    if visitor.cookie:
        client.set_cookie("session", visitor.cookie)
    return client.open(probe.path, **options)


def visitor(app: Flask, identity: Identity, *, csrf_token: bool = True) -> Visitor:
    """The identity's session cookie (logged in without a password round trip) and, when CSRF
    protection is on, the token its pages carry (unless `csrf_token` is False)."""
    client = app.test_client()
    with client.session_transaction() as session:
        if identity.user_id is not None:
            session["_user_id"] = str(identity.user_id)
            session["_fresh"] = True
    token, name = None, identity.name
    if app.config["WTF_CSRF_ENABLED"] and csrf_token:
        page = client.get("/").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    elif app.config["WTF_CSRF_ENABLED"]:
        name += " without CSRF token"
    cookie = client.get_cookie("session")
    return Visitor(name, identity, cookie.value if cookie else None, token)


class Fuzzer:
    """Sends probes, counts the answers and keeps one example of each distinct 5xx."""

    def __init__(self, app: Flask, stats: Counter[str]) -> None:
        self.app, self.stats = app, stats
        self.logged = LoggedErrors()
        self.failures: dict[tuple[str, ...], str] = {}

    def probe(self, route: Route, who: Visitor, probe: Probe) -> None:
        self.logged.last = None
        response = send(self.app.test_client(), route, probe, who)
        response.close()  # static files are streamed from an open file
        self.stats[str(response.status_code)] += 1
        if response.status_code >= 500:
            cause = _explain(self.logged.last)
            key = (route.method, route.rule, cause.split(":")[0], cause.rpartition(" at ")[2])
            self.failures.setdefault(key, f"{response.status_code} {route.method} {route.rule} as {who.name}: {cause}\n    {probe.describe()}")

    def sweep(self, route: Route, who: Visitor, path_values: dict[str, list[str]]) -> None:
        """The baseline request, recording what the view reads, then the systematic probes."""
        ReadNames.names.clear()
        self.probe(route, who, baseline(route, path_values))
        for probe in sweep(route, path_values, set(ReadNames.names)):
            self.probe(route, who, probe)

    def attack(self, route: Route, who: Visitor, strategy: Any, examples: int) -> None:
        """`examples` random probes, with a seed of the route's and the identity's names."""

        @settings(max_examples=examples, database=None, deadline=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck))
        @seed(zlib.crc32(f"{route.method} {route.rule} {who.name}".encode()))
        @given(probe=strategy)
        def run(probe: Probe) -> None:
            # Hypothesis seeds the global `random` alike for every example: Whoosh would then draw
            # the same segment name twice (forked workers are reseeded by Python, as here).
            random.seed()
            self.probe(route, who, probe)

        run()


def fuzz(app: Flask, site: Site, visitors: list[Visitor], examples: int, stats: Counter[str], *, systematic: bool = True) -> list[str]:
    """Every route and method, as each visitor: the sweep (if `systematic`), then `examples`
    random probes. Returns the distinct 5xx found."""
    fuzzer = Fuzzer(app, stats)
    app.logger.addHandler(fuzzer.logged)
    try:
        for route in routes(app):
            strategy = probe_strategy(route, site.path_values)
            for who in visitors:
                if systematic:
                    fuzzer.sweep(route, who, site.path_values)
                fuzzer.attack(route, who, strategy, examples)
    finally:
        app.logger.removeHandler(fuzzer.logged)
    return sorted(fuzzer.failures.values())


def _report(failures: list[str]) -> str:
    return f"{len(failures)} distinct 5xx:\n" + "\n".join(failures)


@pytest.mark.parametrize("identity", ["anonymous", *ROLES])
def test_no_route_answers_5xx(fuzz_app: tuple[Flask, Site], fuzz_stats: Counter[str], identity: str) -> None:
    app, site = fuzz_app
    before = fuzz_stats.total()
    failures = fuzz(app, site, [visitor(app, site.identities[identity])], EXAMPLES, fuzz_stats)
    print(f"{fuzz_stats.total() - before} requests as {identity}")
    assert not failures, _report(failures)


@pytest.mark.parametrize("fuzz_app", [True], indirect=True, ids=["csrf"])
def test_no_route_answers_5xx_with_csrf_protection(fuzz_app: tuple[Flask, Site], fuzz_stats: Counter[str]) -> None:
    """Random probes with CSRF protection on, as in production: valid tokens in forms and headers,
    and none from a customer and an administrator (400s)."""
    app, site = fuzz_app
    visitors = [visitor(app, identity) for identity in site.identities.values()]
    visitors += [visitor(app, site.identities[name], csrf_token=False) for name in ("customer", "admin")]
    failures = fuzz(app, site, visitors, CSRF_EXAMPLES, fuzz_stats, systematic=False)
    assert not failures, _report(failures)
