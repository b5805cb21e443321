"""The demo content: realistic, varied, loaded through the real service, and only once."""
from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from flask.testing import FlaskCliRunner

from cherclient_wiki.brands.models import Brand
from cherclient_wiki.core.db import db
from cherclient_wiki.stories import generator
from cherclient_wiki.stories.choices import KEPT
from cherclient_wiki.stories.demo import demo_stories
from cherclient_wiki.stories.models import Story


@pytest.fixture(autouse=True)
def no_detector() -> None:
    """Overrides the package's fixture: the demo goes through the real detector, as on a new site."""


def kept_rate(stories: list[dict[str, Any]]) -> float:
    return sum(story["ending"] in KEPT for story in stories) / len(stories)


def test_the_generator_is_stable_and_tells_what_the_data_should_show() -> None:
    stories = generator.generate()
    assert stories == generator.generate()
    assert len(stories) >= 300 and len({s["brands"][0] for s in stories}) >= 30
    assert len({s["sector"] for s in stories}) >= 12 and len({s["author"] for s in stories}) >= 30
    assert set(Counter(s["ending"] for s in stories)) == {"loyal", "left", "returned", "undecided"}
    assert len({s["year"] for s in stories}) >= 15 and len({s["channel"] for s in stories}) == 7
    by_level = [kept_rate([s for s in stories if s["satisfaction"] == level]) for level in range(1, 6)]
    assert by_level[0] < by_level[2] < by_level[4] < 0.9  # satisfaction helps, but does not guarantee
    recovered = kept_rate([s for s in stories if s["kind"] == "complaint" and s["satisfaction"] >= 4])
    assert recovered > kept_rate([s for s in stories if s["kind"] == "love"])  # the complaint paradox
    assert any(s["satisfaction"] == 5 and s["ending"] == "left" for s in stories)


def test_demo_loads_every_story_once(runner: FlaskCliRunner) -> None:
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    total = len(demo_stories())
    assert f"Histoires : {total} créées" in first.output
    assert db.session.scalar(db.select(db.func.count(Story.id))) == total
    assert db.session.scalar(db.select(db.func.count(Brand.id))) >= 45
    assert db.session.scalar(db.select(Brand.sector).where(Brand.name == "Coolblue")) == "e-commerce"
    second = runner.invoke(args=["demo"])
    assert f"Histoires : 0 créées (dont 0 retenues pour modération), {total} déjà présentes." in second.output
    assert db.session.scalar(db.select(db.func.count(Story.id))) == total
