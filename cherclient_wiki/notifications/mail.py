"""E-mail: what is sent, how, and when.

Messages go through SMTP when `MAIL_SERVER` is set; otherwise each is written as an `.eml` file
under `instance/mail/` (MAIL_FOLDER), so a one-command setup needs no mail server and a developer
can open what would have been sent. Every message carries a signed one-click unsubscribe link
(notifications.unsubscribe), in its text and in the List-Unsubscribe headers (RFC 8058).

Sending happens outside the request: `send_batch` is a background job (core.hooks) that drains
one batch of the queue — the notifications not yet mailed — and `flask notifications send` or
`flask worker` call it; by default the app also calls it after a response that created
notifications (notifications.init_app).
"""
from __future__ import annotations

import smtplib
import uuid
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app, has_request_context, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..core.db import db, utcnow
from .inbox import Entry, entries
from .models import EmailMode, Notification, NotificationSettings
from .unsubscribe import unsubscribe_url

BATCH_USERS = 20  # accounts served per call of the job
DIGEST_EVERY = timedelta(days=1)

DEFAULTS = {
    "MAIL_SERVER": "",  # empty: .eml files in MAIL_FOLDER
    "MAIL_PORT": 587,
    "MAIL_USERNAME": "",
    "MAIL_PASSWORD": "",
    "MAIL_USE_TLS": True,
    "MAIL_FROM": "CherClient.wiki <notifications@cherclient.wiki>",
    "MAIL_FOLDER": "",  # empty: instance/mail
    "SITE_URL": "http://127.0.0.1:5000",  # the links of messages sent outside a request
}


def mail_folder() -> Path:
    folder = Path(current_app.config["MAIL_FOLDER"] or Path(current_app.instance_path) / "mail")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def compose(user: User, found: list[Entry], digest: bool) -> EmailMessage:
    """The message for `user` about `found`, in French (the site's language)."""
    link = unsubscribe_url(user)
    with force_locale("fr"):
        if digest:
            subject = _("CherClient.wiki : %(n)d nouveautés depuis hier", n=len(found))
        elif len(found) == 1:
            subject = found[0].text
        else:
            subject = _("CherClient.wiki : %(n)d nouveautés", n=len(found))
        text = render_template("notifications/email.txt", user=user, entries=found, unsubscribe=link,
                               preferences=url_for("notifications.index", _external=True, _anchor="preferences"))
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = user.email
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain="cherclient.wiki")
    message["List-Unsubscribe"] = f"<{link}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(text)
    return message


def deliver(message: EmailMessage) -> None:
    config = current_app.config
    if not config["MAIL_SERVER"]:
        stamp = utcnow().strftime("%Y%m%dT%H%M%S")
        path = mail_folder() / f"{stamp}-{uuid.uuid4().hex[:12]}.eml"
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(bytes(message))
        temporary.replace(path)  # readers never see half a file
        return
    with smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=30) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)


def _due_users() -> list[tuple[int, str]]:
    """Accounts with notifications not yet mailed whose mail is due: at once and never ones now
    (never: to mark them dealt with), daily ones once a day."""
    mode = func.coalesce(NotificationSettings.email_mode, EmailMode.INSTANT.value)
    cutoff = utcnow() - DIGEST_EVERY
    due = or_(
        mode != EmailMode.DAILY.value,
        NotificationSettings.last_digest_at.is_(None),
        NotificationSettings.last_digest_at <= cutoff,
    )
    rows = db.session.execute(
        select(Notification.user_id, mode)
        .outerjoin(NotificationSettings, NotificationSettings.user_id == Notification.user_id)
        .where(Notification.mailed_at.is_(None), due)
        .group_by(Notification.user_id, mode)
        .order_by(func.min(Notification.id))
        .limit(BATCH_USERS)
    ).all()
    return [(row[0], row[1]) for row in rows]


def _serve(user_id: int, mode: str) -> int:
    """Claim the account's unmailed notifications (a concurrent sender then finds none), mail them
    unless it wants none or is deactivated, and commit; returns how many were dealt with."""
    now = utcnow()
    pending = list(db.session.scalars(
        select(Notification).where(Notification.user_id == user_id, Notification.mailed_at.is_(None))
        .options(selectinload(Notification.actor), selectinload(Notification.user)).order_by(Notification.id)
    ))
    if not pending:
        return 0
    claimed = db.session.execute(
        update(Notification).where(Notification.id.in_([n.id for n in pending]), Notification.mailed_at.is_(None))
        .values(mailed_at=now).execution_options(synchronize_session=False)
    ).rowcount
    if claimed != len(pending):  # another sender got there first
        db.session.rollback()
        return 0
    user = pending[0].user
    if mode != EmailMode.NEVER.value and user.active:
        found = entries(user, pending)
        if found:
            deliver(compose(user, found, digest=mode == EmailMode.DAILY.value))
        if mode == EmailMode.DAILY.value:
            settings = db.session.get(NotificationSettings, user_id)
            if settings is not None:
                settings.last_digest_at = now
    db.session.commit()
    return len(pending)


def send_batch(base_url: str | None = None) -> int:
    """The background job: one batch of accounts served; how many notifications were handled.
    Outside a request, links are built on `base_url` (default: SITE_URL)."""
    if not has_request_context():
        with current_app.test_request_context(base_url=base_url or current_app.config["SITE_URL"]):
            return send_batch()
    handled = 0
    for user_id, mode in _due_users():
        try:
            handled += _serve(user_id, mode)
        except (OSError, smtplib.SMTPException):
            db.session.rollback()  # left in the queue for the next run
            current_app.logger.exception("mail to account %s not sent", user_id)
    return handled


def send_all() -> int:
    """Drain the queue (what `flask notifications send` runs)."""
    total = 0
    while handled := send_batch():
        total += handled
    return total



