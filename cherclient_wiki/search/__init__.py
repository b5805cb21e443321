"""Full-text search: the one gate to the index (Whoosh in the instance folder, or PostgreSQL: see
backends.py) and its outbox.

Views and the API only call `searching`; content code never calls the search at all (the outbox
listener notices its changes). `init_app` wires the index into the app: the backend, providers,
routes, the `index` CLI, the index drain as a background job (Whoosh), and the catch-up at start.
"""
from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    """The index, its providers (core.hooks) and outbox listener, the search page and API
    routes, the `index` commands, the background drain and the catch-up at start."""
    from ..core import background
    from ..core.db import db
    from ..core.hooks import hooks
    from . import api, indexer, providers  # noqa: F401  (api: its routes join api_bp)
    from .backends import choose
    from .cli import index_cli
    from .index import REBUILD_MEMORY_MB, SearchIndex
    from .outbox import init_outbox
    from .views import search_bp

    app.config.setdefault("SEARCH_TIME_LIMIT", 1.5)
    # Another writer's batch holds the lock for milliseconds; a rebuild holds it for minutes, but
    # applies the jobs that arrived meanwhile before letting go, so waiting longer gains nothing.
    app.config.setdefault("SEARCH_LOCK_TIMEOUT", 3.0)
    app.config.setdefault("SEARCH_BATCH", 500)  # outbox rows per index commit
    # A rebuild sorts its postings in memory up to this, per process; past it they are sorted on
    # disk in runs (search.pool), more slowly (Whoosh's 128 made a 10k rebuild take twice as long).
    app.config.setdefault("SEARCH_REBUILD_MEMORY_MB", REBUILD_MEMORY_MB)
    app.config.setdefault("SEARCH_READ_WAIT", 1.0)  # seconds a reader waits for a busy writer (inline)
    app.config.setdefault("SEARCH_BACKEND", "whoosh")
    backend = choose(app)
    app.extensions["search"] = SearchIndex(
        Path(app.instance_path) / "search", app.config["SEARCH_LOCK_TIMEOUT"], app.config["SEARCH_REBUILD_MEMORY_MB"])
    hooks(app).search_providers.update({provider.doc_type: provider for provider in providers.ALL})
    hooks(app).batch_committed.append(indexer.drain_recorded)  # the import indexes each batch it commits
    if backend.uses_outbox:
        hooks(app).background_jobs.append(indexer.drain_batch)
    init_outbox()
    if not backend.uses_outbox:
        from .postgres import init_transactional_index

        init_transactional_index()
    app.register_blueprint(search_bp)
    app.cli.add_command(index_cli)

    if backend.uses_outbox and app.config["WORKER"] != background.INLINE:
        return  # the worker catches up
    with app.app_context():
        try:
            backend.start()
        except SQLAlchemyError as error:  # a database not reachable yet must not stop the app
            log.warning("search catch-up skipped: %s", error)
        finally:  # no pooled connection survives into forked workers (gunicorn --preload)
            db.session.remove()
            db.engine.dispose()
