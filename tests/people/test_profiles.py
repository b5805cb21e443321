"""Public profiles: who a contributor is and what they published; held or rejected content never
shows; names in histories, stories and comments lead there."""
from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from cherclient_wiki.accounts.models import User
from cherclient_wiki.accounts.roles import Role
from cherclient_wiki.community import comments
from cherclient_wiki.community.models import Target
from cherclient_wiki.community.targets import find
from cherclient_wiki.core.db import db
from cherclient_wiki.stories import writing
from cherclient_wiki.stories.choices import Status
from cherclient_wiki.wiki import pages
from tests.conftest import PASSWORD
from tests.stories.conftest import story_data


def test_a_profile_shows_what_was_published_and_nothing_held(client: FlaskClient, make_user: Any, mod: User) -> None:
    author = make_user("lea_conteuse", Role.PRACTITIONER)
    published = writing.create_story(author, story_data(title="Une caissière attentive"))
    held = writing.create_story(author, story_data(title="Promo incroyable ici"))
    held.status = Status.PENDING.value
    rejected = writing.create_story(author, story_data(title="Achetez chez nous"))
    rejected.status = Status.REJECTED.value
    db.session.commit()
    pages.save_revision("ecoute-active", "Écouter avant de répondre.", author, title="Écoute active")
    pages.save_revision("ecoute-active", "Écouter avant de répondre, toujours.", author)
    shown = comments.post(author, find(Target.STORY, published.id, author), "Merci à elle.")
    hidden = comments.post(author, find(Target.STORY, published.id, author), "Un second mot.")
    comments.set_hidden(mod, hidden, True)
    assert shown.id

    html = client.get("/users/lea_conteuse").get_data(as_text=True)
    assert "Une caissière attentive" in html
    assert "Promo incroyable" not in html and "Achetez chez nous" not in html
    assert "Professionnel (déclaré)" in html and "2 révision(s) sur 1 page(s)" in html
    assert "Écoute active" in html

    profile = client.get("/api/v1/users/LEA_CONTEUSE").get_json()
    assert profile["username"] == "lea_conteuse" and profile["role"] == "practitioner" and not profile["verified"]
    assert [story["title"] for story in profile["stories"]] == ["Une caissière attentive"] and profile["story_count"] == 1
    assert (profile["page_count"], profile["revision_count"], profile["comment_count"]) == (1, 2, 1)
    assert profile["pages"] == [{"slug": "ecoute-active", "title": "Écoute active", "revisions": 2}]
    assert profile["member_since"].endswith("Z")
    assert client.get("/api/v1/users/personne").status_code == 404
    assert client.get("/users/personne").status_code == 404


def test_names_lead_to_the_profile(client: FlaskClient, make_user: Any) -> None:
    author = make_user("lea_conteuse")
    story = writing.create_story(author, story_data())
    comments.post(author, find(Target.STORY, story.id, author), "Un mot sous mon histoire.")
    pages.save_revision("ecoute-active", "Écouter avant de répondre.", author, title="Écoute active")
    link = 'href="/users/lea_conteuse"'
    assert link in client.get(f"/stories/{story.id}").get_data(as_text=True)
    assert link in client.get("/stories/").get_data(as_text=True)
    assert link in client.get("/wiki/ecoute-active/history").get_data(as_text=True)
    assert link in client.get("/wiki/ecoute-active").get_data(as_text=True)


def test_my_profile_offers_export_and_erasure_to_me_only(client: FlaskClient, make_user: Any) -> None:
    make_user("lea_conteuse")
    assert "/me/export" not in client.get("/users/lea_conteuse").get_data(as_text=True)
    client.post("/auth/login", data={"login": "lea_conteuse", "password": PASSWORD})
    html = client.get("/users/lea_conteuse").get_data(as_text=True)
    assert 'href="/me/export"' in html and 'href="/me/erase"' in html
    form = client.get("/me/erase").get_data(as_text=True)
    assert 'type="password"' in form and 'value="anonymise"' in form and 'value="delete"' in form


def test_an_erased_account_has_no_profile(app: Any, client: FlaskClient, make_user: Any) -> None:
    make_user("lea_conteuse")
    assert app.test_cli_runner().invoke(args=["people", "erase", "lea_conteuse", "--content", "delete", "--yes"]).exit_code == 0
    assert client.get("/users/lea_conteuse").status_code == 404
    assert client.get("/api/v1/users/ancien membre n°1").status_code == 404
