"""Retention: technical data (IP addresses kept for rate limits and the disguised-ad detector)
is forgotten after IP_RETENTION_DAYS. A plain function, for the `flask people purge` command and
for a scheduler (the worker runs it daily)."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app

from ..core.db import db, utcnow
from ..core.hooks import hooks


def cutoff(now: datetime | None = None) -> datetime:
    return (now or utcnow()) - timedelta(days=int(current_app.config["IP_RETENTION_DAYS"]))


def purge_technical_data(now: datetime | None = None) -> int:
    """Run every registered purge (core.hooks `technical_purges`) in one transaction; returns how
    many rows were cleared."""
    limit = cutoff(now)
    cleared = sum(purge(limit) for purge in hooks().technical_purges)
    db.session.commit()
    return cleared
