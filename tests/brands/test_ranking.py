"""The leaderboard's rules: the scoring functions directly, then the ranking over real stories."""
from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import literal, select, update

from cherclient_wiki.core.db import db, utcnow
from cherclient_wiki.leaderboard import ranking, tallies
from cherclient_wiki.leaderboard.ranking import BrandTally, Filters, rank_brands, story_love
from cherclient_wiki.stories.choices import Ending, Status
from cherclient_wiki.stories.models import Story
from tests.observatory.storyteller import brand, declare_representative, reader, readers, tell


def entry(board: ranking.Leaderboard, slug: str) -> ranking.RankedBrand:
    return next(e for e in board.brands if e.slug == slug)


def slugs(board: ranking.Leaderboard) -> list[str]:
    return [e.slug for e in board.brands]


# ---- pure rules ------------------------------------------------------------------------------


def test_story_love_is_half_satisfaction_half_ending() -> None:
    assert story_love(5, "loyal") == 1.0
    assert story_love(1, "left") == 0.0
    assert story_love(5, "left") == 0.5  # delighted but gone: half the love only
    assert story_love(1, "returned") == 0.5
    assert story_love(3, "undecided") == 0.5


def test_the_sql_expression_gives_the_same_love(app: Any) -> None:
    for satisfaction in range(1, 6):
        for ending in Ending:
            in_sql = db.session.scalar(select(ranking.love_sql(literal(satisfaction), literal(ending.value))))
            assert in_sql == pytest.approx(story_love(satisfaction, ending.value))


def tally(slug: str, authors: int, love: float, stories: int | None = None) -> BrandTally:
    return BrandTally(abs(hash(slug)), slug, slug, "autre", stories or authors, authors, love * authors, love * authors, 4 * authors)


def test_shrinkage_keeps_one_perfect_story_below_twenty_good_accounts() -> None:
    board = rank_brands([tally("one-perfect", 1, 1.0), tally("twenty-good", 20, 0.85)], min_authors=1)
    assert slugs(board) == ["twenty-good", "one-perfect"]
    perfect = entry(board, "one-perfect")
    assert perfect.rank == 2 and perfect.mean < 100  # pulled toward the site mean


def test_brands_below_the_minimum_of_accounts_are_listed_unranked() -> None:
    board = rank_brands([tally("few", 2, 1.0), tally("many", 10, 0.5)], min_authors=3)
    assert [(e.slug, e.rank) for e in board.brands] == [("many", 1), ("few", None)]


def test_the_worked_example_shown_on_the_about_page_tells_the_truth() -> None:
    scores = {(authors, raw): score for authors, raw, _mean, score in ranking.worked_example()}
    assert scores[(1, 100.0)] < scores[(20, 80.0)] < scores[(200, 80.0)]
    assert scores[(20, 30.0)] < scores[(1, 100.0)]


def test_lower_bound_widens_with_fewer_accounts() -> None:
    assert ranking.lower_bound(0.8, 6) < ranking.lower_bound(0.8, 60) < 0.8
    assert ranking.lower_bound(0.0, 1) == 0.0


# ---- over stories ------------------------------------------------------------------------------


@pytest.fixture
def contest(app: Any) -> None:
    """The issue's four brands."""
    loved = readers(20, "fidele")
    for i, author in enumerate(loved):  # 80 % still loyal
        tell(author, "Alpha", satisfaction=4 if i < 16 else 2, ending="loyal" if i < 16 else "left")
    tell(reader("unique"), "Solo", satisfaction=5, ending="loyal")  # one perfect story
    flooder = reader("inondeur")
    for _ in range(25):
        tell(flooder, "Flood", satisfaction=5, ending="loyal")
    leaving = readers(20, "partant")
    for i, author in enumerate(leaving):  # 80 % left
        tell(author, "Fuite", satisfaction=2 if i < 16 else 4, ending="left" if i < 16 else "loyal")


@pytest.mark.usefixtures("contest")
def test_twenty_loyal_accounts_outrank_one_perfect_story_a_flood_and_a_leaking_brand() -> None:
    board = ranking.leaderboard()
    alpha, solo, flood, fuite = (entry(board, slug) for slug in ("alpha", "solo", "flood", "fuite"))
    assert alpha.rank == 1
    assert fuite.rank == 2 and fuite.score < alpha.score
    assert solo.rank is None and flood.rank is None  # one account each: "non classée"
    assert slugs(board).index("alpha") < slugs(board).index("solo")
    assert (flood.stories, flood.authors) == (25, 1)
    assert alpha.loyalty_rate == pytest.approx(0.8) and fuite.loyalty_rate == pytest.approx(0.2)


@pytest.mark.usefixtures("contest")
def test_even_without_the_account_minimum_shrinkage_keeps_alpha_first() -> None:
    board = rank_brands(ranking.tallies(Filters()), min_authors=1)
    assert slugs(board)[0] == "alpha"
    assert slugs(board).index("alpha") < slugs(board).index("flood")
    assert slugs(board).index("alpha") < slugs(board).index("solo")
    assert entry(board, "flood").score == entry(board, "solo").score  # 25 stories of one account = 1 story


def test_only_published_stories_count(app: Any) -> None:
    people = readers(3)
    for author in people:
        tell(author, "Alpha")
    tell(people[0], "Alpha", satisfaction=1, ending="left", status=Status.PENDING)
    tell(people[1], "Cachée", status=Status.REJECTED)
    board = ranking.leaderboard()
    assert slugs(board) == ["alpha"]
    assert entry(board, "alpha").stories == 3 and entry(board, "alpha").loyalty_rate == 1.0


def test_stories_by_the_brand_s_representatives_never_count(app: Any) -> None:
    customers = readers(3)
    for author in customers:
        tell(author, "Alpha", satisfaction=2, ending="left")
    insider = reader("commercial")
    tell(insider, "Alpha", satisfaction=5, ending="loyal")
    tell(insider, "Beta", satisfaction=5, ending="loyal")  # about another brand: counts
    declare_representative(insider, "Alpha")
    board = ranking.leaderboard()
    alpha = entry(board, "alpha")
    assert (alpha.stories, alpha.authors, alpha.loyalty_rate) == (3, 3, 0.0)
    assert entry(board, "beta").stories == 1


def test_filters_recompute_the_board(app: Any) -> None:
    people = readers(3)
    for author in people:
        tell(author, "Alpha", kind="complaint", channel="phone", year=2012, ending="returned", satisfaction=3)
        tell(author, "Beta", kind="love", channel="web", year=2021)
    brand("Beta").sector = "banque"
    db.session.commit()
    assert slugs(ranking.leaderboard(Filters(kind="complaint"))) == ["alpha"]
    assert slugs(ranking.leaderboard(Filters(channel="web"))) == ["beta"]
    assert slugs(ranking.leaderboard(Filters(since=2015))) == ["beta"]
    assert slugs(ranking.leaderboard(Filters(sector="banque"))) == ["beta"]
    assert ranking.leaderboard(Filters(kind="bravo")).brands == []


def test_a_new_story_invalidates_the_cached_board(app: Any) -> None:
    people = readers(4)
    for author in people[:3]:
        tell(author, "Alpha")
    assert entry(ranking.leaderboard(), "alpha").stories == 3
    tell(people[3], "Alpha", satisfaction=1, ending="left")
    assert entry(ranking.leaderboard(), "alpha").stories == 4


def test_a_change_made_by_another_process_is_seen(app: Any) -> None:
    """Writes that bypass this process's session (another worker) change the database fingerprint."""
    people = readers(3)
    stories = [tell(author, "Alpha", status=Status.PENDING) for author in people]
    assert ranking.leaderboard().brands == []
    db.session.commit()  # end this "request"'s read transaction
    with db.engine.begin() as connection:
        connection.execute(
            update(Story).where(Story.id.in_([s.id for s in stories])).values(status=Status.PUBLISHED.value)
        )
        tallies.refresh(connection)  # a bulk writer keeps the summaries itself (see brands.tallies)
    assert entry(ranking.leaderboard(), "alpha").stories == 3


def test_a_bulk_update_through_the_session_invalidates_too(app: Any) -> None:
    """A merge moves links with one UPDATE statement (no flush): the listener still notices it."""
    from cherclient_wiki.stories.models import StoryBrand

    for author in readers(3):
        tell(author, "Alpha")
    tell(reader("solo"), "Beta")
    assert entry(ranking.leaderboard(), "alpha").stories == 3
    db.session.execute(update(StoryBrand).where(StoryBrand.brand_id == brand("Alpha").id).values(brand_id=brand("Beta").id))
    db.session.commit()
    assert entry(ranking.leaderboard(), "beta").stories == 4


def _full(filters: Filters = Filters()) -> list[ranking.RankedBrand]:
    return rank_brands(ranking.tallies(filters)).brands


def test_new_stories_extend_the_cached_board_instead_of_recomputing_it(app: Any, monkeypatch: Any) -> None:
    people = readers(4)
    for author in people[:3]:
        tell(author, "Alpha")
        tell(author, "Beta", satisfaction=2, ending="left")
    ranking.leaderboard(Filters(kind="love"))
    full = ranking.standings

    def no_full_recompute(filters: Filters) -> ranking.Standings:
        raise AssertionError("the cached board should have been extended")

    monkeypatch.setattr(ranking, "standings", no_full_recompute)
    tell(people[3], "Beta", satisfaction=5, ending="returned")
    tell(people[3], "Gamma")  # a brand seen for the first time
    tell(people[0], "Alpha", satisfaction=1, ending="left", status=Status.PENDING)  # held: not counted
    board = ranking.leaderboard(Filters(kind="love"))
    monkeypatch.setattr(ranking, "standings", full)
    assert board.brands == _full(Filters(kind="love"))
    assert entry(board, "beta").authors == 4 and entry(board, "alpha").stories == 3


def test_an_edit_elsewhere_forces_a_full_recompute(app: Any) -> None:
    """Another process edits an old story (its updated_at moves): extending would be wrong."""
    people = readers(3)
    stories = [tell(author, "Alpha") for author in people]
    assert entry(ranking.leaderboard(), "alpha").loyalty_rate == 1.0
    db.session.commit()
    with db.engine.begin() as connection:
        connection.execute(
            update(Story).where(Story.id == stories[0].id).values(ending="left", updated_at=utcnow())
        )
        tallies.refresh(connection)
    assert ranking.leaderboard().brands == _full()
    assert entry(ranking.leaderboard(), "alpha").loyalty_rate == pytest.approx(2 / 3, abs=1e-4)
