"""`flask --app cherclient_wiki leaderboard rebuild`: the summary tables (counted_stories,
brand_totals) filled again from the stories, for after a restore, a bulk change made outside the
application, or a change of the ranking rule. Running servers show the rebuilt figures once their statistics cache
expires (STATISTICS_CACHE_SECONDS) or the stories change."""
from __future__ import annotations

import click
from flask.cli import AppGroup
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..core.db import db
from .models import BrandTotal, CountedStory
from .tallies import refresh

leaderboard_cli = AppGroup("leaderboard", help="Classement : tables de synthèse.")


@leaderboard_cli.command("rebuild")
def rebuild_command() -> None:
    """Rebuild both summary tables from the stories, in one transaction."""
    refresh(db.session.connection())
    db.session.commit()
    counted = db.session.scalar(select(func.count()).select_from(CountedStory))
    brands = db.session.scalar(select(func.count()).select_from(BrandTotal))
    click.echo(_("Classement reconstruit : %(counted)d couples histoire–marque comptés, %(brands)d marques.",
                 counted=counted, brands=brands))
