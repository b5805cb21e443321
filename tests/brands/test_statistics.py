"""One brand's figures, and the statistics helpers every page shares."""
from __future__ import annotations

from typing import Any

import pytest

from cherclient_wiki.leaderboard.statistics import EndingCounts, brand_statistics, wilson_interval
from cherclient_wiki.stories.choices import Status
from tests.observatory.storyteller import brand, declare_representative, reader, readers, tell


def test_wilson_interval_stays_inside_zero_and_one_and_is_wide_for_few_stories() -> None:
    assert wilson_interval(0, 0) is None
    low, high = wilson_interval(3, 3)  # type: ignore[misc]
    assert 0.4 < low < 0.5 and high == 1.0
    low, high = wilson_interval(80, 100)  # type: ignore[misc]
    assert low == pytest.approx(0.711, abs=0.001) and high == pytest.approx(0.867, abs=0.001)


def test_ending_counts_loyalty_counts_loyal_and_returned() -> None:
    counts = EndingCounts()
    for ending, n in (("loyal", 2), ("returned", 1), ("left", 1)):
        counts.add(ending, n)
    assert (counts.total, counts.kept, counts.loyalty_rate, counts.share("left")) == (4, 3, 0.75, 0.25)
    assert EndingCounts().loyalty_rate is None


def test_brand_statistics(app: Any) -> None:
    a, b, c = readers(3)
    tell(a, "Alpha", kind="love", satisfaction=5, ending="loyal", year=2019)
    tell(b, "Alpha", kind="complaint", satisfaction=2, ending="returned", year=2019)
    tell(c, "Alpha", kind="complaint", satisfaction=1, ending="left", year=None)
    tell(c, "Alpha", kind="bravo", satisfaction=4, ending="undecided", year=2021)
    tell(a, "Alpha", satisfaction=1, ending="left", status=Status.PENDING)
    insider = reader("commercial")
    tell(insider, "Alpha", satisfaction=5, ending="loyal")
    declare_representative(insider, "Alpha")

    stats = brand_statistics(brand("Alpha"))

    assert stats.stories == 4  # the pending story and the representative's are left out
    assert stats.by_kind == {"love": 1, "complaint": 2, "bravo": 1}
    assert stats.endings.counts == {"loyal": 1, "left": 1, "returned": 1, "undecided": 1}
    assert stats.endings.loyalty_rate == 0.5
    assert stats.avg_satisfaction == 3.0
    assert stats.complaint_recovery_rate == 0.5  # one complaint of two came back
    assert stats.by_year == [(2019, 2), (2021, 1), (None, 1)]


def test_a_brand_without_counted_stories_has_empty_figures(app: Any) -> None:
    tell(reader("claire"), "Alpha", status=Status.PENDING)
    stats = brand_statistics(brand("Alpha"))
    assert stats.stories == 0 and stats.avg_satisfaction is None and stats.complaint_recovery_rate is None


def test_a_change_made_on_another_server_empties_this_servers_cache(app_factory: Any) -> None:
    """A rename leaves no trace in the fingerprint's probes (same counts, same ids): the generation
    committed with it tells the other servers, whose cached figures are then recomputed."""
    from cherclient_wiki.core.db import db
    from cherclient_wiki.leaderboard.statistics import cached

    first, second = app_factory(), app_factory()
    computed: list[int] = []

    def figures() -> int:
        computed.append(1)
        return len(computed)

    with first.app_context():
        saab = brand_of(tell(reader("ana")))
        kind, saab_id = type(saab), saab.id
        assert cached(("probe",), figures) == 1
        assert cached(("probe",), figures) == 1  # nothing changed: the cache answers
    with second.app_context():
        renamed = db.session.get(kind, saab_id)
        renamed.name = "Saab Automobile"
        db.session.commit()
    with first.app_context():
        assert cached(("probe",), figures) == 2


def brand_of(story: Any) -> Any:
    return story.brands[0]
