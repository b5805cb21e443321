"""The story service: validation shared by the form and the API, tagging, revisions, screening."""
from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

import pytest
from PIL import Image

from cherclient_wiki.accounts.models import User
from cherclient_wiki.brands.models import Brand
from cherclient_wiki.db import db
from cherclient_wiki.stories import screening, writing
from cherclient_wiki.stories.screening import Screening
from cherclient_wiki.uploads.images import save_image

from .conftest import story_data


def test_create_story_tags_one_brand_for_every_spelling_and_keeps_a_revision(claire: User) -> None:
    story = writing.create_story(claire, story_data(brands=["SAAB", " saab ", "Coolblue"]), ip="203.0.113.7")
    assert [brand.name for brand in story.brands] == ["SAAB", "Coolblue"]
    again = writing.create_story(claire, story_data(brands=["Saab"]))
    assert again.brands[0].id == story.brands[0].id
    assert db.session.scalar(db.select(db.func.count(Brand.id))) == 2
    assert story.status == "published" and story.ad_score == 0 and story.ad_reasons == []
    assert story.author_ip == "203.0.113.7"
    assert story.html.startswith("<p>J") and "samedi matin" in story.html
    assert [r.number for r in story.revisions] == [1]
    assert story.revisions[0].facts["brands"] == ["SAAB", "Coolblue"]


def test_every_invalid_field_gets_its_own_french_message(claire: User) -> None:
    bad = {"title": "", "body": "court", "brands": [], "kind": "hate", "satisfaction": 9,
           "ending": "maybe", "year": date.today().year + 1, "channel": "pigeon", "photo": "nope.png"}
    with pytest.raises(writing.StoryInvalid) as caught:
        writing.create_story(claire, bad)
    assert set(caught.value.errors) == set(bad)
    assert "au moins une marque" in caught.value.errors["brands"]
    assert "1950" in caught.value.errors["year"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"brands": ["a", "b", "c", "d", "e", "f"]}, "brands"),
        ({"brands": ["!!!"]}, "brands"),
        ({"brands": [1, 2]}, "brands"),
        ({"satisfaction": True}, "satisfaction"),
        ({"satisfaction": 2.5}, "satisfaction"),
        ({"year": 1949}, "year"),
        ({"body": "x" * (writing.MAX_BODY_LENGTH + 1)}, "body"),
    ],
)
def test_out_of_range_values_are_refused(claire: User, changes: dict[str, Any], field: str) -> None:
    with pytest.raises(writing.StoryInvalid) as caught:
        writing.validate_story(story_data(**changes))
    assert list(caught.value.errors) == [field]


def test_form_values_arrive_as_text_and_are_accepted(claire: User) -> None:
    facts = writing.validate_story(story_data(brands="Saab, Coolblue ; saab", satisfaction="4", year="", channel=""))
    assert facts.brands == ("Saab", "Coolblue") and facts.satisfaction == 4 and facts.year is None and facts.channel is None


def test_edit_appends_a_revision_only_when_something_changed(claire: User) -> None:
    story = writing.create_story(claire, story_data())
    assert writing.edit_story(story, claire, story_data()) is False
    assert writing.edit_story(story, claire, story_data(ending="left", brands=["Saab", "Volvo"])) is True
    assert [r.number for r in story.revisions] == [1, 2]
    assert story.revisions[0].facts["ending"] == "loyal" and story.revisions[1].facts["ending"] == "left"
    assert [b.name for b in story.brands] == ["Saab", "Volvo"]


def test_only_the_author_and_moderators_edit(claire: User, marc: User, mod: User) -> None:
    story = writing.create_story(claire, story_data())
    with pytest.raises(writing.StoryForbidden):
        writing.edit_story(story, marc, story_data(title="Pas mon histoire"))
    assert writing.edit_story(story, mod, story_data(title="Titre corrigé par la modération"))
    assert story.revisions[-1].author_id == mod.id


def test_a_screener_holds_a_story_and_says_why(claire: User, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(screening, "SCREENERS", [lambda story: Screening(0.95, ["Lien vers une boutique."])])
    story = writing.create_story(claire, story_data())
    assert story.status == "pending" and story.ad_reasons == ["Lien vers une boutique."]


def test_a_photo_is_an_image_already_sent_to_the_uploads(claire: User, client: Any) -> None:
    buffer = BytesIO()
    Image.new("RGB", (8, 6), "red").save(buffer, "PNG")
    upload = save_image(buffer.getvalue(), "compteur.png", claire)
    story = writing.create_story(claire, story_data(photo=f"![compteur](/uploads/{upload.name})"))
    assert story.photo_id == upload.id
    assert f'src="/uploads/{upload.name}"' in client.get(f"/stories/{story.id}").get_data(as_text=True)
    with pytest.raises(writing.StoryInvalid) as caught:
        writing.create_story(claire, story_data(photo="/uploads/" + "0" * 64 + ".png"))
    assert "Image introuvable" in caught.value.errors["photo"]
