"""Pages kept whole for visitors (core/visitor_cache.py): what a visitor, a signed-in reader and a
reverse proxy see, and that every kind of change shows on the next request."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from cherclient_wiki.accounts.models import User
from cherclient_wiki.accounts.roles import Role
from cherclient_wiki.community import comments
from cherclient_wiki.community.targets import Target, find
from cherclient_wiki.core import versions
from cherclient_wiki.core.db import db
from cherclient_wiki.core.hooks import hooks
from cherclient_wiki.moderation.decisions import Decision, decide
from cherclient_wiki.stories import reactions, writing
from cherclient_wiki.stories.choices import Status
from cherclient_wiki.stories.models import Story
from cherclient_wiki.wiki import pages

from .conftest import PASSWORD, signed_in

STORY = {
    "title": "Un rappel le lundi matin",
    "body": "J'ai appelé le service client un samedi matin, sans grand espoir. La conseillère a pris le temps "
            "de comprendre mon problème et m'a rappelé le lundi avec une solution.",
    "brands": ["Saab"], "kind": "love", "satisfaction": 5, "ending": "loyal", "year": 2015, "channel": "phone",
}


@pytest.fixture(autouse=True)
def no_detector(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hooks(), "screeners", [])


@pytest.fixture
def page(claire: User) -> Any:
    return pages.save_revision("ecoute-active", "Écouter **vraiment** le client.", claire, title="Écoute active").page


@pytest.fixture
def story(claire: User) -> Story:
    return writing.create_story(claire, STORY)


def text(response: Any) -> str:
    return response.get_data(as_text=True)


# ---- headers, 304, cookies --------------------------------------------------------------------


def test_a_visitor_gets_a_public_page_with_validators_and_no_cookie(client: FlaskClient, page: Any) -> None:
    first = client.get("/wiki/ecoute-active")
    second = client.get("/wiki/ecoute-active")
    assert first.status_code == second.status_code == 200
    assert text(first) == text(second) and "Écouter <strong>vraiment</strong>" in text(second)
    for response in (first, second):
        assert "Set-Cookie" not in response.headers
        assert response.headers["ETag"].startswith('W/"') and response.headers["Last-Modified"]
        assert response.cache_control.public and response.cache_control.max_age == 0
        assert response.cache_control.s_maxage == 30
        assert {"Cookie", "Accept-Language"} <= set(response.vary)
        assert 'name="csrf_token"' not in text(response)
        assert response.headers["Content-Security-Policy"]  # the hardening headers are still there
    assert first.headers["ETag"] == second.headers["ETag"]


def test_the_door_serves_the_kept_page_as_flask_answered_it(app: Flask, client: FlaskClient, page: Any,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A cookie-less visitor's second request is answered in front of Flask (no hook runs): same
    bytes, same headers, hardening included; HEAD gets the headers alone."""
    first = client.get("/wiki/ecoute-active")
    hooks_ran: list[str] = []
    monkeypatch.setattr(app, "preprocess_request", lambda: hooks_ran.append("flask") or None)
    second = client.get("/wiki/ecoute-active")
    head = client.head("/wiki/ecoute-active")
    assert hooks_ran == []
    assert second.get_data() == first.get_data() and head.get_data() == b""
    for response in (second, head):
        assert dict(response.headers) == dict(first.headers)


def test_a_visitor_with_a_session_cookie_gets_the_kept_page_through_flask(app: Flask, page: Any) -> None:
    """A visitor who chose a language carries a session cookie: the door lets Flask open it, and
    the page kept in that language is served from the first before_request."""
    visitor = app.test_client()
    with visitor.session_transaction() as session:
        session["lang"] = "en"
    visitor.get("/wiki/ecoute-active")  # Flask-Login writes its "_fresh" mark into the session once
    english = visitor.get("/wiki/ecoute-active")
    assert english.headers["Content-Language"] == "en" and english.cache_control.public
    assert visitor.get("/wiki/ecoute-active").headers["ETag"] == english.headers["ETag"]
    cookieless = app.test_client().get("/wiki/ecoute-active", headers={"Accept-Language": "en"})
    assert cookieless.get_data() == english.get_data()


def test_revalidation_answers_304_until_the_page_changes(client: FlaskClient, page: Any, claire: User) -> None:
    first = client.get("/wiki/ecoute-active")
    etag = first.headers["ETag"]
    unchanged = client.get("/wiki/ecoute-active", headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.get_data() == b""
    assert "Set-Cookie" not in unchanged.headers
    by_date = client.get("/wiki/ecoute-active", headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert by_date.status_code == 304
    pages.save_revision("ecoute-active", "Écouter, puis reformuler.", claire)
    changed = client.get("/wiki/ecoute-active", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and "reformuler" in text(changed)
    assert changed.headers["ETag"] != etag


def test_each_language_has_its_own_page(client: FlaskClient, page: Any) -> None:
    french = client.get("/wiki/ecoute-active", headers={"Accept-Language": "fr"})
    english = client.get("/wiki/ecoute-active", headers={"Accept-Language": "en"})
    assert french.headers["Content-Language"] == "fr" and english.headers["Content-Language"] == "en"
    assert french.headers["ETag"] != english.headers["ETag"]
    assert 'lang="fr"' in text(french) and 'lang="en"' in text(english)
    assert client.get("/wiki/ecoute-active", headers={"If-None-Match": french.headers["ETag"], "Accept-Language": "en"}).status_code == 200


def test_a_signed_in_reader_never_gets_a_visitors_page_nor_a_304(app: Flask, client: FlaskClient, page: Any, claire: User) -> None:
    visitor = client.get("/wiki/ecoute-active")
    reader = signed_in(app, "claire")
    own = reader.get("/wiki/ecoute-active", headers={"If-None-Match": visitor.headers["ETag"],
                                                     "If-Modified-Since": visitor.headers["Last-Modified"]})
    assert own.status_code == 200
    assert "claire" in text(own) and "Se déconnecter" in text(own)
    assert own.cache_control.private and own.cache_control.no_cache and not own.cache_control.public
    assert "ETag" not in own.headers and "Last-Modified" not in own.headers
    # ...and the visitors' page is still the visitors' one, with nothing of claire's.
    again = client.get("/wiki/ecoute-active")
    assert "Se déconnecter" not in text(again) and "Se connecter" in text(again)
    assert text(again) == text(visitor)


def test_signing_out_brings_the_visitors_page_back(app: Flask, page: Any, claire: User) -> None:
    reader = signed_in(app, "claire")
    assert "Se déconnecter" in text(reader.get("/wiki/ecoute-active"))
    reader.post("/auth/logout")
    reader.get("/")  # the flash message, if any, is shown once
    after = reader.get("/wiki/ecoute-active")
    assert "Se déconnecter" not in text(after) and "Se connecter" in text(after)


def test_a_visitor_with_a_flash_message_sees_it(app: Flask, client: FlaskClient, page: Any) -> None:
    client.get("/wiki/ecoute-active")  # kept
    client.get("/wiki/_new?title=")  # a flash message for this visitor
    shown = client.get("/wiki/ecoute-active")
    assert "Donnez un titre" in text(shown)
    assert not shown.cache_control.public
    assert "Donnez un titre" not in text(app.test_client().get("/wiki/ecoute-active"))


def test_csrf_on_the_pages_of_signed_in_readers_but_not_of_visitors(app_factory: Any) -> None:
    app = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        claire = _user("claire")
        pages.save_revision("accueil", "Bienvenue.", claire, title="Accueil")
        writing.create_story(claire, STORY)
    visitor = app.test_client()
    for path in ("/wiki/accueil", "/stories/1", "/brands/saab", "/leaderboard", "/observatory"):
        response = visitor.get(path)
        assert response.status_code == 200, path
        assert "Set-Cookie" not in response.headers and 'name="csrf_token"' not in text(response), path
        assert response.cache_control.public, path
    # The language link leads to a form that carries the token.
    switch = visitor.get("/language?lang=en&next=/wiki/accueil")
    assert 'name="csrf_token"' in text(switch) and "Set-Cookie" in switch.headers


def _user(name: str, role: Role = Role.CUSTOMER) -> User:
    from cherclient_wiki.accounts import users

    return users.create_user(name, f"{name}@example.org", PASSWORD, role)


def test_a_change_moves_the_data_version(app: Flask, client: FlaskClient, page: Any, claire: User) -> None:
    """Two workers (two apps on one database): a change made through one is seen by the other."""
    other = app.test_client()
    assert client.get("/wiki/ecoute-active").status_code == 200
    before = versions.current().number
    pages.save_revision("ecoute-active", "Écouter, puis reformuler.", claire)
    assert versions.current().number == before + 1
    assert "reformuler" in text(other.get("/wiki/ecoute-active"))


def test_another_worker_sees_a_change_made_through_this_one(app_factory: Any, app: Flask, page: Any, claire: User) -> None:
    worker_a, worker_b = app, app_factory()
    visitor_a, visitor_b = worker_a.test_client(), worker_b.test_client()
    assert "vraiment" in text(visitor_b.get("/wiki/ecoute-active"))
    editor = signed_in(worker_a, "claire")
    editor.post("/wiki/ecoute-active/edit", data={"source": "Écouter, puis reformuler.", "base_revision": "1", "summary": ""})
    assert "reformuler" in text(visitor_a.get("/wiki/ecoute-active"))
    assert "reformuler" in text(visitor_b.get("/wiki/ecoute-active"))


# ---- every kind of change is visible on the next request ----------------------------------------

Change = Callable[[dict[str, Any]], None]


def _reader_sees(client: FlaskClient, path: str, change: Change, context: dict[str, Any], before: str, after: str) -> None:
    first = client.get(path)
    assert before in text(first), text(first)
    assert client.get(path, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    change(context)
    db.session.expire_all()
    response = client.get(path, headers={"If-None-Match": first.headers["ETag"]}, follow_redirects=True)
    assert response.status_code in (200, 404), response.status_code  # 404: deleted
    assert after in text(response), text(response)


def test_wiki_save(client: FlaskClient, page: Any, claire: User) -> None:
    _reader_sees(client, "/wiki/ecoute-active",
                 lambda c: pages.save_revision("ecoute-active", "Reformuler avant de répondre.", claire),
                 {}, "vraiment", "Reformuler avant de répondre")


def test_wiki_rename(client: FlaskClient, page: Any, claire: User) -> None:
    _reader_sees(client, "/wiki/ecoute-active", lambda c: pages.rename(page, "Écoute attentive", claire),
                 {}, "Écoute active", "Écoute attentive")


def test_wiki_revert(client: FlaskClient, page: Any, claire: User) -> None:
    pages.save_revision("ecoute-active", "Une version à défaire.", claire)
    _reader_sees(client, "/wiki/ecoute-active", lambda c: pages.revert(page, 1, claire),
                 {}, "Une version à défaire", "vraiment")


def test_wiki_delete(client: FlaskClient, page: Any) -> None:
    _reader_sees(client, "/wiki/ecoute-active", lambda c: pages.set_deleted(page, True), {}, "vraiment", "")
    assert client.get("/wiki/ecoute-active").status_code == 404


def test_a_new_page_turns_a_red_link_blue(client: FlaskClient, claire: User) -> None:
    pages.save_revision("accueil", "Voir [[Écoute active]].", claire, title="Accueil")
    red = text(client.get("/wiki/accueil"))
    pages.save_revision("ecoute-active", "Écouter.", claire, title="Écoute active")
    assert text(client.get("/wiki/accueil")) != red


def test_comment_posted_and_hidden(client: FlaskClient, page: Any, claire: User, make_user: Any) -> None:
    modo = make_user("modo", Role.MODERATOR)
    item = find(Target.PAGE, page.id, claire)
    assert item is not None
    _reader_sees(client, "/wiki/ecoute-active", lambda c: c.update(comment=comments.post(claire, item, "Merci pour ce rappel utile.")),
                 context := {}, "Pas encore de commentaire", "Merci pour ce rappel utile")
    _reader_sees(client, "/wiki/ecoute-active", lambda c: comments.set_hidden(modo, c["comment"], True, "hors sujet"),
                 context, "Merci pour ce rappel utile", "commentaire masqué par la modération")


def test_story_edit(client: FlaskClient, story: Story, claire: User) -> None:
    _reader_sees(client, f"/stories/{story.id}",
                 lambda c: writing.edit_story(story, claire, {**STORY, "title": "Rappelé dès le lundi", "base_version": str(story.version)}),
                 {}, "Un rappel le lundi matin", "Rappelé dès le lundi")


def test_story_reaction(client: FlaskClient, story: Story, make_user: Any) -> None:
    marc = make_user("marc")
    _reader_sees(client, f"/stories/{story.id}", lambda c: reactions.toggle(story, marc), {},
                 "encore dit avoir été touché", "1 personne a été touchée")


def test_moderation_decision_shows_on_story_brand_page_leaderboard_and_observatory(client: FlaskClient, story: Story, make_user: Any) -> None:
    modo = make_user("modo", Role.MODERATOR)
    story.status = Status.PENDING.value
    db.session.commit()
    leaderboard, observatory = text(client.get("/leaderboard")), text(client.get("/observatory"))
    assert client.get(f"/stories/{story.id}").status_code == 404
    decide(modo, [story], Decision.APPROVE)
    assert client.get(f"/stories/{story.id}").status_code == 200
    assert text(client.get("/leaderboard")) != leaderboard
    assert text(client.get("/observatory")) != observatory
    brand_page = text(client.get("/brands/saab"))
    assert "Un rappel le lundi matin" in brand_page


def test_a_new_story_shows_on_the_brand_page(client: FlaskClient, story: Story, claire: User) -> None:
    _reader_sees(client, "/brands/saab", lambda c: writing.create_story(claire, {**STORY, "title": "Une deuxième fois chez Saab"}),
                 {}, "Un rappel le lundi matin", "Une deuxième fois chez Saab")


def test_a_renamed_account_shows_under_its_story(client: FlaskClient, story: Story, claire: User) -> None:
    def rename(_c: dict[str, Any]) -> None:
        claire.username = "claire-b"
        db.session.commit()

    _reader_sees(client, f"/stories/{story.id}", rename, {}, "claire", "claire-b")


def test_writes_no_page_shows_leave_the_pages_kept(client: FlaskClient, page: Any, claire: User) -> None:
    from cherclient_wiki.accounts.tokens import create_token
    from cherclient_wiki.core import audit

    before = versions.current().number
    create_token(claire, "lecture")
    audit.record(claire, "test.nothing", "page", page.id)
    db.session.commit()
    assert versions.current().number == before


def test_a_database_restored_from_a_backup_never_gets_the_pages_kept_before(client: FlaskClient, page: Any, claire: User) -> None:
    """After a restore the counter starts again from the backup's number: the next change takes a
    number that pages were kept under before the restore (a shared cache outlives it)."""
    backup = versions.current()
    pages.save_revision("ecoute-active", "Écouter, puis reformuler.", claire)
    assert "reformuler" in text(client.get("/wiki/ecoute-active"))  # kept under the backup's number + 1
    db.session.execute(update(versions.DataVersion).values(version=backup.number, changed_at=backup.changed_at))
    pages.save_revision("ecoute-active", "Écouter, puis résumer.", claire)  # number + 1 again
    assert versions.current().number == backup.number + 1
    assert "résumer" in text(client.get("/wiki/ecoute-active"))


def test_the_index_catching_up_with_a_save_leaves_the_pages_kept(page: Any) -> None:
    """The save moved the version; the index applying it later shows on no kept page, so the
    pages rendered since the save are not thrown away a second time."""
    from cherclient_wiki.search import indexer

    before = versions.current().number
    assert indexer.drain() >= 1
    assert versions.current().number == before


def test_pages_can_be_left_uncached(app_factory: Any) -> None:
    app = app_factory(VISITOR_CACHE=False)
    with app.app_context():
        pages.save_revision("accueil", "Bienvenue.", _user("claire"), title="Accueil")
    response = app.test_client().get("/wiki/accueil")
    assert response.status_code == 200 and "ETag" not in response.headers


def test_a_signed_in_reader_sees_a_new_page_turn_a_red_link_blue(app: Flask, claire: User) -> None:
    """The article part kept for signed-in readers follows the data version too."""
    pages.save_revision("accueil", "Voir [[Écoute active]].", claire, title="Accueil")
    reader = signed_in(app, "claire")
    assert 'class="wikilink new"' in text(reader.get("/wiki/accueil"))
    pages.save_revision("ecoute-active", "Écouter.", claire, title="Écoute active")
    assert 'class="wikilink new"' not in text(reader.get("/wiki/accueil"))
