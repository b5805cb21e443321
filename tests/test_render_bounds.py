"""Rendering is linear-time and bounded: no text, however built, can hold a worker.

Growth is compared between 1x and 4x sizes of each pathological case (bench/pathological.py: cmark's
suite plus our own); a linear renderer takes about 4x as long, a quadratic one 16x. The absolute
times at the largest accepted size are in bench/render_bench.py, not here.
"""
from __future__ import annotations

import gc
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from bench.pathological import CASES
from cherclient_wiki.core import markup
from cherclient_wiki.core.markup import RenderTooSlow, render_document

# Quadratic costs show late (nh3 on 20k '&' was 12 ms, 80k 84 ms, 200k 421 ms): measure high.
SMALL, GROWTH_FACTOR, FLOOR = 50_000, 6.0, 0.002


def _best_time(source: str) -> float:
    """CPU time of this process (the parser's thread included), best of five after a warm-up, with
    the collector off: other programs and a collection landing in one run slow it, not the work."""
    render_document(source, budget=60)
    best = float("inf")
    gc.disable()
    try:
        for _ in range(5):
            start = time.process_time()
            render_document(source, budget=60)
            best = min(best, time.process_time() - start)
    finally:
        gc.enable()
    return best


@pytest.mark.parametrize("case", sorted(CASES))
def test_rendering_time_grows_linearly(case: str) -> None:
    """A quadratic renderer is 16x on every try; a busy CI machine once made a linear one 6.7x, so
    a growth is only called superlinear when three tries in a row show it."""
    make = CASES[case]
    growths = []
    for _ in range(3):
        small, large = _best_time(make(SMALL)), _best_time(make(4 * SMALL))
        growths.append(f"{small * 1000:.1f} ms -> {large * 1000:.1f} ms")
        if large <= GROWTH_FACTOR * max(small, FLOOR):
            return
    pytest.fail(f"{case}: {'; '.join(growths)} for 4x the text")


@pytest.mark.parametrize("case", sorted(CASES))
def test_output_stays_proportionate(case: str) -> None:
    """A few markers must not multiply into megabytes (one [TOC] copy per marker did)."""
    source = CASES[case](4 * SMALL)
    assert len(render_document(source, budget=60).html) <= 20 * len(source)  # 4 x SMALL: 200,000, the maximum


def test_many_toc_markers_give_one_table_of_contents() -> None:
    html = render_document("[TOC]\n\n# a\n\n[TOC]\n\n# b\n").html
    assert html.count('class="toc"') == 1


def test_deep_nesting_is_flattened_not_refused() -> None:
    html = render_document("> " * 5000 + "fond").html
    assert html.count("<blockquote>") == markup.html.MAX_DEPTH and "fond" in html


@pytest.fixture
def stuck_engine(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """An engine that would hang for a minute: the render must give up within its budget."""
    release = threading.Event()

    def hanging(source: str, **_options: Any) -> list[Any]:
        release.wait(60)
        return []

    monkeypatch.setattr(markup.pyromark, "events", hanging)
    monkeypatch.setattr(markup, "RENDER_BUDGET_SECONDS", 0.2)
    yield release
    release.set()


def test_a_stuck_engine_does_not_hold_the_caller(stuck_engine: threading.Event) -> None:
    start = time.monotonic()
    with pytest.raises(RenderTooSlow):
        render_document("texte")
    assert time.monotonic() - start < 30  # far less than the engine's minute


def test_a_slow_stream_of_events_is_cut_at_the_budget() -> None:
    def slow_events() -> Iterator[Any]:
        for _ in range(1_000_000):
            time.sleep(0.0001)
            yield {"Text": "x"}

    writer = markup.html.HtmlWriter(time.monotonic() + 0.2)
    with pytest.raises(RenderTooSlow):
        writer.write(slow_events())


def test_over_budget_is_a_clear_422_that_keeps_the_text(stuck_engine: threading.Event, client: Any, auth: Any, claire: Any) -> None:
    preview = client.post("/api/v1/render", json={"markdown": "Mon brouillon"})
    assert preview.status_code == 422
    assert "trop complexe à mettre en forme" in preview.get_json()["fields"]["markdown"]
    auth.login()
    saved = client.post("/wiki/brouillon/edit", data={"title": "Brouillon", "source": "Mon texte à garder", "base_revision": 0, "summary": ""})
    assert saved.status_code == 422
    page = saved.get_data(as_text=True)
    assert "trop complexe à mettre en forme" in page and "Mon texte à garder" in page


def test_anonymous_previews_are_smaller_than_pages(client: Any, app: Any, claire: Any) -> None:
    from cherclient_wiki.accounts.tokens import create_token

    longest = app.config["RENDER_ANONYMOUS_MAX_LENGTH"]
    text = "a" * (longest + 1)
    anonymous = client.post("/api/v1/render", json={"markdown": text})
    assert anonymous.status_code == 422 and "Prévisualiser" in anonymous.get_json()["fields"]["markdown"]
    token = create_token(claire, "aperçu")
    signed = client.post("/api/v1/render", json={"markdown": text}, headers={"Authorization": f"Bearer {token}"})
    assert signed.status_code == 200
