"""Background jobs: the work a request queues instead of doing before its response leaves.

Each feature registers in `Hooks.background_jobs` a callable that drains one batch of its own queue
and returns how many items it handled. The queue lives in the database (an outbox), so the work
survives any crash: a runner killed mid-batch leaves its items to be redone, and every job must be
safe to redo. Each job also makes sure that two runners never handle the same item (claimed rows,
a lock).

Two runners, chosen by the `WORKER` setting (environment: `CHERCLIENT_WORKER`):

- `inline` (the default): the one-command setup needs nothing else. Each web process has a daemon
  thread, started on first use, that wakes once an application context that queued work ends (a
  feature says so with `queued(session)` in the transaction that queued it: the search outbox, the
  notifications' e-mails); the thread runs the jobs until they are idle. Work left at exit is
  finished by the exit handler, or else at the next start.
- `external`: `flask --app cherclient_wiki worker` runs the jobs in its own process (or several:
  on other machines too); web processes never run them.
"""
from __future__ import annotations

import atexit
import logging
import os
import signal
import threading
import time
from types import FrameType

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from .db import db
from .hooks import hooks

INLINE, EXTERNAL = "inline", "external"
EXTENSION = "cherclient.background"
QUEUED = "cherclient_background_queued"  # session.info: this session queued work for the jobs
log = logging.getLogger(__name__)


def run_once(app: Flask) -> int:
    """One batch of every job; how many items they handled together."""
    handled = 0
    for job in hooks(app).background_jobs:
        try:
            handled += job()
        except Exception:  # one failing job must not stop the others: its items stay queued
            log.exception("background job %s failed", getattr(job, "__qualname__", job))
    return handled


def run_until_idle(app: Flask) -> int:
    """Batches until every queue is empty (or only holds what another runner is handling)."""
    total = 0
    while handled := run_once(app):
        total += handled
    return total


class InlineRunner:
    """The daemon thread of one web process. Woken after every request that queued work: a wake
    during a run makes the thread run again, so nothing committed is left waiting."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.wanted = threading.Event()
        self.guard = threading.Lock()
        self.running = threading.Lock()
        self.thread: threading.Thread | None = None
        self.pid = 0
        self.closed = False

    def wake(self) -> None:
        self._ensure_running()
        self.wanted.set()

    def _ensure_running(self) -> None:
        """Started lazily, and again in a forked child (threads do not survive a fork)."""
        if self.thread is not None and self.pid == os.getpid() and self.thread.is_alive():
            return
        with self.guard:
            if self.closed:
                return
            if self.thread is None or self.pid != os.getpid() or not self.thread.is_alive():
                self.pid = os.getpid()
                self.thread = threading.Thread(target=self._loop, name="cherclient-background", daemon=True)
                self.thread.start()
                atexit.register(self._finish)

    def _loop(self) -> None:
        while True:
            self.wanted.wait()
            if self.closed:
                return
            with self.running:
                self.wanted.clear()
                self._run()

    def _run(self) -> None:
        try:
            with self.app.app_context():
                run_until_idle(self.app)
        except Exception:  # the thread must survive (e.g. a database restarting)
            log.exception("background jobs failed; they stay queued")

    def settle(self, timeout: float) -> None:
        """Wait until the thread has nothing left to run (before the app's engine is disposed:
        a connection checked out meanwhile would be orphaned)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.thread is not None and self.thread.is_alive():
            with self.running:
                if not self.wanted.is_set():
                    return
            time.sleep(0.01)

    def close(self, timeout: float) -> None:
        """Let the thread finish what was queued, then end it and drop the exit handler: for an
        app disposed of while its process goes on (a test suite builds hundreds; each waiting
        thread and exit handler kept its app, and all the app holds, alive until exit)."""
        self.settle(timeout)
        with self.guard:
            self.closed = True
            self.wanted.set()
        if self.thread is not None and self.thread is not threading.current_thread():
            self.thread.join(timeout)
        atexit.unregister(self._finish)

    def _finish(self) -> None:
        """At exit, what was queued since the last run (the daemon thread dies with the process)."""
        if self.pid == os.getpid() and self.wanted.is_set():
            self._run()


def wake(app: Flask | None = None) -> None:
    """Say that a request queued work: the inline runner starts on it; with an external worker,
    nothing to do (it polls the queues)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    runner: InlineRunner | None = app.extensions.get(EXTENSION)
    if runner is not None:
        runner.wake()


def queued(session: Session) -> None:
    """Called in the transaction that queues work: the runner is woken once the request (or the
    command) is over, so the work never delays the response."""
    session.info[QUEUED] = True


def _wake_if_queued(_error: BaseException | None) -> None:
    if db.session.registry.has() and db.session.info.pop(QUEUED, False):
        wake()


def settle(app: Flask, timeout: float = 30.0) -> None:
    """Let the inline runner finish what it was woken for (nothing to wait for otherwise)."""
    runner: InlineRunner | None = app.extensions.get(EXTENSION)
    if runner is not None:
        runner.settle(timeout)


def close(app: Flask, timeout: float = 30.0) -> None:
    """Settle, then stop the inline runner for good (an app being disposed of)."""
    runner: InlineRunner | None = app.extensions.get(EXTENSION)
    if runner is not None:
        runner.close(timeout)


@click.command("worker")
@click.option("--once", is_flag=True, help="Vider les files d'attente puis s'arrêter.")
@with_appcontext
def worker_command(once: bool) -> None:
    """Run the background jobs in this process until stopped (SIGTERM or Ctrl-C finishes the batch
    in progress first). Set WORKER=external so that the web processes leave the jobs to it."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    if once:
        click.echo(_("%(n)d tâche(s) traitée(s).", n=run_until_idle(app)))
        return
    stopping = threading.Event()

    def stop(_signal: int, _frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    poll = float(app.config["WORKER_POLL_SECONDS"])
    click.echo(_("Travailleur démarré (%(n)d file(s) d'attente).", n=len(hooks(app).background_jobs)))
    while not stopping.is_set():
        if not run_once(app):
            stopping.wait(poll)  # idle: look again soon (read-your-writes needs well under 1 s)
        db.session.remove()  # nothing held between rounds (a job using the scoped session)


def init_app(app: Flask) -> None:
    app.config.setdefault("WORKER", INLINE)
    app.config.setdefault("WORKER_POLL_SECONDS", 0.2)
    if app.config["WORKER"] not in (INLINE, EXTERNAL):
        raise RuntimeError(f"WORKER must be {INLINE!r} or {EXTERNAL!r}, not {app.config['WORKER']!r}")
    if app.config["WORKER"] == INLINE:
        app.extensions[EXTENSION] = InlineRunner(app)
        app.teardown_appcontext(_wake_if_queued)
    app.cli.add_command(worker_command)
