"""Readers' reports about a story, page or comment, and how moderators close them.

One open report per person and item: a second one would only add noise to the moderators' list
(the database refuses it too, so two quick clicks cannot make two)."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..core.audit import record
from ..core.db import db, utcnow
from ..core.errors import InputError
from .models import Report, ReportStatus, Target
from .targets import Item, find

MAX_DETAILS_LENGTH = 1000

REASONS = {
    "ad": _l("Publicité déguisée"),
    "abuse": _l("Propos injurieux ou haineux"),
    "spam": _l("Spam ou liens indésirables"),
    "vandalism": _l("Vandalisme"),
    "off_topic": _l("Hors sujet"),
    "personal": _l("Données personnelles exposées"),
    "other": _l("Autre raison"),
}

DECISIONS = {ReportStatus.RESOLVED: "report.resolve", ReportStatus.DISMISSED: "report.dismiss"}


@dataclass(frozen=True)
class OpenReport:
    report: Report
    item: Item | None  # None: the item is gone (deleted since)

    @property
    def reason_label(self) -> str:
        return str(REASONS.get(self.report.reason, self.report.reason))


def already_reported(reporter: User, item: Item) -> bool:
    return db.session.scalar(
        select(Report.id).where(
            Report.target_type == item.type.value, Report.target_id == item.id,
            Report.reporter_id == reporter.id, Report.status == ReportStatus.OPEN.value,
        )
    ) is not None


def file(reporter: User, item: Item, reason: str, details: str = "") -> Report:
    if reason not in REASONS:
        raise InputError(str(_l("Choisissez une raison dans la liste.")), "reason")
    details = details.replace("\r\n", "\n").strip()
    if len(details) > MAX_DETAILS_LENGTH:
        raise InputError(str(_l("Les précisions ne peuvent dépasser %(n)d caractères.", n=MAX_DETAILS_LENGTH)), "details")
    duplicate = InputError(str(_l("Vous avez déjà signalé ce contenu : les modérateurs vont l'examiner.")), status=409)
    if already_reported(reporter, item):
        raise duplicate
    report = Report(target_type=item.type.value, target_id=item.id, reporter_id=reporter.id, reason=reason, details=details)
    db.session.add(report)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise duplicate from None
    return report


def open_reports(viewer: User, limit: int = 200) -> list[OpenReport]:
    """Oldest first: the longest-waiting alert is handled first."""
    rows = db.session.scalars(
        select(Report).where(Report.status == ReportStatus.OPEN.value)
        .options(selectinload(Report.reporter)).order_by(Report.created_at, Report.id).limit(limit)
    )
    return [OpenReport(report, _find(report, viewer)) for report in rows]


def _find(report: Report, viewer: User) -> Item | None:
    return find(Target(report.target_type), report.target_id, viewer)


def open_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Report).where(Report.status == ReportStatus.OPEN.value)) or 0


def close(moderator: User, report: Report, decision: ReportStatus, note: str = "") -> None:
    """Resolve (the moderator acted) or dismiss (nothing wrong), with an audit entry."""
    if decision not in DECISIONS:
        raise InputError(str(_l("Décision inconnue.")), "decision")
    if report.status != ReportStatus.OPEN.value:
        raise InputError(str(_l("Ce signalement est déjà traité.")), status=409)
    report.status = decision.value
    report.handled_by_id = moderator.id
    report.handled_at = utcnow()
    record(moderator, DECISIONS[decision], report.target_type, report.target_id, note or report.reason)
    db.session.commit()
