"""brand_tallies and brand_totals stay equal to the stories themselves through every kind of write,
so the fast leaderboard (read from them) is the leaderboard the stories give."""
from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cherclient_wiki.accounts.models import User
from cherclient_wiki.brands import ranking
from cherclient_wiki.brands.admin import merge_brands
from cherclient_wiki.brands.models import AccountTally, BrandTotal
from cherclient_wiki.community.representatives import grant, revoke
from cherclient_wiki.db import db
from cherclient_wiki.moderation.decisions import Decision, decide
from cherclient_wiki.stories.choices import Status
from cherclient_wiki.stories.models import Story, StoryBrand
from cherclient_wiki.stories.writing import edit_story, story_form_data
from tests.observatory.storyteller import brand, readers, tell

EVERY_YEAR = ranking.Filters(since=1900)  # a story filter: the same board, grouped from the stories


def assert_in_step() -> None:
    """Every (brand, account) row equals the stories' sums, and both boards agree."""
    stored = {
        (row.brand_id, row.account): (row.stories, row.love, row.kept, row.satisfaction)
        for row in db.session.scalars(select(AccountTally))
    }
    computed = {
        (row.brand_id, row.account): (row.stories, row.love, row.kept, row.satisfaction)
        for row in db.session.execute(ranking.per_account())
    }
    assert stored.keys() == computed.keys()
    for pair, (stories, love, kept, satisfaction) in computed.items():
        assert stored[pair] == (stories, pytest.approx(love), kept, satisfaction)
    totals = {row.brand_id: row for row in db.session.scalars(select(BrandTotal))}
    summed = {row.brand_id: row for row in db.session.execute(ranking.per_brand(AccountTally.__table__))}
    assert totals.keys() == summed.keys()  # no row left behind for a brand nobody counts for any more
    for brand_id, row in summed.items():
        total = totals[brand_id]
        assert (total.stories, total.authors) == (row.stories, row.authors)
        assert (total.love, total.kept, total.satisfaction) == pytest.approx((row.love, row.kept, row.satisfaction))
    fast = sorted(ranking.tallies(ranking.Filters()))
    slow = sorted(ranking.tallies(EVERY_YEAR))
    assert [tally[:6] for tally in fast] == [tally[:6] for tally in slow]
    assert [tally[6:] for tally in fast] == [pytest.approx(tally[6:]) for tally in slow]


def test_the_tallies_follow_every_write(app: Any, mod: User) -> None:
    people = readers(5)
    for author in people[:4]:
        tell(author, "Alpha")
        tell(author, "Beta", satisfaction=2, ending="left")
    tell(people[0], "Alpha", satisfaction=3, ending="undecided")  # a second story: the account still counts once
    held = tell(people[4], "Alpha", status=Status.PENDING)
    doomed = tell(people[4], "Beta", status=Status.PENDING)
    edited = tell(people[4], "Gamma")
    assert_in_step()
    assert {(t.slug, t.stories, t.authors) for t in ranking.tallies(ranking.Filters())} == {
        ("alpha", 5, 4), ("beta", 4, 4), ("gamma", 1, 1),
    }

    data = {**story_form_data(edited), "satisfaction": "1", "ending": "left", "brands": "Gamma, Beta"}
    assert edit_story(edited, people[4], data)
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


def test_two_writers_about_one_brand_both_count(app: Any) -> None:
    """Two transactions add a story about the same brand at the same time: the second one's totals
    change waits for the first and adds to it (on PostgreSQL a recomputation from its own snapshot
    would have lost the first story; on SQLite the second writer waits for the lock)."""
    first, second = readers(2)
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
    assert db.session.get(BrandTotal, alpha).authors == 3
    assert_in_step()
