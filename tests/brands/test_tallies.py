"""counted_stories and brand_totals stay equal to the stories themselves through every kind of
write, so the fast leaderboard (read from them, filtered or not) is the leaderboard the stories give."""
from __future__ import annotations

import threading
import time
from collections import defaultdict
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cherclient_wiki.accounts.models import User
from cherclient_wiki.community.representatives import grant, revoke
from cherclient_wiki.core.db import db
from cherclient_wiki.core.merge import Outcome
from cherclient_wiki.leaderboard import ranking
from cherclient_wiki.leaderboard.admin import merge_brands
from cherclient_wiki.leaderboard.models import BrandTotal, CountedStory
from cherclient_wiki.moderation.decisions import Decision, decide
from cherclient_wiki.stories.choices import Status
from cherclient_wiki.stories.models import Story, StoryBrand
from cherclient_wiki.stories.writing import edit_story, story_form_data
from tests.observatory.storyteller import brand, readers, tell

FILTERS = (  # the unfiltered board reads brand_totals, the others counted_stories
    ranking.Filters(), ranking.Filters(kind="love"), ranking.Filters(since=2019),
    ranking.Filters(kind="love", channel="web"), ranking.Filters(channel="phone"),
)


def expected_sums(rows: list[Any], filters: ranking.Filters) -> dict[int, list[float]]:
    """Per brand (stories, accounts, love, kept, satisfaction) from the counted rows, in plain
    Python: each account's matching stories averaged, then added up."""
    pairs: dict[tuple[int, int], list[Any]] = defaultdict(list)
    for row in rows:
        if (filters.kind in (None, row.kind) and filters.channel in (None, row.channel)
                and (filters.since is None or (row.year is not None and row.year >= filters.since))):
            pairs[(row.brand_id, row.account)].append(row)
    sums: dict[int, list[float]] = defaultdict(lambda: [0, 0, 0.0, 0.0, 0.0])
    for (brand_id, _account), stories in pairs.items():
        n, total = len(stories), sums[brand_id]
        total[0] += n
        total[1] += 1
        total[2] += sum(row.love for row in stories) / n
        total[3] += sum(row.kept for row in stories) / n
        total[4] += sum(row.satisfaction for row in stories) / n
    return sums


def assert_in_step() -> None:
    """counted_stories holds exactly the counted (story, brand) pairs of the stories, and every
    board — from brand_totals or from counted_stories under a filter — has the sums that plain
    Python finds in them."""
    def key(row: Any) -> tuple[int, int, int]:
        return row.brand_id, row.account, row.story_id

    def values(row: Any) -> tuple[Any, ...]:
        return row.kind, row.channel, row.year, pytest.approx(row.love), row.kept, row.satisfaction, bool(row.sole)

    rows = db.session.execute(ranking.counted()).all()
    stored = {key(row): values(row) for row in db.session.scalars(select(CountedStory))}
    assert stored == {key(row): values(row) for row in rows}
    per_ending: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(ranking.ENDING_COLUMNS, 0))
    for row in rows:  # what the observatory sums per sector: each counted story once, by its ending
        per_ending[row.brand_id][row.ending] += 1
    assert {
        total.brand_id: {ending: getattr(total, name) for ending, name in ranking.ENDING_COLUMNS.items()}
        for total in db.session.scalars(select(BrandTotal))
    } == per_ending
    for filters in FILTERS:
        board = {tally.brand_id: list(tally[4:]) for tally in ranking.tallies(filters)}
        expected = expected_sums(rows, filters)
        assert board.keys() == expected.keys(), filters
        for brand_id, sums in expected.items():
            assert board[brand_id] == pytest.approx(sums), (filters, brand_id)


def test_the_tallies_follow_every_write(app: Any, mod: User) -> None:
    people = readers(5)
    for author in people[:4]:
        tell(author, "Alpha")
        tell(author, "Beta", satisfaction=2, ending="left")
    tell(people[0], "Alpha", satisfaction=3, ending="undecided")  # a second story: the account still counts once
    tell(people[1], "Alpha", satisfaction=2, ending="left", kind="complaint", channel="phone", year=2018)  # filters split it
    held = tell(people[4], "Alpha", status=Status.PENDING)
    doomed = tell(people[4], "Beta", status=Status.PENDING)
    edited = tell(people[4], "Gamma")
    assert_in_step()
    assert {(t.slug, t.stories, t.authors) for t in ranking.tallies(ranking.Filters())} == {
        ("alpha", 6, 4), ("beta", 4, 4), ("gamma", 1, 1),
    }

    data = {**story_form_data(edited), "satisfaction": "1", "ending": "left", "brands": "Gamma, Beta"}
    assert edit_story(edited, people[4], data) == Outcome.SAVED
    assert_in_step()
    plain = db.session.scalars(select(Story).where(Story.author_id == people[2].id)).first()
    assert plain is not None and plain.status == Status.PUBLISHED.value
    plain.kind, plain.channel, plain.year = "bravo", "phone", 2010  # only what the filters read
    db.session.commit()
    assert_in_step()

    decide(mod, [held], Decision.APPROVE)
    decide(mod, [doomed], Decision.REJECT)
    assert_in_step()

    grant(mod, people[0].username, "Alpha")
    assert_in_step()
    assert next(t for t in ranking.tallies(ranking.Filters()) if t.slug == "alpha").authors == 4  # 5 minus people[0]

    grant(mod, people[1].username, "Beta")
    merge_brands(brand("Beta"), brand("Alpha"), mod)  # people[1] now speaks for Alpha: their stories leave it
    assert_in_step()
    assert "beta" not in {t.slug for t in ranking.tallies(ranking.Filters())}

    assert revoke(mod, people[0].id, brand("Alpha").id)
    assert_in_step()

    gone = tell(people[2], "Gamma")
    db.session.delete(gone)  # expired by the commit: its author must still be found
    db.session.commit()
    assert_in_step()


def test_the_leaderboard_reads_the_tallies_by_sector(app: Any) -> None:
    """The sector is a brand's: the summary answers it, with the same figures as the stories."""
    for author in readers(3):
        tell(author, "Alpha")
        tell(author, "Beta", ending="left")
    alpha = brand("Alpha")
    alpha.sector = "banque"
    db.session.commit()
    assert [t.slug for t in ranking.tallies(ranking.Filters(sector="banque"))] == ["alpha"]
    assert ranking.tallies(ranking.Filters(sector="banque")) == ranking.tallies(ranking.Filters(sector="banque", since=1900))


def _story(session: Session, author: User, brand_id: int, satisfaction: int) -> None:
    story = Story(
        author_id=author.id, title="Deux écritures en même temps", body="…", html="<p>…</p>", kind="love",
        satisfaction=satisfaction, ending="loyal", year=2020, status=Status.PUBLISHED.value, ad_score=0.0, ad_reasons=[],
    )
    session.add(story)
    session.flush()
    session.add(StoryBrand(story_id=story.id, brand_id=brand_id, position=0))
    session.flush()  # the listener moves brand_totals inside this transaction


@pytest.mark.parametrize("same_account", [False, True], ids=["two accounts", "one account, form sent twice"])
def test_two_writers_about_one_brand_both_count(app: Any, same_account: bool) -> None:
    """Two transactions add a story about the same brand at the same time: the second one waits for
    the first and builds on it. On PostgreSQL, without that wait, a recomputation from the second
    one's snapshot would lose the first story, and one account's pair would be written twice
    (a duplicate key); on SQLite the second writer waits for the database lock anyway."""
    first, second = readers(2)
    if same_account:
        second = first
    tell(readers(1, prefix="ancien")[0], "Alpha")
    alpha = brand("Alpha").id
    flushed = threading.Event()
    failures: list[Exception] = []

    def write(author: User, satisfaction: int, wait: threading.Event | None) -> None:
        try:
            with app.app_context(), Session(db.engine) as session:
                if wait:
                    wait.wait(5)
                _story(session, author, alpha, satisfaction)
                if not wait:
                    flushed.set()
                    time.sleep(0.3)  # the other writer is now blocked on this transaction
                session.commit()
        except Exception as error:  # reported by the main thread
            failures.append(error)

    threads = [threading.Thread(target=write, args=(first, 5, None)), threading.Thread(target=write, args=(second, 1, flushed))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert not failures
    db.session.expire_all()
    assert (db.session.get(BrandTotal, alpha).stories, db.session.get(BrandTotal, alpha).authors) == (3, 2 if same_account else 3)
    assert_in_step()


def test_the_rebuild_command_fills_the_tables_again_from_the_stories(app: Any) -> None:
    """After a restore or a change made outside the application (here: the tables emptied and
    the stories changed on a bare connection, which no listener sees), `flask leaderboard rebuild`
    gives back the board the stories give."""
    people = readers(4)
    for author in people:
        tell(author, "Alpha")
    tell(people[0], "Beta", satisfaction=2, ending="left")
    with db.engine.begin() as connection:
        connection.execute(CountedStory.__table__.delete())
        connection.execute(BrandTotal.__table__.delete())
        connection.execute(Story.__table__.update().where(Story.author_id == people[1].id).values(ending="left"))
    db.session.expire_all()
    assert not list(ranking.tallies(ranking.Filters()))

    result = app.test_cli_runner().invoke(args=["leaderboard", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "5 couples histoire–marque comptés, 2 marques" in result.output
    assert_in_step()
    alpha = next(t for t in ranking.tallies(ranking.Filters()) if t.slug == "alpha")
    assert (alpha.authors, alpha.kept_sum) == (4, 3.0)
