"""Several app servers: the search backends side by side, and page views through nginx with 2 app
servers against 1, each baseline measured in the same run.

    createdb -h 127.0.0.1 -U postgres cherclient_bench       # a database the bench may empty
    .venv/bin/python bench/cluster_bench.py --database postgresql://postgres@127.0.0.1/cherclient_bench
    ... --sizes 10000,100000     # both sizes (100k: several minutes to build each index)
    ... --skip-views / --skip-search

1. Search, on bench/search_bench.py's generated French corpus at each size: Whoosh (the default,
   on SQLite, its index in a throwaway instance folder) and PostgreSQL (the `postgresql` backend on
   the given database; Whoosh measured by bench/search_bench.py's own function): build throughput (Whoosh: `SearchIndex.rebuild`; PostgreSQL: the backend's
   `write` in batches of 500, vectors computed by the server), one updated document made
   searchable (Whoosh: one commit; PostgreSQL: the upsert and its commit), and the full
   `searching.search` (parsing, synonyms, facets, snippets, suggestion) p50/p95 over the same
   queries. Wall clock: PostgreSQL's work happens in the server process, so this process's CPU
   time would flatter it.
2. Page views: generated wiki pages (bench/wiki_dataset.py) in the PostgreSQL database, served by
   gunicorn app servers (tests/deploy/cluster.py: shared database, Redis, secret, PostgreSQL
   search) behind nginx (docs/nginx.conf's proxy settings), loaded by wrk: 1 app server, then 2,
   in alternating rounds, best round kept. On one machine both share its cores: the ratio says
   what a second server adds when the cores are there, and costs when they are not.
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
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search_bench import UPDATES, Corpus, bench_ours, median, query_latencies, timed  # noqa: E402

REDIS_URL = "redis://127.0.0.1:6379/5"
NGINX_PORT = 5165
NODE_PORTS = (5166, 5167)


# ---- search --------------------------------------------------------------------------------------


def _app(workdir: Path, database_url: str, backend: str) -> Any:
    os.environ["CHERCLIENT_INSTANCE_PATH"] = str(workdir / f"instance-{backend}")
    from cherclient_wiki import create_app

    return create_app({"DATABASE_URL": database_url, "SERVER_NAME": "localhost", "SEARCH_BACKEND": backend,
                       "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False})


def bench_postgres(workdir: Path, database_url: str, documents: list[dict[str, object]], queries: list[str]) -> dict[str, Any]:
    from flask_migrate import upgrade
    from sqlalchemy import text

    from cherclient_wiki.core.db import db
    from cherclient_wiki.search import postgres
    from cherclient_wiki.search.index import uid

    app = _app(workdir, database_url, "postgresql")
    with app.app_context():
        upgrade(revision="heads")
        db.session.execute(text("TRUNCATE search_documents, search_words"))
        db.session.commit()

        def build_all() -> None:
            with db.engine.begin() as connection:
                for start in range(0, len(documents), postgres.BATCH):
                    batch = documents[start : start + postgres.BATCH]
                    postgres.write(connection, {uid(str(doc["type"]), str(doc["key"])): doc for doc in batch})

        build = timed(build_all)
        subprocess.run(["psql", database_url.replace("+psycopg", ""), "-q", "-c", "VACUUM ANALYZE search_documents", "-c", "VACUUM ANALYZE search_words"], check=True)
        updates = []
        for n in range(UPDATES):
            changed = dict(documents[n * 7], title=f"Mise à jour numéro {n}")

            def update(changed: dict[str, object] = changed) -> None:
                with db.engine.begin() as connection:
                    postgres.write(connection, {uid(str(changed["type"]), str(changed["key"])): changed})

            updates.append(timed(update))
        result = {"build": build, "update": median(updates), "queries": query_latencies(app, queries)}
        size = db.session.scalar(text("SELECT pg_total_relation_size('search_documents') + pg_total_relation_size('search_words')"))
        result["bytes"] = size
        db.session.execute(text("TRUNCATE search_documents, search_words"))
        db.session.commit()
        db.engine.dispose()
    return result


def run_search(size: int, database_url: str) -> None:
    corpus = Corpus(size)
    documents, queries = corpus.documents(), corpus.queries()
    workdir = Path(tempfile.mkdtemp(prefix=f"cluster-bench-{size}-"))
    try:
        whoosh = bench_ours(workdir, documents, queries)  # the Whoosh backend, on SQLite
        pg = bench_postgres(workdir, database_url, documents, queries)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"\n== search, {size:,} documents (wall ms; x = PostgreSQL / Whoosh, wall)")
    for label, key in (("build", "build"), ("update", "update")):
        w, p = whoosh[key][0], pg[key][0]
        unit = f"{size / w:7.0f} vs {size / p:7.0f} docs/s" if key == "build" else f"{w * 1000:7.1f} vs {p * 1000:7.1f} ms"
        print(f"{label:<10} Whoosh vs PostgreSQL: {unit} (x{p / max(w, 1e-9):.2f})")
    for label, position in (("query p50", 0), ("query p95", 1)):
        w, p = whoosh["queries"][position][0], pg["queries"][position][0]
        print(f"{label:<10} Whoosh {w * 1000:7.1f} ms | PostgreSQL {p * 1000:7.1f} ms (x{p / max(w, 1e-9):.2f})")
    print(f"PostgreSQL tables and indexes: {pg['bytes'] / 2**20:.0f} MiB")


# ---- page views: 1 app server vs 2 behind nginx ---------------------------------------------------


NGINX = """
pid {root}/nginx.pid;
error_log {root}/error.log;
{user}
events {{}}
http {{
    access_log off;
    client_body_temp_path {root};
    proxy_temp_path {root};
    upstream cherclient_app {{ {servers} keepalive 16; }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://cherclient_app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-Host $host;
        }}
    }}
}}
"""


def run_views(database_url: str, pages: int, duration: int, connections: int, rounds: int) -> None:
    import wiki_dataset
    from flask_migrate import upgrade
    from sqlalchemy import text
    from wiki_bench import wrk

    from cherclient_wiki.accounts import users
    from cherclient_wiki.accounts.roles import Role
    from cherclient_wiki.core.db import db
    from tests.deploy.cluster import Cluster

    workdir = Path(tempfile.mkdtemp(prefix="cluster-bench-views-"))
    app = _app(workdir, database_url, "postgresql")
    with app.app_context():
        upgrade(revision="heads")
        names = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
        db.session.execute(text(f"TRUNCATE {names}, search_documents, search_words RESTART IDENTITY CASCADE"))
        db.session.commit()
        author = users.create_user("banc", "banc@example.org", "banc-d-essai-2026", Role.PRACTITIONER)
        started = time.perf_counter()
        wiki_dataset.generate(author, 0, pages, pages)
        print(f"\n== page views: {pages} generated pages ({time.perf_counter() - started:.0f} s), wrk -c{connections} "
              f"-d{duration}s through nginx, {rounds} rounds alternating, best kept")
        db.engine.dispose()
    cluster = Cluster(workdir / "cluster", database_url, REDIS_URL, {"CHERCLIENT_PROXY_COUNT": "1", "CHERCLIENT_RATELIMIT_ENABLED": "false"})
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    results: dict[int, list[tuple[float, float, float, int]]] = {1: [], 2: []}
    try:
        nodes = [cluster.node(f"node{n}", port, workers=1, threads=4) for n, port in enumerate(NODE_PORTS)]
        for _round in range(rounds):
            for count in (1, 2):
                servers = " ".join(f"server 127.0.0.1:{node.port};" for node in nodes[:count])
                root = workdir / f"nginx-{count}"
                root.mkdir(exist_ok=True)
                (root / "logs").mkdir(exist_ok=True)
                user = "user root;" if os.geteuid() == 0 else ""
                (root / "nginx.conf").write_text(NGINX.format(root=root, user=user, servers=servers, port=NGINX_PORT))
                proxy = cluster.process(f"nginx-{count}", [nginx, "-p", str(root), "-c", str(root / "nginx.conf"), "-g", "daemon off;"])
                time.sleep(0.5)
                try:
                    results[count].append(wrk(f"http://127.0.0.1:{NGINX_PORT}", "wiki_load.lua", ["view", "/wiki/", str(pages)], duration, connections))
                finally:
                    proxy.stop()
    finally:
        cluster.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    best = {count: max(runs, key=lambda run: run[0]) for count, runs in results.items()}
    for count in (1, 2):
        rps, p50, p99, errors = best[count]
        print(f"{count} app server{'s' if count > 1 else ' '}: {rps:7.1f} req/s, p50 {p50:6.1f} ms, p99 {p99:7.1f} ms, {errors} errors")
    print(f"2 / 1 = x{best[2][0] / max(best[1][0], 1e-9):.2f} requests/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True, help="a PostgreSQL URL whose content the bench may erase")
    parser.add_argument("--sizes", default="10000", help="comma-separated document counts (10000,100000 for both)")
    parser.add_argument("--pages", type=int, default=500, help="generated wiki pages for the page views")
    parser.add_argument("--duration", type=int, default=8, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--skip-search", action="store_true")
    parser.add_argument("--skip-views", action="store_true")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
    if not args.skip_search:
        for size in (int(part) for part in args.sizes.split(",")):
            run_search(size, args.database)
    if not args.skip_views:
        run_views(args.database, args.pages, args.duration, args.connections, args.rounds)


if __name__ == "__main__":
    main()
