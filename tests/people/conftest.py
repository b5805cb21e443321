"""A person's footprint on the site, made through the application as they would make it (the web
pages and the API): a page edit, a story edited once, a comment, a report, a reaction, an image,
an API token; and what others did around it (a moderator's decision naming them)."""
from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image

from cherclient_wiki.accounts import users
from cherclient_wiki.accounts.models import User
from cherclient_wiki.accounts.roles import Role
from cherclient_wiki.accounts.tokens import create_token
from cherclient_wiki.core.db import db
from cherclient_wiki.stories import writing
from cherclient_wiki.wiki import pages
from tests.conftest import PASSWORD
from tests.stories.conftest import story_data

NAME = "zoe_erasable"
EMAIL = "zoe.erasable@example.net"


def png() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (12, 9), (10, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@dataclass
class Footprint:
    user_id: int
    token: str
    story_id: int
    other_story_id: int
    comment_id: int
    upload_name: str
    moderator_token: str


@pytest.fixture
def footprint(app: Flask, client: FlaskClient) -> Footprint:
    """Zoé's traces, and a site around them: Paul's page and story, a moderator."""
    paul = users.create_user("paul_autre", "paul@example.org", PASSWORD, Role.PRACTITIONER)
    modo = users.create_user("modo_garde", "modo@example.org", PASSWORD, Role.MODERATOR)
    pages.save_revision("accueil-client", "L'accueil du client, en trois temps.", paul, title="Accueil client")
    other = writing.create_story(paul, story_data(title="Un guichet patient", brands=["Saab"]))
    zoe = users.create_user(NAME, EMAIL, PASSWORD, Role.CUSTOMER)
    zoe.created_at = zoe.created_at.replace(year=2020)  # old enough to post links, like any regular
    db.session.commit()
    moderator_token = create_token(modo, "moderation")

    assert client.post("/auth/login", data={"login": NAME, "password": PASSWORD}).status_code == 302
    assert client.post("/auth/tokens", data={"name": "mon script"}).status_code in (200, 302)
    token = create_token(db.session.get(User, zoe.id), "second script")
    sent = client.post("/uploads/", data={"image": (BytesIO(png()), "guichet.png"), "alt": "Le guichet"},
                       content_type="multipart/form-data")
    assert sent.status_code in (200, 201, 302), sent.get_data(as_text=True)
    upload_name = db.session.scalar(db.select(db.metadata.tables["uploads"].c.name))
    created = client.post("/api/v1/stories", json=story_data(title="Mon conseiller Saab", body="Un conseiller m'a écoutée longtemps au téléphone, sans jamais me presser, et il a trouvé la panne.",
                                                            photo=f"![guichet](/uploads/{upload_name})"), headers=bearer(token))
    assert created.status_code == 201, created.get_json()
    story_id = created.get_json()["id"]
    edited = client.put(f"/api/v1/stories/{story_id}", json=story_data(title="Mon conseiller Saab, suite", body="Il a rappelé le lendemain pour vérifier que tout marchait, ce que personne n'avait jamais fait.", base_version=1),
                        headers=bearer(token))
    assert edited.status_code == 200, edited.get_json()
    saved = client.put("/api/v1/pages/accueil-client", json={"markdown": "L'accueil du client, en quatre temps : écouter d'abord.",
                                                             "summary": "Ajout de l'écoute", "base_revision": 1}, headers=bearer(token))
    assert saved.status_code in (200, 201), saved.get_json()
    posted = client.post(f"/api/v1/stories/{other.id}/comments", json={"body": "Bravo pour ce guichet."}, headers=bearer(token))
    assert posted.status_code == 201, posted.get_json()
    assert client.post(f"/stories/{other.id}/react").status_code == 302
    assert client.post(f"/community/story/{other.id}/report", data={"reason": "spam", "details": "Doublon ?"}).status_code in (200, 302)
    proposed = client.post("/api/v1/suggestions", json={"brand": "Saab", "title": "Un rappel par SMS",
                                                        "body": "Prévenir par SMS la veille du rendez-vous au garage."}, headers=bearer(token))
    assert proposed.status_code == 201, proposed.get_json()
    theirs = client.post("/api/v1/suggestions", json={"brand": "Saab", "title": "Des horaires le samedi",
                                                      "body": "Ouvrir l'atelier le samedi matin pour ceux qui travaillent."},
                         headers=bearer(create_token(db.session.get(User, paul.id), "paul")))
    assert theirs.status_code == 201, theirs.get_json()
    assert client.post(f"/api/v1/suggestions/{theirs.get_json()['id']}/support", headers=bearer(token)).status_code == 200
    followed = client.post("/api/v1/follows", json={"type": "page", "slug": "accueil-client"}, headers=bearer(token))
    assert followed.status_code in (200, 201), followed.get_json()
    # Around her: a moderator hides her comment, naming her in the reason; Paul reverts her edit.
    hidden = client.post(f"/api/v1/comments/{posted.get_json()['id']}/hide", json={"hidden": True, "reason": f"Hors sujet, {NAME}"},
                         headers=bearer(moderator_token))
    assert hidden.status_code == 200, hidden.get_json()
    pages.revert(pages.by_slug("accueil-client"), 1, db.session.get(User, paul.id), summary=f"Annule la modification de {NAME}")
    return Footprint(zoe.id, token, story_id, other.id, posted.get_json()["id"], upload_name, moderator_token)
