from __future__ import annotations

from typing import Any

from cherclient_wiki.core.db import db
from cherclient_wiki.uploads.models import Upload
from cherclient_wiki.wiki import pages, revisions


def test_history_is_newest_first_with_size_deltas(write: Any, paul: Any) -> None:
    write("accueil", "12345", title="Accueil")
    write("accueil", "123", author=paul, base=1, summary="plus court")
    changes = revisions.history(pages.by_slug("accueil"))
    assert [(c.revision.number, c.kind, c.author_name, c.size_delta) for c in changes] == [
        (2, "edit", "paul", -2),
        (1, "create", "claire", 5),
    ]
    assert changes[0].author is paul and changes[0].summary == "plus court"


def test_recent_changes_mix_edits_and_uploads_and_filter(write: Any, claire: Any, paul: Any) -> None:
    write("accueil", "Texte", title="Accueil")
    write("autre", "Texte", author=paul, title="Autre")
    db.session.add(Upload(name="a" * 64 + ".png", original_name="logo.png", content_type="image/png", size=10, width=1, height=1, uploader_id=claire.id))
    db.session.commit()
    assert [c.kind for c in revisions.recent_changes()] == ["upload", "create", "create"]
    assert [c.kind for c in revisions.recent_changes(username="CLAIRE")] == ["upload", "create"]
    assert [c.page.slug for c in revisions.recent_changes(kind="create", username="paul")] == ["autre"]
    assert [c.upload.original_name for c in revisions.recent_changes(kind="upload")] == ["logo.png"]
    pages.set_deleted(pages.by_slug("autre"), True)
    assert [c.kind for c in revisions.recent_changes(username="paul")] == []
