"""The story service: validation shared by the form and the API, tagging, revisions, screening."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from cherclient_wiki.accounts.models import User
from cherclient_wiki.brands.models import Brand
from cherclient_wiki.core.db import db
from cherclient_wiki.core.errors import InputError
from cherclient_wiki.core.hooks import hooks
from cherclient_wiki.core.merge import Outcome
from cherclient_wiki.core.screening import Screening
from cherclient_wiki.stories import schemas, writing
from cherclient_wiki.stories.models import Story
from cherclient_wiki.uploads.images import save_image

from .conftest import PARAGRAPHS, story_data

ROOT = Path(__file__).resolve().parents[2]


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
    with pytest.raises(InputError) as caught:
        writing.create_story(claire, bad)
    assert set(caught.value.fields) == set(bad)
    assert "au moins une marque" in caught.value.fields["brands"]
    assert "1950" in caught.value.fields["year"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"brands": ["a", "b", "c", "d", "e", "f"]}, "brands"),
        ({"brands": ["!!!"]}, "brands"),
        ({"brands": [1, 2]}, "brands"),
        ({"satisfaction": True}, "satisfaction"),
        ({"satisfaction": 2.5}, "satisfaction"),
        ({"year": 1949}, "year"),
        ({"body": "x" * (schemas.MAX_BODY_LENGTH + 1)}, "body"),
    ],
)
def test_out_of_range_values_are_refused(claire: User, changes: dict[str, Any], field: str) -> None:
    with pytest.raises(InputError) as caught:
        writing.validate_story(story_data(**changes))
    assert list(caught.value.fields) == [field]


def test_form_values_arrive_as_text_and_are_accepted(claire: User) -> None:
    facts = writing.validate_story(story_data(brands="Saab, Coolblue ; saab", satisfaction="4", year="", channel=""))
    assert facts.brands == ("Saab", "Coolblue") and facts.satisfaction == 4 and facts.year is None and facts.channel is None


def test_edit_appends_a_revision_only_when_something_changed(claire: User) -> None:
    story = writing.create_story(claire, story_data())
    assert writing.edit_story(story, claire, story_data()) == Outcome.UNCHANGED
    assert writing.edit_story(story, claire, story_data(ending="left", brands=["Saab", "Volvo"])) == Outcome.SAVED
    assert [r.number for r in story.revisions] == [1, 2]
    assert story.revisions[0].facts["ending"] == "loyal" and story.revisions[1].facts["ending"] == "left"
    assert [b.name for b in story.brands] == ["Saab", "Volvo"]


def test_only_the_author_and_moderators_edit(claire: User, marc: User, mod: User) -> None:
    story = writing.create_story(claire, story_data())
    with pytest.raises(writing.StoryForbidden):
        writing.edit_story(story, marc, story_data(title="Pas mon histoire"))
    assert writing.edit_story(story, mod, story_data(title="Titre corrigé par la modération")) == Outcome.SAVED
    assert story.revisions[-1].author_id == mod.id


def test_a_screener_holds_a_story_and_says_why(claire: User, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hooks(), "screeners", [lambda story: Screening(0.95, ["Lien vers une boutique."])])
    story = writing.create_story(claire, story_data())
    assert story.status == "pending" and story.ad_reasons == ["Lien vers une boutique."]


def test_a_photo_is_an_image_already_sent_to_the_uploads(claire: User, client: Any) -> None:
    buffer = BytesIO()
    Image.new("RGB", (8, 6), "red").save(buffer, "PNG")
    upload = save_image(buffer.getvalue(), "compteur.png", claire)
    story = writing.create_story(claire, story_data(photo=f"![compteur](/uploads/{upload.name})"))
    assert story.photo_id == upload.id
    assert f'src="/uploads/{upload.name}"' in client.get(f"/stories/{story.id}").get_data(as_text=True)
    with pytest.raises(InputError) as caught:
        writing.create_story(claire, story_data(photo="/uploads/" + "0" * 64 + ".png"))
    assert "Image introuvable" in caught.value.fields["photo"]


def test_an_edit_from_an_older_version_is_merged_with_what_changed_since(claire: User, mod: User) -> None:
    """Claire edits from version 1 while a moderator saves version 2: her edit does not undo his."""
    story = writing.create_story(claire, story_data(body=PARAGRAPHS))
    assert story.version == 1
    moderated = PARAGRAPHS.replace("un samedi matin", "un samedi")
    assert writing.edit_story(story, mod, story_data(body=moderated, title="Un rappel, enfin", base_version=1)) == Outcome.SAVED
    mine = story_data(body=PARAGRAPHS.replace("avec une solution", "avec la solution"), ending="left", brands=["saab"], base_version=1)
    assert writing.edit_story(story, claire, mine) == Outcome.MERGED
    db.session.refresh(story)
    assert story.version == 3 and [r.number for r in story.revisions] == [1, 2, 3]
    assert (story.title, story.ending, [b.name for b in story.brands]) == ("Un rappel, enfin", "left", ["Saab"])
    assert "un samedi sans grand espoir" in story.body.replace(",", "") and "avec la solution" in story.body
    # Sending back what is already there, from an old version, adds nothing.
    assert writing.edit_story(story, claire, {**mine, "title": "Un rappel, enfin", "body": story.body}) == Outcome.UNCHANGED


@pytest.mark.parametrize(
    ("theirs", "mine", "conflicts"),
    [
        ({"body": PARAGRAPHS.replace("un samedi matin", "un dimanche")}, {"body": PARAGRAPHS.replace("un samedi matin", "un lundi")}, ("body",)),
        ({"satisfaction": 2, "title": "Titre A"}, {"satisfaction": 4, "title": "Titre B"}, ("title", "satisfaction")),
        ({"brands": ["Saab", "Volvo"]}, {"brands": ["Saab", "Coolblue"]}, ("brands",)),
    ],
)
def test_edits_of_the_same_facts_are_a_conflict_and_save_nothing(
    claire: User, mod: User, theirs: dict[str, Any], mine: dict[str, Any], conflicts: tuple[str, ...],
) -> None:
    story = writing.create_story(claire, story_data(body=PARAGRAPHS))
    writing.edit_story(story, mod, story_data(**{"body": PARAGRAPHS, "base_version": 1, **theirs}))
    before = (story.title, story.body, story.satisfaction, [b.name for b in story.brands])
    with pytest.raises(writing.StoryConflict) as caught:
        writing.edit_story(story, claire, story_data(**{"body": PARAGRAPHS, "base_version": 1, **mine}))
    assert caught.value.conflicts == conflicts
    db.session.refresh(story)
    assert story.version == 2 and (story.title, story.body, story.satisfaction, [b.name for b in story.brands]) == before
    if "body" in conflicts:
        assert "<<<<<<< votre version" in caught.value.marked_body and "un lundi" in caught.value.marked_body


def test_a_bad_base_version_is_refused_and_none_overwrites(claire: User, mod: User) -> None:
    story = writing.create_story(claire, story_data())
    for bad in ("deux", -1, 7):
        with pytest.raises(InputError) as caught:
            writing.edit_story(story, claire, story_data(ending="left", base_version=bad))
        assert "base_version" in caught.value.fields
    writing.edit_story(story, mod, story_data(satisfaction=2, base_version=1))
    assert writing.edit_story(story, claire, story_data(satisfaction=4)) == Outcome.SAVED  # no base: as before
    assert story.satisfaction == 4


def _run_editors(app_url: str, tmp_path: Path, story_id: int, edits: list[dict[str, Any]]) -> list[str]:
    start_at = time.time() + 2.5  # every process has imported the app and waits for this moment
    processes = [
        subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "stories" / "concurrent_editor.py"), app_url, str(tmp_path / f"p{i}"), str(story_id), str(start_at), json.dumps(edit)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        for i, edit in enumerate(edits)
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        results.append(out.strip())
    return results


def test_two_processes_editing_one_story_at_once_never_lose_an_update(app: Any, claire: User, mod: User, tmp_path: Path) -> None:
    """Author and moderator save at the same moment from version 1: on SQLite (no row lock) the
    version's compare-and-swap makes the loser merge with the winner's text rather than overwrite it."""
    story = writing.create_story(claire, story_data(body=PARAGRAPHS))
    results = _run_editors(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, story.id, [
        {"editor": "claire", "data": story_data(body=PARAGRAPHS.replace("un samedi matin", "un samedi"), base_version=1)},
        {"editor": "modo", "data": story_data(body=PARAGRAPHS.replace("le lundi", "dès le lundi"), base_version=1)},
    ])
    assert sorted(results) == ["merged", "saved"]
    db.session.expire_all()
    story = db.session.get(Story, story.id)
    assert story.version == 3 and [r.number for r in story.revisions] == [1, 2, 3]
    assert "un samedi sans" in story.body.replace(",", "") and "dès le lundi" in story.body
