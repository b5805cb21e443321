"""HTTP hardening shared by every response: CSP without inline script, nosniff, framing refused;
and the trust given to a reverse proxy's X-Forwarded-* headers."""
from __future__ import annotations

import ipaddress
import os
import shlex
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from flask import Flask, Response
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def _harden(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    return response


def declared_binds(config: Mapping[str, Any], environ: Mapping[str, str], argv: Sequence[str]) -> list[tuple[str, str]]:
    """(address, where it was read) for each address the server is known to listen on: the BIND
    setting (CHERCLIENT_BIND), gunicorn's --bind in GUNICORN_CMD_ARGS, or on gunicorn's own
    command line. Nothing else is knowable from inside the application: an empty list is "unknown"."""
    found: list[tuple[str, str]] = []
    setting = config.get("BIND")
    for value in [setting] if isinstance(setting, str) else setting or []:
        found.append((str(value), "BIND"))
    found += [(value, "GUNICORN_CMD_ARGS") for value in _bind_options(shlex.split(environ.get("GUNICORN_CMD_ARGS", "")))]
    program = Path(argv[0]) if argv else Path()
    if "gunicorn" in (program.name, program.parent.name):
        found += [(value, "gunicorn --bind") for value in _bind_options(argv[1:])]
    return found


def _bind_options(arguments: Sequence[str]) -> list[str]:
    """The values of gunicorn's -b/--bind options (`-b X`, `-bX`, `--bind X`, `--bind=X`)."""
    values = []
    for position, argument in enumerate(arguments):
        if argument in ("-b", "--bind") and position + 1 < len(arguments):
            values.append(arguments[position + 1])
        elif argument.startswith("--bind="):
            values.append(argument.removeprefix("--bind="))
        elif argument.startswith("-b") and not argument.startswith("--") and len(argument) > 2:
            values.append(argument[2:])
    return values


def reachable_from_anywhere(bind: str) -> bool:
    """True when a literal address in a bind is every interface or a public one. Loopback,
    private and link-local addresses, Unix sockets and host names are not judged unsafe."""
    if bind.startswith(("unix:", "fd://")):
        return False
    host = bind.rsplit(":", 1)[0] if bind.count(":") == 1 or bind.startswith("[") else bind
    host = host.strip("[]")
    if host in ("", "*"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_unspecified or address.is_global


def warn_if_proxy_bypassable(app: Flask) -> None:
    """PROXY_COUNT makes the application believe X-Forwarded-For. If clients can also reach the
    server without going through the proxies, any of them can claim any address, and per-IP rate
    limits no longer hold: say so in the log at start."""
    proxies = int(app.config.get("PROXY_COUNT") or 0)
    exposed = [(bind, origin) for bind, origin in declared_binds(app.config, os.environ, sys.argv) if reachable_from_anywhere(bind)]
    if proxies and exposed:
        app.logger.warning(
            "PROXY_COUNT=%d trusts X-Forwarded-For, but the server listens on %s, reachable without the proxy: "
            "a client connecting directly can claim any address in that header and escape the per-IP rate limits. "
            "Bind to 127.0.0.1 or a private interface that only the proxy reaches, or set PROXY_COUNT=0 "
            "(README, Production deployment).",
            proxies, ", ".join(f"{bind} ({origin})" for bind, origin in exposed),
        )


def init_app(app: Flask) -> None:
    app.after_request(_harden)
    proxies = int(app.config.get("PROXY_COUNT") or 0)
    if proxies:
        # Behind a reverse proxy the client address and scheme come from its X-Forwarded-* headers.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]
        warn_if_proxy_bypassable(app)
