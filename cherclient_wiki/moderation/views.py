"""The moderation queue: thin views over decisions.py (moderators only)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from ..accounts.decorators import role_required
from ..accounts.roles import Role
from ..core.db import db
from . import decisions
from .decisions import REASON_LABELS, Decision, Reason
from .forms import SELECTED, QueueForm
from .models import ModerationDecision

moderation_bp = Blueprint("moderation", __name__, url_prefix="/moderation")
RECENT_DECISIONS = 20


def _user_reports() -> list[Any] | None:
    """Readers' open reports share this page once the community package is registered."""
    if "community.close_report" not in current_app.view_functions:
        return None
    from ..community.reports import open_reports

    return open_reports(current_user)


def _render(form: QueueForm, status: int = 200) -> tuple[str, int]:
    recent = db.session.scalars(select(ModerationDecision).order_by(ModerationDecision.id.desc()).limit(RECENT_DECISIONS))
    return render_template(
        "moderation/queue.html", form=form, stories=decisions.pending_stories(), pending=decisions.pending_count(),
        recent=list(recent), reason_labels={reason.value: label for reason, label in REASON_LABELS.items()},
        selected=set(form.story_ids.data or []), SELECTED=SELECTED, open_reports=_user_reports(),
    ), status


@moderation_bp.get("/")
@role_required(Role.MODERATOR)
def queue() -> tuple[str, int]:
    return _render(QueueForm(formdata=None))


@moderation_bp.post("/")
@role_required(Role.MODERATOR)
def decide() -> tuple[str, int] | Response:
    form = QueueForm()
    if not form.validate():
        return _render(form, 422)
    choice = form.chosen(request.form)
    stories = decisions.stories_by_ids(choice[1]) if choice else []
    if choice is None or not stories:
        flash(_("Cochez au moins une histoire de la file, puis choisissez « Publier » ou « Refuser »."), "error")
        return _render(form, 422)
    decision, _ids = choice
    reason = Reason(form.reason.data) if decision == Decision.REJECT else None
    decisions.decide(current_user, stories, decision, reason)
    if decision == Decision.APPROVE:
        message = ngettext("%(num)d histoire publiée.", "%(num)d histoires publiées.", len(stories))
    else:
        message = ngettext("%(num)d histoire refusée (%(reason)s).", "%(num)d histoires refusées (%(reason)s).",
                           len(stories), reason=REASON_LABELS[reason or decisions.DEFAULT_REJECT_REASON])
    flash(message, "success")
    return redirect(url_for("moderation.queue"))
