"""Saves under concurrent writers: the response never waits for the search index.

    .venv/bin/python bench/save_bench.py                       # 10,000 pages, 16 writers (~6 min)
    .venv/bin/python bench/save_bench.py --pages 1000 --duration 5

One generated site (bench/wiki_dataset.py through the real write path, as wiki_bench.py), served by
gunicorn on 127.0.0.1 and loaded by wrk with `--connections` concurrent clients, in one run:
- baseline: page views of the same site on the same server (what the server does without writing);
- saves (`PUT /api/v1/pages/<slug>`, a new text each time) with the default inline runner (a daemon
  thread in each gunicorn worker applies the outbox after the responses);
- the same saves with `CHERCLIENT_WORKER=external` and one `flask worker` process beside the server.
For each: requests/s, p50 and p99 as wrk reports them; for the saves, how long the index took to
catch up once the load stopped (the outbox empty), the bound on read-your-writes under that load.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

from wiki_bench import ROOT, Site, gunicorn, wrk  # noqa: E402


def outbox_drained_after(site: Site, limit: float = 120.0) -> float:
    """Seconds until the outbox is empty (the index has every save)."""
    from cherclient_wiki.core.db import db
    from cherclient_wiki.search.indexer import has_pending

    started = time.perf_counter()
    with site.app.app_context():
        while has_pending() and time.perf_counter() - started < limit:
            time.sleep(0.05)
        db.session.remove()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn workers")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="save-bench-"))
    try:
        measure(folder, args)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def measure(folder: Path, args: argparse.Namespace) -> None:
    site = Site.create(folder / "site")
    print(f"Generated {args.pages} pages in {site.grow(args.pages):.0f} s.", flush=True)
    size, load = str(args.pages), os.getloadavg()[0]
    rows = []
    with gunicorn("cherclient_wiki.wsgi:app", site.env, args.workers) as url:
        wrk(url, "wiki_load.lua", ["view", "/wiki/", size], 1, args.connections)
        rows.append(("page view (baseline)", *wrk(url, "wiki_load.lua", ["view", "/wiki/", size], args.duration, args.connections), None))
        figures = wrk(url, "wiki_load.lua", ["save", site.token, size], args.duration, args.connections)
        rows.append(("save, inline runner", *figures, outbox_drained_after(site)))
    external = {**site.env, "CHERCLIENT_WORKER": "external"}
    worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "cherclient_wiki", "worker"], cwd=ROOT,
                              env={**os.environ, **external}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with gunicorn("cherclient_wiki.wsgi:app", external, args.workers) as url:
            figures = wrk(url, "wiki_load.lua", ["save", site.token, size], args.duration, args.connections)
            rows.append(("save, external worker", *figures, outbox_drained_after(site)))
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    print(f"\n{args.pages:,} pages, wrk -c{args.connections} -d{args.duration}s, gunicorn -w {args.workers}, "
          f"load average {load:.1f} -> {os.getloadavg()[0]:.1f} (shared machine)")
    print(f"{'scenario':<24}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}  index caught up after")
    for name, rps, p50, p99, errors, lag in rows:
        caught = "" if lag is None else f"{lag:.2f} s"
        print(f"{name:<24}{rps:8.0f}{p50:9.1f}{p99:9.1f}{errors:8d}  {caught}")


if __name__ == "__main__":
    main()
