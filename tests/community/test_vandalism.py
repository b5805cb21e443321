"""Vandalism tools: undo every page a person last touched (history kept) and deactivate accounts."""
from __future__ import annotations

from sqlalchemy import select

from cherclient_wiki.accounts import users
from cherclient_wiki.accounts.roles import Role
from cherclient_wiki.core.audit import AuditEntry
from cherclient_wiki.core.db import db
from cherclient_wiki.wiki import pages


def test_revert_all_restores_every_page_the_vandal_touched_last(client, auth, member, claire, modo) -> None:  # type: ignore[no-untyped-def]
    vandal = member("vandale", days=10)
    pages.save_revision("accueil", "Texte soigné.", claire, title="Accueil")
    pages.save_revision("accueil", "N'IMPORTE QUOI", vandal)
    pages.save_revision("accueil", "N'IMPORTE QUOI !!!", vandal)
    pages.save_revision("faq", "Questions.", claire, title="FAQ")
    pages.save_revision("faq", "Questions abîmées.", vandal)
    pages.save_revision("faq", "Questions réparées par Claire.", claire)  # already fixed: left alone
    pages.save_revision("spam", "Page de spam.", vandal, title="Spam")
    auth.login("modo")
    tools = client.get(f"/community/users/{vandal.id}").get_data(as_text=True)
    assert "Accueil" in tools and "Spam" in tools and "FAQ" not in tools
    response = client.post(f"/community/users/{vandal.id}/revert-all", follow_redirects=True)
    assert "1 page(s) rétablie(s), 1 supprimée(s)." in response.get_data(as_text=True)
    home = pages.by_slug("accueil")
    current = pages.current_revision(home)
    assert current.source == "Texte soigné." and current.number == 4 and current.kind == "revert"
    assert pages.revision(home, 2).source == "N'IMPORTE QUOI"  # history is never rewritten
    assert pages.current_revision(pages.by_slug("faq")).source == "Questions réparées par Claire."
    assert pages.by_slug("spam").is_deleted
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.target_id == str(vandal.id))) == "user.revert_all"


def test_moderators_deactivate_an_account_and_customers_cannot(client, auth, member, claire, modo, root) -> None:  # type: ignore[no-untyped-def]
    vandal = member("vandale")
    auth.login("claire")
    assert client.get(f"/community/users/{vandal.id}").status_code == 403
    assert client.post(f"/community/users/{vandal.id}/active", data={"active": "0"}).status_code == 403
    assert client.post(f"/community/users/{vandal.id}/revert-all").status_code == 403
    auth.logout()
    auth.login("modo")
    client.post(f"/community/users/{vandal.id}/active", data={"active": "0", "reason": "vandalisme répété"})
    assert users.by_username("vandale").active is False
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.deactivate"))
    assert entry is not None and entry.reason == "vandalisme répété" and entry.actor_name == "modo"
    assert client.post(f"/community/users/{root.id}/active", data={"active": "0"}).status_code == 403  # not above oneself
    assert users.by_username("root").active is True
    auth.logout()
    assert auth.login("vandale").status_code == 401  # a deactivated account cannot log in


def test_a_moderator_cannot_act_on_another_moderator(client, auth, member, modo) -> None:  # type: ignore[no-untyped-def]
    other = member("modo2", Role.MODERATOR)
    auth.login("modo")
    assert client.post(f"/community/users/{other.id}/active", data={"active": "0"}).status_code == 403
    assert "Votre rôle ne permet pas d'agir sur ce compte." in client.get(f"/community/users/{other.id}").get_data(as_text=True)


def test_the_admin_page_deactivation_is_audit_logged_too(client, auth, member, root) -> None:  # type: ignore[no-untyped-def]
    vandal = member("vandale")
    auth.login("root")
    assert f"/community/users/{vandal.id}" in client.get("/admin/users").get_data(as_text=True)
    client.post(f"/admin/users/{vandal.id}/active", data={"active": "0"})
    assert users.by_username("vandale").active is False
    assert db.session.scalar(select(AuditEntry.actor_name).where(AuditEntry.action == "user.deactivate")) == "root"
