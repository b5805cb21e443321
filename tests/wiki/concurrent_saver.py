"""Run by the concurrency tests in separate processes: build an app on the shared test database,
wait for the common start time, then save. Prints one outcome per save (saved, merged, conflict)."""
from __future__ import annotations

import json
import os
import sys
import time


def main() -> None:
    database_url, instance, slug, start_at, saves_json = sys.argv[1:6]
    os.environ["CHERCLIENT_INSTANCE_PATH"] = instance
    from cherclient_wiki import create_app
    from cherclient_wiki.accounts import users
    from cherclient_wiki.wiki import pages

    app = create_app({"TESTING": True, "DATABASE_URL": database_url})
    with app.app_context():
        author = users.by_username("claire")
        saves = json.loads(saves_json)
        time.sleep(max(0.0, float(start_at) - time.time()))
        for save in saves:
            try:
                saved = pages.save_revision(slug, save["text"], author, base=save["base"], summary=save.get("summary", ""))
                print(saved.outcome.value, flush=True)
            except pages.EditConflict:
                print("conflict", flush=True)


if __name__ == "__main__":
    main()
