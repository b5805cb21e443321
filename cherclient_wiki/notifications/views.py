"""Thin views over follows.py, inbox.py and unsubscribe.py: the notifications page, preferences,
following and unfollowing, and the unsubscribe link of e-mails."""
from __future__ import annotations

from flask import Blueprint, abort, flash, get_template_attribute, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from markupsafe import Markup
from werkzeug.wrappers import Response
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice

from ..accounts.views import safe_next
from ..core.db import db
from ..core.extensions import csrf
from ..core.inputs import database_int, parse_int
from . import follows, inbox, unsubscribe
from .models import EmailMode, Followed, Notification

notifications_bp = Blueprint("notifications", __name__, url_prefix="/notifications")

MODE_LABELS = {
    EmailMode.INSTANT: _l("Tout de suite, un e-mail par nouveauté"),
    EmailMode.DAILY: _l("Un résumé par jour au plus"),
    EmailMode.NEVER: _l("Jamais : je regarde cette page"),
}


class PreferencesForm(FlaskForm):
    email_mode = RadioField(_l("Recevoir les notifications par e-mail"),
                            choices=[SelectChoice(mode.value, label) for mode, label in MODE_LABELS.items()])


@notifications_bp.get("/")
@login_required
def index() -> str:
    found, shown = inbox.listing(current_user, request.args.get("page", default=1, type=database_int))
    form = PreferencesForm(data={"email_mode": unsubscribe.email_mode(current_user).value})
    return render_template("notifications/index.html", found=found, entries=shown, form=form, args={})


@notifications_bp.post("/read")
@login_required
def read_all() -> Response:
    inbox.mark_read(current_user)
    flash(_("Toutes vos notifications sont marquées comme lues."), "success")
    return redirect(safe_next(request.form.get("next"), "notifications.index"))


@notifications_bp.post("/<int:notification_id>/open")
@login_required
def open_one(notification_id: int) -> Response:
    """Marked read, then on to what it is about."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != current_user.id:
        abort(404)
    shown = inbox.entries(current_user, [notification])
    inbox.mark_read(current_user, notification_id)
    return redirect(shown[0].url if shown else url_for("notifications.index"))


@notifications_bp.post("/preferences")
@login_required
def preferences() -> str | tuple[str, int] | Response:
    form = PreferencesForm()
    if not form.validate():
        found, shown = inbox.listing(current_user, 1)
        return render_template("notifications/index.html", found=found, entries=shown, form=form, args={}), 422
    unsubscribe.set_email_mode(current_user, EmailMode(form.email_mode.data))
    flash(_("Préférences enregistrées."), "success")
    return redirect(url_for("notifications.index", _anchor="preferences"))


@notifications_bp.post("/follow")
@login_required
def follow() -> Response:
    """Follow (or, with `stop`, stop following) the item named by `type` and `id`."""
    if not FlaskForm().validate():
        abort(400)
    kind = request.form.get("type", "")
    target_id = parse_int(request.form.get("id", ""), minimum=1)
    if kind not in {k.value for k in Followed} or target_id is None:
        abort(400)
    item = follows.resolve(kind, target_id, current_user)
    if item is None:
        abort(404)
    if request.form.get("stop"):
        follows.unfollow(current_user, item)
        flash(_("Vous ne suivez plus « %(title)s ».", title=item.title), "info")
    else:
        follows.follow(current_user, item)
        flash(_("Vous suivez « %(title)s » : les nouveautés arriveront dans vos notifications.", title=item.title), "success")
    return redirect(safe_next(request.form.get("next"), "notifications.index"))


@notifications_bp.route("/unsubscribe/<token>", methods=["GET", "POST"], endpoint="unsubscribe")
@csrf.exempt  # the signed token is the authorisation; mail clients' one-click POST carries no CSRF token
def unsubscribe_link(token: str) -> str | tuple[str, int]:
    """GET shows one button (a link prefetcher must not unsubscribe anyone); POST, from that
    button or from a mail client's one-click (RFC 8058), stops every e-mail."""
    user = unsubscribe.user_of(token)
    if user is None:
        return render_template("notifications/unsubscribe.html", user=None, done=False), 404
    if request.method == "POST":
        unsubscribe.set_email_mode(user, EmailMode.NEVER)
        return render_template("notifications/unsubscribe.html", user=user, done=True)
    return render_template("notifications/unsubscribe.html", user=user, done=False)


def follow_button(kind: str, target_id: int) -> Markup:
    """The follow form shown on pages, stories, suggestions and brands (a template global)."""
    if not current_user.is_authenticated:
        return Markup("")
    following = follows.is_following(current_user, Followed(kind), target_id)
    form = get_template_attribute("notifications/_follow.html", "follow_form")
    return form(kind, target_id, following, request.full_path)  # type: ignore[no-any-return]


def follow_part(kind: str, target_id: str) -> Markup:
    """The follow button as a personal part of a shared page (core.personal_parts)."""
    return follow_button(kind, int(target_id))
