"""Several app servers on one machine, as docs/deploy.md runs them: gunicorn processes with their own
instance folders sharing the PostgreSQL database, Redis, the secret key, the upload folder and the
search backend. Used by tests/deploy and bench/cluster_bench.py.

A `Cluster` holds the shared settings; `node()` starts an app server, `process()` any other
command with the same environment (the background worker: `cluster.process("worker", [FLASK,
"--app", "cherclient_wiki", "worker"])`). Every process runs in its own process group, so a
SIGKILL takes its workers down with it, as a machine crash would.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
GUNICORN = str(BIN / "gunicorn")
FLASK = str(BIN / "flask")
READY_SECONDS = 60.0


@dataclass
class Process:
    name: str
    argv: list[str]
    env: dict[str, str]
    log: Path
    popen: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.popen = subprocess.Popen(self.argv, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                          start_new_session=True)

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """The whole process group: gunicorn's master and its workers."""
        if self.popen is not None and self.popen.poll() is None:
            try:
                os.killpg(self.popen.pid, sig)
            except ProcessLookupError:
                pass
            self.popen.wait(timeout=30)

    def stop(self) -> None:
        """Gracefully, then for good."""
        if self.popen is not None and self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@dataclass
class Node(Process):
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self) -> None:
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            if self.popen is not None and self.popen.poll() is not None:
                raise RuntimeError(f"{self.name} exited at start:\n{self.output()[-3000:]}")
            try:
                if requests.get(self.url + "/api/v1/search/titles?q=a", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} not ready after {READY_SECONDS:.0f} s:\n{self.output()[-3000:]}")


@dataclass
class Cluster:
    """The settings every process shares; the instance folders are each process's own."""

    root: Path
    database_url: str
    redis_url: str
    settings: Mapping[str, str] = field(default_factory=dict)
    processes: dict[str, Process] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "uploads").mkdir(exist_ok=True)
        self.secret = uuid.uuid4().hex * 2

    def environment(self, name: str) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if not key.startswith("CHERCLIENT_")}
        env.update({
            "CHERCLIENT_INSTANCE_PATH": str(self.root / name),
            "CHERCLIENT_DATABASE_URL": self.database_url,
            "CHERCLIENT_RATELIMIT_STORAGE_URI": self.redis_url,
            "CHERCLIENT_RATELIMIT_KEY_PREFIX": f"cluster-{self.secret[:12]}",
            "CHERCLIENT_SECRET_KEY": self.secret,
            "CHERCLIENT_SEARCH_BACKEND": "postgresql",
            "CHERCLIENT_UPLOAD_FOLDER": str(self.root / "uploads"),
            **self.settings,
        })
        return env

    def node(self, name: str, port: int, workers: int = 1, threads: int = 4) -> Node:
        """Start (or restart, same instance folder) an app server and wait until it answers."""
        argv = [GUNICORN, "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
                "--graceful-timeout", "5", "cherclient_wiki.wsgi:app"]
        node = Node(name, argv, self.environment(name), self.root / f"{name}.log", port=port)
        self.processes[name] = node
        node.start()
        node.wait_ready()
        return node

    def process(self, name: str, argv: Sequence[str]) -> Process:
        """Any other process of the deployment (the worker), with the same settings."""
        process = Process(name, list(argv), self.environment(name), self.root / f"{name}.log")
        self.processes[name] = process
        process.start()
        return process

    def stop(self) -> None:
        for process in self.processes.values():
            process.stop()
