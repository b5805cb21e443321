"""Reads served like static files, the bulk import and the cold observatory, each next to a baseline
measured in the same run (issue 13).

    .venv/bin/pip install ".[prod]"            # gunicorn
    .venv/bin/python bench/cache_bench.py      # about 5 minutes on 2 shared cores

Options: --pages 1000 (generated wiki pages), --duration 5 (seconds per wrk run), --connections 16,
--workers 2 (gunicorn), --import-sizes 1000,3000, --stories 100000, --skip views,import,observatory.

1. Page views (gunicorn, wrk -t2 over random generated pages, as bench/wiki_bench.py): the bare
   Flask baseline (bench/wiki_baseline.py, a template of the same byte size), anonymous views
   (served whole from the visitor cache once warm), signed-in views (a session cookie) of pages
   the reader has not seen since the last change (a server with READER_CACHE_SECONDS=0: the
   visitors' page with the reader's parts filled in) and of pages they have (each page viewed
   before with the same cookie: sent from core.reader_cache), and 304 revalidations (one page,
   its ETag in If-None-Match). Goals: anonymous ≥ 0.70 × baseline, signed-in ≥ 0.35 ×. The warm
   and signed-in lines also give the server's CPU milliseconds per request (from /proc).
2. `flask import` of generated Markdown pages (bench/import_dataset.py) into a fresh site, under
   /usr/bin/time -v: pages per second and peak memory at each size (memory flat in the number of
   pages), against the old path measured alongside: one `save_revision` (one commit) per page.
   Goal: ≥ 200 pages/s.
3. The observatory cold at 100k generated stories (bench/leaderboard_bench.py's generator), in
   process, p50 of 9 runs with the cache emptied before each, next to `SELECT count(*) FROM
   stories` and to the by-sector query it replaced (a count of distinct stories over the join of
   every link). Goal: ≤ 50 ms.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

import import_dataset  # noqa: E402
import wiki_bench  # noqa: E402
from wiki_bench import Site, gunicorn, wrk  # noqa: E402

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# One browser signs in and then reads: Flask-Login's session protection compares the user agent of
# each request with the sign-in's (a different one rewrites the session at every request).
BROWSER = "Mozilla/5.0 (banc d'essai CherClient)"


def signed_in_headers(site: Site) -> dict[str, str]:
    """A real sign-in through the login form (CSRF token included): the session cookie it sets,
    with the browser's user agent."""
    client = site.app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = BROWSER
    token = TOKEN.search(client.get("/auth/login").get_data(as_text=True)).group(1)  # type: ignore[union-attr]
    response = client.post("/auth/login", data={"login": "banc", "password": "banc-d-essai-2026", "csrf_token": token})
    assert response.status_code == 302, response.status_code
    client.get("/")  # the welcome message, shown once: a cookie still holding it shows it on every page
    # A page with a form: the CSRF token it writes into the session is in the cookie from now on,
    # as in a browser (a cookie without it would have every page write the session again).
    client.get("/wiki/fiche-00001-relation-client")
    cookie = client.get_cookie("session")
    assert cookie is not None
    return {"Cookie": f"session={cookie.value}", "User-Agent": BROWSER}


def views(pages: int, duration: int, connections: int, workers: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        site = Site.create(Path(folder) / "site")
        print(f"Generating {pages} pages…", flush=True)
        site.grow(pages)
        page_bytes = site.page_bytes()
        reader = signed_in_headers(site)
        view = ["view", "/wiki/", str(pages)]
        rows: list[tuple[str, float, float, float, int, float | None]] = []
        baseline = wiki_bench.measure_baseline(page_bytes, pages, duration, connections, workers, True)
        rows.append(("bare Flask, same bytes", baseline.rps, baseline.p50_ms, baseline.p99_ms, baseline.errors, None))
        with gunicorn("cherclient_wiki.wsgi:app", {**site.env, "CHERCLIENT_READER_CACHE_SECONDS": "0"}, workers) as url:
            warm(url, pages)
            rows.append(("signed-in, first view", *with_cpu(url, duration, lambda: wrk_with_headers(url, view, duration, connections, reader))))
        with gunicorn("cherclient_wiki.wsgi:app", site.env, workers) as url:
            rows.append(("anonymous, caches cold", *wrk(url, "wiki_load.lua", view, duration, connections), None))
            warm(url, pages)
            rows.append(("anonymous page view", *with_cpu(url, duration, lambda: wrk(url, "wiki_load.lua", view, duration, connections))))
            warm(url, pages, reader)
            rows.append(("signed-in, seen before", *with_cpu(url, duration, lambda: wrk_with_headers(url, view, duration, connections, reader))))
            slug = "/wiki/fiche-00001-relation-client"
            etag = urllib.request.urlopen(url + slug).headers["ETag"]  # noqa: S310 (our own local server)
            rows.append(("304 revalidation", *wrk_with_headers(url + slug, None, duration, connections, {"If-None-Match": etag}), None))
        again = wiki_bench.measure_baseline(page_bytes, pages, duration, connections, workers, True)
        rows.append(("bare Flask again (drift)", again.rps, again.p50_ms, again.p99_ms, again.errors, None))
    base = (baseline.rps + again.rps) / 2
    print(f"\nPage views: {pages} pages of about {page_bytes} bytes; gunicorn {workers} workers; wrk -t2 -c{connections}, {duration} s")
    print(f"{'scenario':<28} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'× baseline':>11} {'errors':>7} {'CPU ms/req':>11}")
    for name, rps, p50, p99, errors, cpu in rows:
        print(f"{name:<28} {rps:8.0f} {p50:8.1f} {p99:8.1f} {rps / base:11.2f} {errors:7d} {f'{cpu:.2f}' if cpu else '':>11}")
    print("(× baseline: against the mean of the two baseline runs; goals: anonymous ≥ 0.70, signed-in ≥ 0.35;\n"
          " CPU ms/req: the server's processes' CPU time per request, steadier than req/s when the processors are shared)")


def with_cpu(url: str, duration: int, run: Callable[[], tuple[float, float, float, int]]) -> tuple[float, float, float, int, float | None]:
    """A wrk run's figures and the CPU milliseconds the server spent per request meanwhile."""
    before = server_cpu(url)
    rps, p50, p99, errors = run()
    spent = server_cpu(url) - before
    return rps, p50, p99, errors, (spent * 1000 / (rps * duration) if rps and spent else None)


def server_cpu(url: str) -> float:
    """CPU seconds used so far by the processes serving `url` (gunicorn's master and workers, found
    by the address in their command line), from /proc; 0 where there is no /proc."""
    bind = url.removeprefix("http://").encode()
    ticks = 0
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if bind in cmdline.read_bytes():
                fields = (cmdline.parent / "stat").read_text().rsplit(")", 1)[1].split()
                ticks += int(fields[11]) + int(fields[12])  # utime, stime
        except OSError:
            continue  # a process that ended meanwhile
    return ticks / os.sysconf("SC_CLK_TCK")


def warm(url: str, pages: int, headers: dict[str, str] | None = None) -> None:
    """Every page asked for four times, eight at a time: each worker has then kept nearly every
    page (the cache is per process by default), as on a site whose readers came by before; with
    a signed-in reader's `headers`, as that reader."""
    def fetch(number: int) -> None:
        address = f"{url}/wiki/fiche-{number % pages:05d}-relation-client"
        urllib.request.urlopen(urllib.request.Request(address, headers=headers or {})).read()  # noqa: S310 (our own local server)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(fetch, range(pages * 4)))


def wrk_with_headers(url: str, view: list[str] | None, duration: int, connections: int,
                     headers: dict[str, str]) -> tuple[float, float, float, int]:
    """wiki_bench.wrk with more headers (a cookie, a validator); without `view`, one fixed URL."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "30s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    if view is not None:
        command += ["-s", str(BENCH / "wiki_load.lua"), url, "--", *view]
    else:
        command.append(url)
    out = subprocess.run(command, check=True, capture_output=True, text=True, timeout=duration + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = wiki_bench._ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    p99 = wiki_bench._ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    non_304 = int(errors.group(1)) if errors else 0
    return rps, p50, p99, non_304 if view is not None else 0


# ---- import -------------------------------------------------------------------------------------


def flask_import(pages: int, workdir: Path) -> tuple[float, int]:
    """(pages per second, peak RSS in MB) of `flask import` into a fresh instance."""
    data, instance = workdir / f"pages-{pages}", workdir / f"import-{pages}"
    import_dataset.write(data, pages)
    env = {**os.environ, "CHERCLIENT_INSTANCE_PATH": str(instance)}
    flask = str(Path(sys.executable).with_name("flask"))
    subprocess.run([flask, "--app", "cherclient_wiki", "init"], env=env, check=True, capture_output=True)
    started = time.perf_counter()
    run = subprocess.run(["/usr/bin/time", "-v", flask, "--app", "cherclient_wiki", "import", str(data)],
                         env=env, check=True, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr).group(1))  # type: ignore[union-attr]
    return pages / elapsed, peak // 1024


def page_by_page(pages: int, workdir: Path) -> float:
    """The old path, for the baseline: one save_revision (one transaction) per page, the index
    brought up to date at the end, in a child process like the import."""
    script = (
        "import sys, time; sys.path.insert(0, %r); import wiki_dataset\n"
        "from cherclient_wiki import create_app\nfrom cherclient_wiki.accounts import users\n"
        "from cherclient_wiki.search.indexer import drain\n"
        "app = create_app()\nwith app.app_context():\n"
        "    author = users.create_user('banc', 'banc@example.org', 'banc-d-essai-2026')\n"
        "    start = time.perf_counter(); wiki_dataset.generate(author, 0, %d, %d); drain()\n"
        "    print(time.perf_counter() - start)\n"
    ) % (str(BENCH), pages, pages)
    instance = workdir / f"page-by-page-{pages}"
    env = {**os.environ, "CHERCLIENT_INSTANCE_PATH": str(instance)}
    flask = str(Path(sys.executable).with_name("flask"))
    subprocess.run([flask, "--app", "cherclient_wiki", "init"], env=env, check=True, capture_output=True)
    out = subprocess.run([sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True).stdout
    return pages / float(out.strip().splitlines()[-1])


def imports(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        old = page_by_page(min(sizes), workdir)
        print(f"\n`flask import` (batches of 200 pages, index per batch), against one commit per page:")
        print(f"{'scenario':<40} {'pages':>6} {'pages/s':>8} {'peak MB':>8} {'× baseline':>11}")
        print(f"{'baseline: save_revision page by page':<40} {min(sizes):6d} {old:8.0f} {'':>8} {1:11.2f}")
        for size in sizes:
            rate, peak = flask_import(size, workdir)
            print(f"{'flask import':<40} {size:6d} {rate:8.0f} {peak:8d} {rate / old:11.2f}")


# ---- observatory --------------------------------------------------------------------------------


def observatory(stories: int) -> None:
    import leaderboard_bench
    from sqlalchemy import func, select

    from cherclient_wiki.brands.models import Brand
    from cherclient_wiki.core.db import db
    from cherclient_wiki.leaderboard.statistics import CACHE_EXTENSION, published
    from cherclient_wiki.observatory import report
    from cherclient_wiki.stories.models import Story, StoryBrand

    with tempfile.TemporaryDirectory() as folder:
        app = leaderboard_bench.build_app(f"sqlite:///{folder}/observatory.sqlite3", Path(folder) / "instance")
        with app.app_context():
            print(f"\nGenerating {stories:,} stories…", flush=True)
            leaderboard_bench.generate(stories)
            cache = app.extensions[CACHE_EXTENSION]
            replaced = (
                select(Brand.sector, Story.ending, func.count(func.distinct(Story.id)))
                .join(StoryBrand, StoryBrand.story_id == Story.id).join(Brand, Brand.id == StoryBrand.brand_id)
                .where(published()).group_by(Brand.sector, Story.ending)
            )
            figures = {
                "baseline: SELECT count(*) FROM stories": leaderboard_bench.timed(
                    lambda: db.session.scalar(select(func.count()).select_from(Story)), 9),
                "observatory cold": leaderboard_bench.timed(report.observatory, 9, cache.bump),
                "  of which: count per sector": leaderboard_bench.timed(report._by_sector_all, 9),
                "the by-sector query it replaced": leaderboard_bench.timed(lambda: db.session.execute(replaced).all(), 3),
            }
            db.engine.dispose()
    base = figures["baseline: SELECT count(*) FROM stories"][0] or 1e-9
    print(f"Observatory at {stories:,} stories (SQLite; p50/p95 of 9 runs, the replaced query 3):")
    print(f"{'measure':<40} {'p50 ms':>8} {'p95 ms':>8} {'× baseline':>11}")
    for name, (p50, p95) in figures.items():
        print(f"{name:<40} {p50:8.1f} {p95:8.1f} {p50 / base:11.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--import-sizes", default="1000,3000")
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--skip", default="", help="comma-separated: views, import, observatory")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
    if "views" not in skip:
        views(args.pages, args.duration, args.connections, args.workers)
    if "import" not in skip:
        imports(sorted(int(size) for size in args.import_sizes.split(",")))
    if "observatory" not in skip:
        observatory(args.stories)
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
