"""Render every stored text again with today's pipeline (after an engine change), and say how
much changed: `flask --app cherclient_wiki rerender [--dry-run]`.

Reads serve the HTML cached at save time, so a new renderer shows nowhere until this runs. Each
text is rendered once, within the usual time budget; only rows whose HTML differs are written.
A wiki page whose current text now yields other links or categories gets them rewritten too.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import click
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .community.models import Comment
from .core.db import db
from .core.markup import RenderTooSlow, render_document
from .stories.models import Story, StoryRevision
from .wiki import pages
from .wiki.models import Revision

BATCH = 500
# (what is counted, the model, the attribute holding the Markdown); each has an `html` column.
RENDERED_TEXTS: tuple[tuple[Any, Any, str], ...] = (
    (_l("révisions de pages"), Revision, "source"),
    (_l("histoires"), Story, "body"),
    (_l("versions d'histoires"), StoryRevision, "body"),
    (_l("commentaires"), Comment, "body"),
)


@dataclass
class Tally:
    scanned: int = 0
    changed: int = 0
    too_slow: list[int] = field(default_factory=list)  # ids kept as they were


def _rows(model: Any) -> Iterator[list[Any]]:
    last = 0
    while True:
        batch = list(db.session.scalars(select(model).where(model.id > last).order_by(model.id).limit(BATCH)))
        if not batch:
            return
        yield batch
        last = batch[-1].id


def rerender_all(dry_run: bool = False) -> dict[str, Tally]:
    tallies: dict[str, Tally] = {}
    for label, model, source in RENDERED_TEXTS:
        tally = tallies[str(label)] = Tally()
        for batch in _rows(model):
            for row in batch:
                tally.scanned += 1
                try:
                    rendered = render_document(getattr(row, source))
                except RenderTooSlow:
                    tally.too_slow.append(row.id)
                    continue
                if rendered.html != row.html:
                    tally.changed += 1
                    row.html = rendered.html
                if isinstance(row, Revision) and row.number == row.page.latest_number:
                    pages.refresh_links(row.page, rendered)
            if dry_run:
                db.session.rollback()
            else:
                db.session.commit()
    return tallies


@click.command("rerender")
@click.option("--dry-run", is_flag=True, help="Compter seulement ; ne rien écrire.")
def rerender_command(dry_run: bool) -> None:
    """Render every stored page revision, story and comment again with the current pipeline."""
    for label, tally in rerender_all(dry_run).items():
        line = (_("%(what)s : %(n)d relus, %(changed)d changeraient", what=label, n=tally.scanned, changed=tally.changed)
                if dry_run else _("%(what)s : %(n)d relus, %(changed)d changés", what=label, n=tally.scanned, changed=tally.changed))
        if tally.too_slow:
            line += _(" ; %(n)d trop lents, laissés tels quels (ids %(ids)s)", n=len(tally.too_slow), ids=tally.too_slow[:20])
        click.echo(line)

