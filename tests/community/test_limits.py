"""Rate limits on posting, editing, reporting and registering: 429 with a French message, per
account and per address, with counters shared through Redis when several processes serve."""
from __future__ import annotations

import uuid

from cherclient_wiki.accounts import users
from cherclient_wiki.accounts.roles import Role
from cherclient_wiki.core.db import db, utcnow
from cherclient_wiki.wiki import pages
from tests.community.conftest import STORY_BODY
from tests.conftest import redis_url

FRENCH_429 = "Vous êtes allé un peu vite"


def _login(client, name: str) -> None:  # type: ignore[no-untyped-def]
    client.post("/auth/login", data={"login": name, "password": "motdepasse-solide"})


def _account(name: str, role: Role = Role.CUSTOMER):  # type: ignore[no-untyped-def]
    return users.create_user(name, f"{name}@example.org", "motdepasse-solide", role)


def _page():  # type: ignore[no-untyped-def]
    return pages.save_revision("accueil", "Bienvenue.", None, title="Accueil").page


def test_posting_comments_is_limited_per_account(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory(POST_LIMIT_PER_ACCOUNT="2 per hour")
    with app.app_context():
        _account("claire")
        page = _page()
        client = app.test_client()
        _login(client, "claire")
        statuses = [client.post(f"/community/page/{page.id}/comments", data={"body": f"n°{n}"}).status_code for n in range(3)]
        assert statuses == [302, 302, 429]
        response = client.post(f"/community/page/{page.id}/comments", data={"body": "encore"})
        assert response.status_code == 429 and FRENCH_429 in response.get_data(as_text=True)
        assert "Retry-After" in response.headers


def test_posting_is_limited_per_address_across_accounts(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory(POST_LIMIT_PER_IP="2 per hour")
    with app.app_context():
        page = _page()
        codes = []
        for name in ("anne", "bruno", "chloe"):
            _account(name)
            client = app.test_client()
            _login(client, name)
            codes.append(client.post(f"/community/page/{page.id}/comments", data={"body": "Bonjour"}).status_code)
        assert codes == [302, 302, 429]


def test_reporting_is_limited(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory(REPORT_LIMIT_PER_ACCOUNT="1 per hour")
    with app.app_context():
        _account("claire")
        first, second = _page(), pages.save_revision("faq", "Questions.", None, title="FAQ").page
        client = app.test_client()
        _login(client, "claire")
        assert client.post(f"/community/page/{first.id}/report", data={"reason": "spam"}).status_code == 302
        response = client.post(f"/community/page/{second.id}/report", data={"reason": "spam"})
        assert response.status_code == 429 and FRENCH_429 in response.get_data(as_text=True)
        assert client.get(f"/community/page/{second.id}/report").status_code == 200  # reading the form is free


def test_registration_is_limited_per_address(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory(REGISTER_LIMIT_PER_IP="2 per hour")
    with app.app_context():
        codes = []
        for n in range(3):
            client = app.test_client()
            data = {"username": f"nouveau{n}", "email": f"n{n}@example.org", "password": "motdepasse-solide", "confirm": "motdepasse-solide", "role": "customer"}
            response = client.post("/auth/register", data=data)
            codes.append(response.status_code)
        assert codes[-1] == 429 and codes[:2] != [429, 429]
        assert FRENCH_429 in response.get_data(as_text=True)


def test_wiki_edits_are_limited_but_previews_are_free(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory(EDIT_LIMIT_PER_ACCOUNT="1 per hour")
    with app.app_context():
        claire = _account("claire")
        claire.created_at = utcnow()
        db.session.commit()
        client = app.test_client()
        _login(client, "claire")
        form = {"title": "Notice", "source": "Première version.", "base_revision": 0, "summary": ""}
        assert client.post("/wiki/notice/edit", data={**form, "preview": "1"}).status_code == 200
        assert client.post("/wiki/notice/edit", data=form).status_code == 302
        again = client.post("/wiki/notice/edit", data={**form, "source": "Deuxième.", "base_revision": 1})
        assert again.status_code == 429 and FRENCH_429 in again.get_data(as_text=True)


def test_reverts_and_renames_draw_on_the_editing_allowance(app_factory) -> None:  # type: ignore[no-untyped-def]
    """A revert or a rename is an edit: a vandal cannot flip pages back and forth without limit."""
    from cherclient_wiki.accounts import tokens

    app = app_factory(EDIT_LIMIT_PER_ACCOUNT="2 per hour")
    with app.app_context():
        claire = _account("claire")
        page = _page()
        pages.save_revision("accueil", "Deuxième version.", claire)
        client = app.test_client()
        _login(client, "claire")
        assert client.post(f"/wiki/{page.slug}/revert", data={"revision": 1}).status_code == 302
        assert client.post(f"/wiki/{page.slug}/rename", data={"title": "Page d'accueil"}).status_code == 302
        assert pages.by_slug("page-d-accueil").latest_number == 4  # the revert (r3) and the rename (r4) went through
        refused = client.post("/wiki/page-d-accueil/revert", data={"revision": 2})
        assert refused.status_code == 429 and FRENCH_429 in refused.get_data(as_text=True)
        headers = {"Authorization": f"Bearer {tokens.create_token(claire, 'test')}"}
        api = client.post("/api/v1/pages/page-d-accueil/revert", json={"revision": 2}, headers=headers)
        assert api.status_code == 429 and FRENCH_429 in api.get_json()["error"]["message"]


def test_the_api_answers_429_in_json(app_factory) -> None:  # type: ignore[no-untyped-def]
    from cherclient_wiki.accounts import tokens

    app = app_factory(EDIT_LIMIT_PER_ACCOUNT="1 per hour")
    with app.app_context():
        token = tokens.create_token(_account("claire"), "test")
        client = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}
        assert client.put("/api/v1/pages/notice", json={"markdown": "Un."}, headers=headers).status_code == 201
        response = client.put("/api/v1/pages/notice", json={"markdown": "Deux."}, headers=headers)
        assert response.status_code == 429
        assert FRENCH_429 in response.get_json()["error"]["message"]


def test_two_processes_share_their_counters_through_redis(app_factory) -> None:  # type: ignore[no-untyped-def]
    """Two apps stand for two worker processes: the second one sees what the first one counted."""
    settings = {"RATELIMIT_STORAGE_URI": redis_url(), "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}", "POST_LIMIT_PER_ACCOUNT": "1 per hour"}
    first, second = app_factory(**settings), app_factory(**settings)
    with first.app_context():
        _account("claire")
        page_id = _page().id
        one = first.test_client()
        _login(one, "claire")
        assert one.post(f"/community/page/{page_id}/comments", data={"body": "Un"}).status_code == 302
    with second.app_context():
        two = second.test_client()
        _login(two, "claire")
        assert two.post(f"/community/page/{page_id}/comments", data={"body": "Deux"}).status_code == 429


def test_story_posting_is_limited(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory(POST_LIMIT_PER_ACCOUNT="1 per hour")
    with app.app_context():
        _account("claire")
        client = app.test_client()
        _login(client, "claire")
        form = {"title": "Mon lave-linge", "body": STORY_BODY, "brands": "Saab", "kind": "love", "satisfaction": "5", "ending": "loyal"}
        assert client.post("/stories/new", data=form).status_code == 302
        response = client.post("/stories/new", data={**form, "title": "Une autre histoire"})
        assert response.status_code == 429 and FRENCH_429 in response.get_data(as_text=True)
