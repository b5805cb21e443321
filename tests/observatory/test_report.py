"""The observatory's figures: each published story once, cross-tabulated against its ending."""
from __future__ import annotations

from typing import Any

from cherclient_wiki.core.db import db
from cherclient_wiki.observatory import report
from cherclient_wiki.stories.choices import Status
from cherclient_wiki.stories.models import Story
from tests.observatory.storyteller import brand, reader, readers, tell


def test_totals_equal_the_published_stories(app: Any) -> None:
    a, b = readers(2)
    tell(a, "Alpha", satisfaction=5, ending="loyal")
    tell(a, "Alpha", satisfaction=5, ending="left")
    tell(b, "Beta", satisfaction=1, ending="left", kind="complaint", channel=None)
    tell(b, "Beta", status=Status.PENDING)
    tell(b, "Beta", status=Status.REJECTED)
    data = report.observatory()
    published = db.session.query(Story).filter_by(status="published").count()
    assert data.total == published == 3
    assert sum(counts.total for counts in data.by_kind.values()) == 3
    assert sum(counts.total for counts in data.by_channel.values()) == 3
    assert data.by_satisfaction[5].counts == {"loyal": 1, "left": 1, "returned": 0, "undecided": 0}
    assert data.by_satisfaction[3].total == 0
    assert data.by_channel[report.UNKNOWN_CHANNEL].total == 1


def test_a_story_about_two_brands_counts_once_overall_and_once_per_sector(app: Any) -> None:
    story = tell(reader("claire"), "Alpha")
    tell(reader("marc"), "Beta")
    from cherclient_wiki.stories.writing import edit_story

    edit_story(story, story.author, {  # type: ignore[arg-type]
        "title": story.title, "body": story.body, "brands": ["Alpha", "Beta"], "kind": "love",
        "satisfaction": 5, "ending": "loyal", "year": 2020, "channel": "web",
    })
    story.status = Status.PUBLISHED.value  # whatever the ad detector thought of the edit
    brand("Beta").sector = "banque"
    db.session.commit()
    data = report.observatory()
    assert data.total == 2
    assert data.by_sector["banque"].total == 2 and data.by_sector["autre"].total == 1


def test_the_complaint_paradox_compares_complaints_with_love_stories(app: Any) -> None:
    people = readers(4)
    for author in people[:2]:
        tell(author, "Alpha", kind="complaint", ending="returned", satisfaction=4)
    for author in people[2:]:
        tell(author, "Alpha", kind="love", ending="left", satisfaction=5)
    paradox = report.observatory().complaint_paradox
    assert paradox["complaint"].loyalty_rate == 1.0 and paradox["love"].loyalty_rate == 0.0
    reading = " ".join(report.reading(report.observatory()))
    assert "Après une réclamation" in reading and "4 histoires publiées" in reading


def test_the_observatory_is_recomputed_after_a_new_story(app: Any) -> None:
    tell(reader("claire"), "Alpha")
    assert report.observatory().total == 1
    tell(reader("marc"), "Alpha")
    assert report.observatory().total == 2


def test_reading_without_stories(app: Any) -> None:
    assert report.reading(report.observatory()) == ["Aucune histoire publiée pour l'instant : l'observatoire attend vos récits."]


def test_new_stories_extend_the_cached_figures_exactly(app: Any, monkeypatch: Any) -> None:
    a, b = readers(2)
    tell(a, "Alpha", satisfaction=4, ending="loyal", channel="phone")
    report.observatory()
    full, scopes = report.compute, []

    def spy(story_ids: Any = None) -> report.Observatory:
        scopes.append(story_ids)
        return full(story_ids)

    monkeypatch.setattr(report, "compute", spy)
    tell(b, "Beta", satisfaction=4, ending="left", channel=None)
    tell(b, "Alpha", satisfaction=1, ending="returned", kind="complaint")
    extended = report.observatory()
    assert scopes and None not in scopes  # only the new stories were read
    assert extended == full()


def test_sector_counts_read_from_the_summaries_match_the_stories(app: Any) -> None:
    """Counted per brand from brand_totals: a representative's own story (left out of the
    leaderboard) still counts, and two or three brands of one sector count the story once there."""
    from cherclient_wiki.brands.models import BrandRepresentative
    from cherclient_wiki.stories.writing import edit_story

    claire, marc, rep = reader("claire"), reader("marc"), reader("porte-parole")
    both = tell(claire, "Alpha", ending="left")
    tell(marc, "Gamma", ending="returned")
    tell(rep, "Alpha", ending="loyal")
    edit_story(both, claire, {  # type: ignore[arg-type]
        "title": both.title, "body": both.body, "brands": ["Alpha", "Beta", "Gamma"], "kind": "love",
        "satisfaction": 5, "ending": "left", "year": 2020, "channel": "web",
    })
    both.status = Status.PUBLISHED.value
    brand("Alpha").sector = brand("Beta").sector = "banque"
    brand("Gamma").sector = "transport"
    db.session.add(BrandRepresentative(user_id=rep.id, brand_id=brand("Alpha").id))
    db.session.commit()
    data = report.compute()
    assert data.by_sector["banque"].counts == {"loyal": 1, "left": 1, "returned": 0, "undecided": 0}
    assert data.by_sector["transport"].counts == {"loyal": 0, "left": 1, "returned": 1, "undecided": 0}
    assert report.compute(story_ids=[s.id for s in db.session.query(Story)]).by_sector == data.by_sector
    brand("Gamma").sector = "banque"  # all three brands of that story in one sector
    db.session.commit()
    data = report.compute()
    assert data.by_sector["banque"].counts == {"loyal": 1, "left": 1, "returned": 1, "undecided": 0}
    assert "transport" not in data.by_sector
    assert report.compute(story_ids=[s.id for s in db.session.query(Story)]).by_sector == data.by_sector
