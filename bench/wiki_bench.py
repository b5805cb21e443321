"""Page views and page saves at 1,000 and 10,000 generated pages, next to a bare Flask baseline.

    .venv/bin/python bench/wiki_bench.py [--sizes 1000,10000] [--duration 5] [--connections 8] [--rounds 2]

The site and the baseline (bench/wiki_baseline.py, a template of the same size) are served by
gunicorn on 127.0.0.1 and loaded by wrk for the same time with the same connections, in rounds
that alternate between the scenarios; the figures are requests/s and p50/p99 latency as wrk
reports them, best round kept. Without wrk or gunicorn, a bounded in-process loop (Flask test
client, one thread) measures both sides instead. Then, in-process: CPU time and SQL statements
per page view at each size (the O(1) evidence, with SQLite's query plans), where a save's time
goes, and the cost of the red/blue link resolution. Everything lives in a throwaway folder.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))


@dataclass(frozen=True)
class Figures:
    label: str
    pages: int | None
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


# ---- load generation -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def gunicorn(target: str, env: dict[str, str], workers: int, chdir: Path = ROOT) -> Iterator[str]:
    """A real server on 127.0.0.1, stopped afterwards with all its workers (a worker left
    finishing a slow save would steal CPU from the next scenario); yields its base URL."""
    port = free_port()
    command = [
        str(Path(sys.executable).with_name("gunicorn")), "-w", str(workers), "-b", f"127.0.0.1:{port}",
        "--graceful-timeout", "10", "--chdir", str(chdir), target,
    ]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, env={**os.environ, **env}, stdout=log, stderr=log, start_new_session=True)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(url + "/", timeout=1)  # noqa: S310 (our own local server)
                    break
                except urllib.error.HTTPError:
                    break  # it answers (the baseline has no "/")
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        log.seek(0)
                        raise SystemExit("gunicorn did not start:\n" + log.read().decode(errors="replace")) from None
                    time.sleep(0.2)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)  # its own session: the master and its workers
                process.wait(timeout=20)


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * UNITS[unit]


def wrk(url: str, script: str, args: list[str], duration: int, connections: int) -> tuple[float, float, float, int]:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "30s", "--latency", "-s", str(BENCH / script), url, "--", *args]
    out = subprocess.run(command, check=True, capture_output=True, text=True, timeout=duration + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    failures = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    count = int(errors.group(1)) if errors else 0
    count += sum(int(n) for n in failures.groups()) if failures else 0
    return rps, p50, p99, count


def in_process(send: Callable[[int], int], duration: int) -> tuple[float, float, float, int]:
    """The fallback driver: one thread, a test client, bounded by time; send(i) returns a status."""
    latencies, errors, started = [], 0, time.perf_counter()
    i = 0
    while time.perf_counter() - started < duration:
        start = time.perf_counter()
        status = send(i)
        latencies.append((time.perf_counter() - start) * 1000)
        errors += status >= 400
        i += 1
    quantiles = statistics.quantiles(latencies, n=100)
    return len(latencies) / (time.perf_counter() - started), quantiles[49], quantiles[98], errors


def cpu_ms_per_request(send: Callable[[int], int], count: int = 300) -> float:
    """Median CPU time of one in-process request: unlike wall-clock figures, it hardly moves when
    other programs compete for the processors."""
    samples = []
    for i in range(count):
        start = time.process_time()
        send(i)
        samples.append((time.process_time() - start) * 1000)
    return statistics.median(samples)


# ---- the site under test ----------------------------------------------------------------------


class Site:
    """A throwaway instance: migrated database, one author with an API token, generated pages."""

    def __init__(self, folder: Path, count: int = 0, token: str = "") -> None:
        self.folder = folder
        self.env = {"CHERCLIENT_INSTANCE_PATH": str(folder), "CHERCLIENT_RATELIMIT_ENABLED": "false"}
        os.environ.update(self.env)
        from cherclient_wiki import create_app

        self.app = create_app()
        self.count = count
        self.token = token

    @classmethod
    def create(cls, folder: Path) -> Site:
        """`flask init` (database and search index), then the author and its token."""
        from cherclient_wiki.accounts import users
        from cherclient_wiki.accounts.roles import Role
        from cherclient_wiki.accounts.tokens import create_token

        site = cls(folder)
        with site.app.app_context():
            result = site.app.test_cli_runner().invoke(args=["init"])
            if result.exit_code != 0:
                raise SystemExit(f"flask init failed:\n{result.output}")
            author = users.create_user("banc", "banc@example.org", "banc-d-essai-2026", Role.PRACTITIONER)
            site.token = create_token(author, "banc")
        return site

    def grow(self, size: int) -> float:
        """Generate pages up to `size` (without waiting for each commit to reach the disk: only the
        measured requests pay for durability), then the whole search index backlog. Returns the seconds
        it took."""
        import wiki_dataset

        from cherclient_wiki.accounts import users
        from cherclient_wiki.core.db import db
        from cherclient_wiki.search.indexer import drain

        started = time.perf_counter()
        with self.app.app_context():
            db.session.execute(text("PRAGMA synchronous=OFF"))
            wiki_dataset.generate(users.by_username("banc"), self.count, size, size)  # type: ignore[arg-type]
            db.session.execute(text("PRAGMA synchronous=FULL"))
        with self.app.app_context():
            drain()  # else the measured saves would share the CPU with indexing the whole backlog
        self.count = size
        return time.perf_counter() - started

    def clone(self, folder: Path) -> Site:
        """A copy of this site as it is now, in its own instance folder: the database (SQLite's
        VACUUM INTO) and every other file of the instance (secret key, search index)."""
        from cherclient_wiki.core.db import db

        shutil.copytree(self.folder, folder, ignore=shutil.ignore_patterns("cherclient.sqlite3*"))
        with self.app.app_context():
            db.session.execute(text("VACUUM INTO :target"), {"target": str(folder / "cherclient.sqlite3")})
            db.session.remove()
        return Site(folder, self.count, self.token)

    def page_bytes(self) -> int:
        import wiki_dataset

        return len(self.app.test_client().get("/wiki/" + wiki_dataset.slug(0)).data)


@contextmanager
def counted_statements(app: Any) -> Iterator[list[str]]:
    from sqlalchemy import event

    from cherclient_wiki.core.db import db

    statements: list[str] = []
    with app.app_context():
        engine = db.engine

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def statements_per_view(site: Site, samples: int = 20) -> tuple[float, list[str]]:
    """Average SQL statements for one page view, and SQLite's plans for the full scans among them."""
    import wiki_dataset

    client = site.app.test_client()
    with counted_statements(site.app) as statements:
        for n in range(samples):
            assert client.get("/wiki/" + wiki_dataset.slug(n * 37 % site.count)).status_code == 200
    per_view = len(statements) / samples
    scans: list[str] = []
    with site.app.app_context():
        from cherclient_wiki.core.db import db

        if db.engine.dialect.name == "sqlite":
            one_view = statements[: int(per_view)]
            for statement in one_view:
                if not statement.lstrip().upper().startswith("SELECT"):
                    continue
                params = {str(i): None for i in range(statement.count("?"))}
                plan = db.session.execute(text("EXPLAIN QUERY PLAN " + _named(statement)), params).all()
                scans += [f"{row[-1]}  <- {statement[:70]}…" for row in plan if str(row[-1]).startswith("SCAN")]
    return per_view, scans


def _named(statement: str) -> str:
    """sqlite3's `?` placeholders as SQLAlchemy text() named ones (values do not matter for a plan)."""
    parts = statement.split("?")
    return "".join(part + (f":{i}" if i < len(parts) - 1 else "") for i, part in enumerate(parts))


# ---- the run ------------------------------------------------------------------------------------


def run(sizes: list[int], duration: int, connections: int, workers: int, rounds: int) -> None:
    use_wrk = shutil.which("wrk") is not None and Path(sys.executable).with_name("gunicorn").exists()
    driver = f"wrk -t2 -c{connections} -d{duration}s against gunicorn -w {workers}" if use_wrk else "in-process loop (install wrk and gunicorn for HTTP figures)"
    print(f"Driver: {driver}; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; all traffic to 127.0.0.1.")
    with tempfile.TemporaryDirectory(prefix="cherclient-bench-") as folder:
        # One site grown in steps, copied at each size: every size exists at once, so the rounds
        # below can alternate between them and a busy machine slows them all alike.
        site = Site.create(Path(folder) / "grown")
        sites: list[Site] = []
        for size in sizes:
            print(f"Generated {size} pages ({site.grow(size):.0f} s through save_revision and the search index).", flush=True)
            sites.append(site.clone(Path(folder) / f"pages-{size}") if size != sizes[-1] else site)
        page_bytes = site.page_bytes()
        best: dict[tuple[str, int | None], Figures] = {}
        for round_number in range(rounds):
            print(f"Round {round_number + 1} of {rounds}…", flush=True)
            measured = [measure_baseline(page_bytes, sizes[-1], duration, connections, workers, use_wrk)]
            for each in sites:
                measured += measure_site(each, duration, connections, workers, use_wrk)
            for figures in measured:
                key = (figures.label, figures.pages)
                if key not in best or figures.rps > best[key].rps:
                    best[key] = figures
        print_table(list(best.values()), page_bytes, rounds)
        print(f"Load average after the rounds: {os.getloadavg()[0]:.1f} (other work on the machine skews every figure alike).")
        print("\nO(1) reads: the same statements, all index lookups, the same CPU time, whatever the number of pages")
        print("(in-process, median CPU time of 300 requests):")
        import wiki_baseline
        import wiki_dataset

        baseline_client = wiki_baseline.create_app(page_bytes).test_client()
        baseline_cpu = cpu_ms_per_request(lambda i: baseline_client.get(f"/page/p{i}").status_code)
        print(f"  {'baseline':>6}      : {baseline_cpu:.2f} ms CPU per page view")
        for each in sites:
            per_view, scans = statements_per_view(each)
            client = each.app.test_client()
            cpu = cpu_ms_per_request(lambda i: client.get("/wiki/" + wiki_dataset.slug(i * 7919 % each.count)).status_code)
            print(f"  {each.count:>6} pages: {cpu:.2f} ms CPU per page view, {per_view:.1f} SQL statements; full scans: {scans or 'none'}")
        print("\nWhere a save's time goes (in-process, median of 40 API saves):")
        for each in sites:
            print("  " + save_breakdown(each))
        import wiki_links

        with site.app.app_context():
            print()
            print("\n".join(wiki_links.measure(site.count)))


def save_breakdown(site: Site, count: int = 40) -> str:
    """Wall time of a save through the API (its response leaves before any index commit), and how
    much later the inline background runner has made it searchable."""
    import wiki_dataset

    from cherclient_wiki.core import background

    client = site.app.test_client()
    headers = {"Authorization": f"Bearer {site.token}"}
    totals, lags = [], []
    for i in range(count):
        body = {"markdown": f"# Révision {i}\n\n" + wiki_dataset.PARAGRAPHS[1] * 24, "summary": "banc"}
        start = time.perf_counter()
        client.put(f"/api/v1/pages/{wiki_dataset.slug(i * 104729 % site.count)}", json=body, headers=headers)
        answered = time.perf_counter()
        background.settle(site.app)
        totals.append((answered - start) * 1000)
        lags.append((time.perf_counter() - answered) * 1000)
    return (f"{site.count:>6} pages: {statistics.median(totals):.1f} ms per save, searchable"
            f" {statistics.median(lags):.1f} ms after the response")


def measure_site(site: Site, duration: int, connections: int, workers: int, use_wrk: bool) -> list[Figures]:
    import wiki_dataset

    size = site.count
    if use_wrk:
        with gunicorn("cherclient_wiki.wsgi:app", site.env, workers) as url:
            wrk(url, "wiki_load.lua", ["view", "/wiki/", str(size)], 1, connections)  # warm-up
            view = wrk(url, "wiki_load.lua", ["view", "/wiki/", str(size)], duration, connections)
            save = wrk(url, "wiki_load.lua", ["save", site.token, str(size)], duration, connections)
    else:
        client = site.app.test_client()
        headers = {"Authorization": f"Bearer {site.token}"}
        view = in_process(lambda i: client.get("/wiki/" + wiki_dataset.slug(i * 7919 % size)).status_code, duration)
        save = in_process(
            lambda i: client.put(
                f"/api/v1/pages/{wiki_dataset.slug(i * 104729 % size)}",
                json={"markdown": f"# Révision {i}\n\n" + wiki_dataset.PARAGRAPHS[0] * 24, "summary": "banc"},
                headers=headers,
            ).status_code,
            duration,
        )
    return [Figures("wiki page view", size, *view), Figures("wiki page save (API PUT)", size, *save)]


def measure_baseline(size: int, count: int, duration: int, connections: int, workers: int, use_wrk: bool) -> Figures:
    if use_wrk:
        env = {"BASELINE_BYTES": str(size)}
        with gunicorn("wiki_baseline:app", env, workers, chdir=BENCH) as url:
            wrk(url, "wiki_load.lua", ["view", "/page/", str(count)], 1, connections)
            figures = wrk(url, "wiki_load.lua", ["view", "/page/", str(count)], duration, connections)
    else:
        import wiki_baseline

        client = wiki_baseline.create_app(size).test_client()
        figures = in_process(lambda i: client.get(f"/page/fiche-{i % count:05d}-relation-client").status_code, duration)
    return Figures("bare Flask template", None, *figures)


def print_table(results: list[Figures], page_bytes: int, rounds: int) -> None:
    baseline = results[0]
    print(f"\nA wiki page weighs {page_bytes} bytes; the baseline template renders the same size.")
    print(f"Best of {rounds} rounds (the rounds alternate between all scenarios).")
    print(f"{'scenario':<28} {'pages':>6} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'vs baseline':>12} {'errors':>7}")
    for row in results:
        ratio = row.rps / baseline.rps
        pages = "-" if row.pages is None else str(row.pages)
        print(f"{row.label:<28} {pages:>6} {row.rps:>8.0f} {row.p50_ms:>8.2f} {row.p99_ms:>8.2f} {ratio:>11.2f}x {row.errors:>7}")
    if any(row.errors for row in results):
        raise SystemExit("some requests failed: the figures above are not valid")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="page counts, ascending (default 1000,10000)")
    parser.add_argument("--duration", type=int, default=5, help="seconds per load run (default 5)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections for wrk (default 8)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn workers (default: CPUs)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds over every scenario; the best is kept (default 2)")
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    run(sizes, args.duration, args.connections, args.workers, args.rounds)


if __name__ == "__main__":
    main()
