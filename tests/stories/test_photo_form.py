"""The story form as a new user meets it: a photo attached in the form itself, and the brands
the site knows suggested as one types (a datalist, no JavaScript needed)."""
from __future__ import annotations

import io

from flask.testing import FlaskClient
from PIL import Image

from cherclient_wiki.accounts.models import User
from cherclient_wiki.core.db import db
from cherclient_wiki.stories import writing
from cherclient_wiki.stories.models import Story

from .conftest import story_data
from .test_views import login


def png() -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 40, 40)).save(out, format="PNG")
    out.seek(0)
    return out


def test_a_photo_attached_in_the_form_becomes_the_story_photo(client: FlaskClient, claire: User) -> None:
    login(client, "claire")
    data = {**story_data(brands="Saab"), "photo_file": (png(), "facture.png")}
    answer = client.post("/stories/new", data=data, content_type="multipart/form-data")
    assert answer.status_code == 302
    story = db.session.scalars(db.select(Story)).one()
    assert story.photo is not None and story.photo.original_name == "facture.png"
    assert f"/uploads/{story.photo.name}" in client.get(answer.headers["Location"]).get_data(as_text=True)


def test_a_refused_file_keeps_what_was_typed(client: FlaskClient, claire: User) -> None:
    login(client, "claire")
    data = {**story_data(brands="Saab"), "photo_file": (io.BytesIO(b"<svg></svg>"), "logo.svg")}
    answer = client.post("/stories/new", data=data, content_type="multipart/form-data")
    text = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "Seules les images PNG, JPEG, GIF et WebP" in text and "Un rappel le lundi matin" in text


def test_known_brands_are_suggested_as_you_type(client: FlaskClient, claire: User) -> None:
    writing.create_story(claire, story_data(brands=["Coolblue"]))
    login(client, "claire")
    page = client.get("/stories/new").get_data(as_text=True)
    assert 'list="brand-names"' in page and '<option value="Coolblue">' in page
