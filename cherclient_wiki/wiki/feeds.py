"""Atom feeds of changes (site-wide and per page), built with feedgen."""
from __future__ import annotations

from datetime import timezone

from feedgen.feed import FeedGenerator
from flask import url_for
from flask_babel import gettext as _

from ..core.db import utcnow
from ..core.inputs import clean_text
from .revisions import Change


def change_url(change: Change) -> str:
    """Where a change is best seen: the diff it introduced, the new page, or the image."""
    if change.upload is not None:
        return url_for("uploads.serve", name=change.upload.name, _external=True)
    assert change.page is not None and change.revision is not None
    number = change.revision.number
    if number == 1:
        return url_for("wiki.show_revision", slug=change.page.slug, number=1, _external=True)
    return url_for("wiki.diff", slug=change.page.slug, **{"from": number - 1, "to": number}, _external=True)


def change_title(change: Change) -> str:
    if change.upload is not None:
        return _("Image envoyée : %(name)s", name=change.upload.original_name)
    assert change.revision is not None
    return _("%(title)s (révision %(n)d)", title=change.revision.title, n=change.revision.number)


def atom(changes: list[Change], title: str, self_url: str, alternate_url: str) -> bytes:
    """Every text is cleaned of the characters XML forbids: input is (cherclient_wiki.core.inputs), but a
    row stored before, or imported, may still hold a control character, and lxml refuses those."""
    feed = FeedGenerator()
    feed.id(self_url)
    feed.title(clean_text(title))
    feed.link(href=alternate_url, rel="alternate")
    feed.link(href=self_url, rel="self")
    feed.language("fr")
    newest = changes[0].created_at if changes else utcnow()
    feed.updated(newest.replace(tzinfo=timezone.utc))
    for change in reversed(changes):  # feedgen prepends: add oldest first, newest ends on top
        entry = feed.add_entry()
        url = change_url(change)
        entry.id(url)
        entry.title(clean_text(change_title(change)))
        entry.link(href=url)
        entry.author(name=clean_text(change.author_name or _("Anonyme")))
        entry.updated(change.created_at.replace(tzinfo=timezone.utc))
        entry.summary(clean_text(change.summary or _("(pas de résumé)")))
    return feed.atom_str(pretty=True)  # type: ignore[no-any-return]
