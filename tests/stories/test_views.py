"""The story pages as a reader, an author and a moderator use them."""
from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from cherclient_wiki.accounts.models import User
from cherclient_wiki.core.db import db
from cherclient_wiki.core.hooks import hooks
from cherclient_wiki.core.screening import Screening
from cherclient_wiki.stories import writing
from cherclient_wiki.stories.models import Story

from .conftest import BODY, PARAGRAPHS, story_data

TOKEN_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
FORM = {"title": "Un rappel le lundi matin", "body": BODY, "brands": "SAAB, Coolblue", "kind": "love",
        "satisfaction": "5", "ending": "loyal", "year": "2015", "channel": "phone", "photo": ""}


def login(client: FlaskClient, name: str) -> None:
    assert client.post("/auth/login", data={"login": name, "password": "motdepasse-solide"}).status_code == 302


def held(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hooks(), "screeners", [lambda story: Screening(0.95, ["Un code promo dans le texte."])])


def test_a_logged_in_customer_tells_a_story_and_readers_see_it(client: FlaskClient, claire: User) -> None:
    assert client.get("/stories/new").status_code == 302  # to the login page
    login(client, "claire")
    form_page = client.get("/stories/new").get_data(as_text=True)
    assert '<label for="title">' in form_page and '<label for="brands">' in form_page
    response = client.post("/stories/new", data=FORM)
    assert response.status_code == 302
    story = db.session.scalars(db.select(Story)).one()
    assert story.author_ip == "127.0.0.1"
    page = unescape(client.get(response.location).get_data(as_text=True))
    assert "Un rappel le lundi matin" in page and "SAAB" in page and "Coolblue" in page
    assert "Toujours fidèle" in page
    listing = unescape(client.get("/stories/?brand=saab").get_data(as_text=True))
    assert "Un rappel le lundi matin" in listing
    assert "Un rappel le lundi matin" not in client.get("/stories/?brand=volvo").get_data(as_text=True)
    assert "Un rappel le lundi matin" not in client.get("/stories/?kind=complaint").get_data(as_text=True)


def test_an_invalid_form_keeps_what_was_typed_and_says_what_is_wrong(client: FlaskClient, claire: User) -> None:
    login(client, "claire")
    response = client.post("/stories/new", data={**FORM, "brands": "", "satisfaction": "", "year": "3000"})
    assert response.status_code == 422
    page = unescape(response.get_data(as_text=True))
    assert "Indiquez au moins une marque." in page
    assert "Choisissez une satisfaction de 1 (très déçu) à 5 (enchanté)." in page
    assert "Indiquez une année entre 1950" in page
    assert BODY in page and 'value="Un rappel le lundi matin"' in page and 'checked id="kind-0" name="kind" type="radio" value="love"' in page
    assert db.session.scalar(db.select(db.func.count(Story.id))) == 0


def test_a_pending_story_is_shown_to_its_author_with_the_reasons_and_to_nobody_else(
    client: FlaskClient, claire: User, marc: User, mod: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    held(monkeypatch)
    story = writing.create_story(claire, story_data())
    url = f"/stories/{story.id}"
    assert client.get(url).status_code == 404
    assert "Un rappel le lundi matin" not in client.get("/stories/").get_data(as_text=True)
    login(client, "marc")
    assert client.get(url).status_code == 404
    assert client.get(url + "/history").status_code == 404
    client.post("/auth/logout")
    login(client, "claire")
    page = unescape(client.get(url).get_data(as_text=True))
    assert "attend la relecture d'un modérateur" in page and "Un code promo dans le texte." in page
    assert "Un rappel le lundi matin" in client.get("/stories/mine").get_data(as_text=True)  # listed, marked held
    assert "En attente de modération" in client.get("/stories/mine").get_data(as_text=True)
    client.post("/auth/logout")
    login(client, "modo")
    assert client.get(url).status_code == 200


def test_only_the_author_or_a_moderator_edits_and_every_version_is_kept(
    client: FlaskClient, claire: User, marc: User, mod: User
) -> None:
    story = writing.create_story(claire, story_data())
    edit = f"/stories/{story.id}/edit"
    assert client.get(edit).status_code == 302
    login(client, "marc")
    assert client.get(edit).status_code == 403
    assert client.post(edit, data={**FORM, "title": "Volé"}).status_code == 403
    client.post("/auth/logout")
    login(client, "claire")
    form_page = unescape(client.get(edit).get_data(as_text=True))
    assert 'value="Saab"' in form_page and 'checked id="satisfaction-4" name="satisfaction" type="radio" value="5"' in form_page
    assert client.post(edit, data={**FORM, "ending": "left"}).status_code == 302
    history = unescape(client.get(f"/stories/{story.id}/history").get_data(as_text=True))
    assert "Version 1" in history and "Version 2" in history and "Parti" in history and "Toujours fidèle" in history
    client.post("/auth/logout")
    login(client, "modo")
    assert client.post(edit, data={**FORM, "title": "Titre revu par la modération"}).status_code == 302
    db.session.refresh(story)
    assert story.title == "Titre revu par la modération" and len(story.revisions) == 3


def test_a_reader_is_touched_once_and_can_take_it_back(client: FlaskClient, claire: User, marc: User) -> None:
    story = writing.create_story(claire, story_data())
    react = f"/stories/{story.id}/react"
    assert client.post(react).status_code == 302 and "login" in client.post(react).location
    login(client, "marc")
    client.post(react)
    page = unescape(client.get(f"/stories/{story.id}").get_data(as_text=True))
    assert "1 personne a été touchée" in page and 'aria-pressed="true"' in page
    client.post("/auth/logout")
    login(client, "claire")
    client.post(react)
    assert "2 personnes ont été touchées" in unescape(client.get(f"/stories/{story.id}").get_data(as_text=True))
    client.post(react)  # the same account again: taken back, never counted twice
    client.post("/auth/logout")
    login(client, "marc")
    client.post(react)
    assert "Personne n'a encore dit avoir été touché" in unescape(client.get(f"/stories/{story.id}").get_data(as_text=True))


def test_every_post_needs_the_csrf_token(app_factory: Any, make_user: Any) -> None:
    app: Flask = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        story = writing.create_story(make_user("claire"), story_data())
        client = app.test_client()
        token = TOKEN_RE.search(client.get("/auth/login").get_data(as_text=True)).group(1)  # type: ignore[union-attr]
        client.post("/auth/login", data={"login": "claire", "password": "motdepasse-solide", "csrf_token": token})
        for url in ("/stories/new", f"/stories/{story.id}/edit", f"/stories/{story.id}/react"):
            assert client.post(url, data=FORM).status_code == 400, url
        assert db.session.scalar(db.select(db.func.count(Story.id))) == 1
        assert client.post(f"/stories/{story.id}/react", data={"csrf_token": token}).status_code == 302


def test_the_edit_form_carries_its_version_and_merges_what_a_moderator_saved_meanwhile(client: FlaskClient, claire: User, mod: User) -> None:
    story = writing.create_story(claire, story_data(body=PARAGRAPHS, brands=["Saab", "Coolblue"]))
    login(client, "claire")
    page = client.get(f"/stories/{story.id}/edit").get_data(as_text=True)
    assert 'id="base_version" name="base_version" type="hidden" value="1"' in page
    writing.edit_story(story, mod, story_data(body=PARAGRAPHS, brands=["Saab", "Coolblue"], title="Titre revu par la modération", base_version=1))
    saved = client.post(f"/stories/{story.id}/edit", data={**FORM, "body": PARAGRAPHS, "ending": "left", "base_version": "1"}, follow_redirects=True)
    assert "fusionnées automatiquement" in saved.get_data(as_text=True)
    db.session.refresh(story)
    assert (story.title, story.ending, story.version) == ("Titre revu par la modération", "left", 3)


def test_an_overlapping_edit_shows_both_versions_keeps_what_was_typed_and_saves_nothing(client: FlaskClient, claire: User, mod: User) -> None:
    story = writing.create_story(claire, story_data(body=PARAGRAPHS, brands=["Saab", "Coolblue"]))
    writing.edit_story(story, mod, story_data(body=PARAGRAPHS.replace("un samedi matin", "un samedi, d'après la modération"), brands=["Saab", "Coolblue"], base_version=1))
    login(client, "claire")
    mine = PARAGRAPHS.replace("un samedi matin", "un samedi matin de janvier")
    conflict = client.post(f"/stories/{story.id}/edit", data={**FORM, "body": mine, "satisfaction": "4", "base_version": "1"})
    page = unescape(conflict.get_data(as_text=True))
    assert conflict.status_code == 409
    assert "sur les mêmes points que vous : « Votre histoire (Markdown) »" in page and "par modo" in page
    assert "un samedi matin de janvier" in page and "un samedi, d'après la modération" in page  # both texts
    assert 'name="base_version" type="hidden" value="2"' in page and 'checked id="satisfaction-3"' in page  # the rest as typed
    db.session.refresh(story)
    assert story.version == 2 and "de janvier" not in story.body
    # Saving from the conflict screen is an ordinary save on top of the current version.
    resolved = client.post(f"/stories/{story.id}/edit", data={**FORM, "body": mine, "satisfaction": "4", "base_version": "2"})
    assert resolved.status_code == 302
    db.session.refresh(story)
    assert story.version == 3 and "de janvier" in story.body
