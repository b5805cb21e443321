"""Erasing an account (RGPD): in one transaction, every feature's part (core.personal_data)
deletes what the person published or keeps it under the pseudonym « ancien membre n°N », and
replaces the name wherever it is stored (page histories, audit log, search documents); the account
becomes that pseudonym and can never sign in again. Wiki text stays, attributed to the pseudonym.
The search index and the leaderboard follow through their listeners (outbox, tallies) as for any
other change."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from ..accounts import users
from ..accounts.models import User
from ..accounts.personal_data import reserve_pseudonym
from ..core.audit import record
from ..core.db import db
from ..core.errors import InputError
from ..core.hooks import hooks
from ..core.personal_data import Content, Erasure


def erase_own(user: User, password: str, content: Content) -> str:
    """The person's own request, from the profile or the API: the password is asked again."""
    if not users.password_matches(user, password):
        raise InputError(_("Mot de passe incorrect."), "password", status=403)
    return erase(user, content, actor=user)


def erase(user: User, content: Content, actor: User | None) -> str:
    """Erase `user` and return its pseudonym. Audit-logged under the person's pseudonym when they
    asked themselves, as the system when an administrator answers a written request from the
    command line (`actor` None). Refused for the last active administrator."""
    if user.erased_at is not None:
        raise InputError(_("Ce compte est déjà effacé."), status=409)
    users.keep_an_admin(user, "content")
    try:
        erasure = Erasure(Content(content), reserve_pseudonym(user), (user.username, user.email))
        for part in reversed(hooks().personal_data):  # highest layer first, the account itself last
            part.erase(user, erasure)
        record(actor, "user.erase", "user", user.id, erasure.content.value)
        db.session.commit()
    except IntegrityError:  # another account drew the same number at the same moment
        db.session.rollback()
        raise InputError(_("Un autre effacement se terminait au même moment : réessayez."), status=409) from None
    for cleanup in erasure.after_commit:
        cleanup()
    return erasure.pseudonym
