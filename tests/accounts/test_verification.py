"""« Professionnel » is a declaration a moderator verifies: only verified practitioners and
moderators edit protected pages, on the web and through the API."""
from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from cherclient_wiki.accounts import users
from cherclient_wiki.accounts.roles import Role
from cherclient_wiki.accounts.tokens import create_token
from cherclient_wiki.accounts.verification import may_edit_protected, set_verified
from cherclient_wiki.core.audit import AuditEntry
from cherclient_wiki.core.db import db
from cherclient_wiki.wiki import pages

PASSWORD = "motdepasse-solide"  # the conftest default for make_user
TOKEN_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
BADGE = '<span class="badge badge--verified"'


def audit() -> list[tuple[str, str, str]]:
    return [(e.actor_name, e.action, e.target_id) for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


@pytest.fixture
def protected(mod: Any) -> Any:
    page = pages.save_revision("accueil", "Texte soigné.", mod, title="Accueil").page
    pages.save_revision("accueil", "Texte soigné, relu.", mod)
    pages.set_protected(page, True)
    return page


def test_the_rule(make_user: Any, claire: Any, paul: Any, mod: Any) -> None:
    admin = make_user("root", Role.ADMIN)
    assert [may_edit_protected(u) for u in (claire, paul, mod, admin)] == [False, False, True, True]
    set_verified(mod, paul, True)
    assert may_edit_protected(paul)


def test_a_new_practitioner_cannot_edit_a_protected_page(client: Any, protected: Any) -> None:
    """The attack: register as a practitioner, then edit a protected page at once."""
    response = client.post("/auth/register", data={
        "username": "intrus", "email": "intrus@example.org", "password": PASSWORD, "confirm": PASSWORD, "role": "practitioner",
    }, follow_redirects=True)
    assert "Un modérateur va vérifier votre statut de professionnel" in response.get_data(as_text=True)
    edit = {"source": "Vandalisme", "base_revision": 2, "summary": "", "save": "Enregistrer"}
    assert client.post("/wiki/accueil/edit", data=edit).status_code == 403
    assert client.post("/wiki/accueil/revert", data={"revision": 1}).status_code == 403
    assert client.post("/wiki/accueil/rename", data={"title": "Détourné", "summary": ""}).status_code == 403
    assert "pas encore vérifié par un modérateur" in client.get("/wiki/accueil").get_data(as_text=True)
    assert pages.current_revision(pages.by_slug("accueil")).source == "Texte soigné, relu."


def test_a_verified_practitioner_edits_reverts_and_renames(client: Any, auth: Any, paul: Any, mod: Any, protected: Any) -> None:
    set_verified(mod, paul, True)
    auth.login("paul")
    edit = {"source": "Texte amélioré.", "base_revision": 2, "summary": "", "save": "Enregistrer"}
    assert client.post("/wiki/accueil/edit", data=edit).status_code == 302
    assert client.post("/wiki/accueil/revert", data={"revision": 2}).status_code == 302
    assert client.post("/wiki/accueil/rename", data={"title": "Bienvenue", "summary": ""}).status_code == 302
    assert pages.by_slug("bienvenue") is not None


def test_the_api_applies_the_same_rule(client: Any, paul: Any, mod: Any, protected: Any) -> None:
    headers = {"Authorization": f"Bearer {create_token(paul, 'script')}"}
    refused = client.put("/api/v1/pages/accueil", json={"markdown": "Vandalisme"}, headers=headers)
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "forbidden"
    assert client.post("/api/v1/pages/accueil/revert", json={"revision": 1}, headers=headers).status_code == 403
    assert client.get("/api/v1/me", headers=headers).get_json()["verified"] is False
    set_verified(mod, paul, True)
    assert client.put("/api/v1/pages/accueil", json={"markdown": "Mieux"}, headers=headers).status_code == 200
    assert client.post("/api/v1/pages/accueil/revert", json={"revision": 1}, headers=headers).status_code == 200
    assert client.get("/api/v1/me", headers=headers).get_json()["verified"] is True


def test_moderators_verify_from_their_list_with_a_csrf_token(app_factory: Any) -> None:
    app = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        paul = users.create_user("paul", "paul@example.org", PASSWORD, Role.PRACTITIONER)
        users.create_user("modo", "modo@example.org", PASSWORD, Role.MODERATOR)
        client = app.test_client()
        login = client.get("/auth/login").get_data(as_text=True)
        client.post("/auth/login", data={"login": "modo", "password": PASSWORD, "csrf_token": TOKEN_RE.search(login).group(1)})
        listing = client.get("/community/practitioners").get_data(as_text=True)
        assert "paul" in listing and "Vérifier le professionnel" in listing and BADGE not in listing
        url = f"/community/users/{paul.id}/verify"
        assert client.post(url, data={"verified": "1"}).status_code == 400  # no token
        assert users.by_username("paul").verified_at is None
        token = TOKEN_RE.search(listing).group(1)
        response = client.post(url, data={"verified": "1", "next": "/community/practitioners", "csrf_token": token}, follow_redirects=True)
        page = response.get_data(as_text=True)
        assert "paul est un professionnel vérifié." in page and BADGE in page and "Retirer la vérification" in page
        client.post(url, data={"verified": "0", "next": "/community/practitioners", "csrf_token": token})
        assert users.by_username("paul").verified_at is None
        assert audit() == [("modo", "user.verify", str(paul.id)), ("modo", "user.unverify", str(paul.id))]


def test_only_moderators_verify_and_only_practitioners(client: Any, auth: Any, claire: Any, paul: Any, mod: Any) -> None:
    auth.login("paul")
    assert client.post(f"/community/users/{paul.id}/verify", data={"verified": "1"}).status_code == 403
    assert client.get("/community/practitioners").status_code == 403
    auth.logout()
    auth.login("modo")
    response = client.post(f"/community/users/{claire.id}/verify", data={"verified": "1"}, follow_redirects=True)
    assert "Seul un compte professionnel peut être vérifié." in response.get_data(as_text=True)
    assert users.by_username("claire").verified_at is None and audit() == []


def test_the_badge_where_names_and_roles_are_shown(client: Any, auth: Any, make_user: Any, paul: Any, mod: Any) -> None:
    make_user("root", Role.ADMIN)
    pages.save_revision("accueil", "Texte de Paul.", paul, title="Accueil")
    set_verified(mod, paul, True)
    auth.login("root")
    admin_list = client.get("/admin/users").get_data(as_text=True)
    assert BADGE in admin_list and "Retirer la vérification" in admin_list
    assert BADGE in client.get("/wiki/accueil/history").get_data(as_text=True)
    assert BADGE in client.get(f"/community/users/{paul.id}").get_data(as_text=True)
    auth.logout()
    auth.login("paul")
    assert BADGE in client.get("/auth/profile").get_data(as_text=True)


def test_a_role_change_withdraws_the_verification(paul: Any, mod: Any) -> None:
    set_verified(mod, paul, True)
    users.set_role(paul, Role.CUSTOMER)
    users.set_role(paul, Role.PRACTITIONER)
    assert not paul.verified and paul.verified_at is None


def test_the_command_line_verifies_and_removes(runner: Any, claire: Any, paul: Any) -> None:
    result = runner.invoke(args=["users", "verify", "paul"])
    assert result.exit_code == 0 and "Professionnel vérifié : paul" in result.output
    assert users.by_username("paul").verified
    assert "paul était déjà vérifié." in runner.invoke(args=["users", "verify", "paul"]).output
    result = runner.invoke(args=["users", "verify", "paul", "--remove"])
    assert result.exit_code == 0 and "Vérification retirée : paul" in result.output
    assert not users.by_username("paul").verified
    refused = runner.invoke(args=["users", "verify", "claire"])
    assert refused.exit_code == 1 and "Seul un compte professionnel peut être vérifié." in refused.output
    assert audit() == [("système", "user.verify", str(paul.id)), ("système", "user.unverify", str(paul.id))]
