"""Run by the concurrency test in separate processes: build an app on the shared test database,
wait for the common start time, then edit the story. Prints the outcome (saved, merged, conflict)."""
from __future__ import annotations

import json
import os
import sys
import time


def main() -> None:
    database_url, instance, story_id, start_at, edit_json = sys.argv[1:6]
    os.environ["CHERCLIENT_INSTANCE_PATH"] = instance
    from cherclient_wiki import create_app
    from cherclient_wiki.accounts import users
    from cherclient_wiki.core.db import db
    from cherclient_wiki.core.hooks import hooks
    from cherclient_wiki.stories import writing
    from cherclient_wiki.stories.models import Story

    app = create_app({"TESTING": True, "DATABASE_URL": database_url})
    with app.app_context():
        hooks().screeners.clear()  # the detector is not what is tested here
        edit = json.loads(edit_json)
        editor = users.by_username(edit["editor"])
        story = db.session.get(Story, int(story_id))
        time.sleep(max(0.0, float(start_at) - time.time()))
        try:
            print(writing.edit_story(story, editor, edit["data"]).value, flush=True)
        except writing.StoryConflict:
            print("conflict", flush=True)


if __name__ == "__main__":
    main()
