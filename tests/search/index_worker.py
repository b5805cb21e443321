"""Run in separate processes by the consistency tests, on the shared test database and instance.

    write DB INSTANCE PREFIX COUNT   save COUNT pages, each in its own app context (like a request)
    read DB INSTANCE STOPFILE        search until STOPFILE exists; print how many searches ran
    crash DB INSTANCE                save pages, then stall inside the index writer (to be killed)
    count DB INSTANCE                an external worker: run the background jobs until idle, print
                                     each document it indexed (to spot one indexed twice)
    stall DB INSTANCE                an external worker that stalls inside its first index commit
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def stall_index_commits() -> None:
    """Every index commit says so, then hangs (until the test kills the process)."""
    from whoosh.writing import SegmentWriter

    def stall(self: SegmentWriter, *args: object, **kwargs: object) -> None:
        print("indexing", flush=True)
        time.sleep(60)

    SegmentWriter.commit = stall  # type: ignore[method-assign]


def main() -> None:
    mode, database_url, instance = sys.argv[1:4]
    os.environ["CHERCLIENT_INSTANCE_PATH"] = instance
    from cherclient_wiki import create_app
    from cherclient_wiki.wiki import pages

    worker = {"WORKER": "external", "SEARCH_BATCH": 5} if mode in ("count", "stall") else {}
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SERVER_NAME": "localhost", **worker})
    if mode == "write":
        prefix, count = sys.argv[4], int(sys.argv[5])
        for i in range(count):
            with app.app_context():
                pages.save_revision(f"{prefix}-{i}", f"Processus {prefix}, page {i} : écrite en parallèle.", None)
        print("written", flush=True)
    elif mode == "read":
        from cherclient_wiki.search import searching

        stop, searches = Path(sys.argv[4]), 0
        while not stop.exists() or searches == 0:
            with app.test_request_context():
                searching.search("processus parallèle")
            searches += 1
            time.sleep(0.05)
        print(searches, flush=True)
    elif mode == "crash":
        from cherclient_wiki.search import indexer

        stall_index_commits()
        with app.app_context():
            for i in range(20):
                pages.save_revision(f"crash-{i}", f"Page {i} écrite juste avant la panne.", None)
            indexer.drain()
    elif mode == "count":
        from cherclient_wiki.core import background
        from cherclient_wiki.search.index import SearchIndex

        apply = SearchIndex.apply

        def printing(self: SearchIndex, changes: dict[str, object]) -> None:
            apply(self, changes)
            print("\n".join(changes), flush=True)

        SearchIndex.apply = printing  # type: ignore[method-assign]
        print("ready", flush=True)
        sys.stdin.readline()  # both workers start together
        with app.app_context():
            background.run_until_idle(app)
    elif mode == "stall":
        from cherclient_wiki.core import background

        stall_index_commits()
        with app.app_context():
            background.run_once(app)


if __name__ == "__main__":
    main()
