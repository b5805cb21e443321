"""The listening index against a plain computation, and the order it gives."""
from __future__ import annotations

import statistics
from datetime import timedelta
from typing import Any

from flask.testing import FlaskClient

from cherclient_wiki.accounts.models import User
from cherclient_wiki.brands.models import Brand, BrandRepresentative
from cherclient_wiki.core.db import db, utcnow
from cherclient_wiki.suggestions import listening, writing

from .conftest import suggestion_data

# (days ago, hours to the first answer or None, final status) per brand
FAST = [(30, 40, "accepted"), (20, 50, "done"), (10, 30, "studying"), (5, None, "received")]
SLOW = [(200, 1500, "declined"), (150, 1400, "studying"), (100, 1440, "accepted")]
SILENT = [(120, None, "received"), (90, None, "received"), (60, None, "received")]
FEW = [(3, 2, "accepted")]


def seed(brand: Brand, rows: list[tuple[int, int | None, str]], authors: list[User], representative: User) -> None:
    now = utcnow()
    for number, (days, answer_hours, status) in enumerate(rows):
        suggestion = writing.create(authors[number % len(authors)], suggestion_data(brand=brand.name, title=f"Idée numéro {number} pour {brand.name}"))
        suggestion.created_at = now - timedelta(days=days)
        if answer_hours is not None:
            writing.set_status(representative, suggestion, {"status": "studying" if status == "received" else status, "message": "Réponse."})
            suggestion.first_answer_at = suggestion.created_at + timedelta(hours=answer_hours)
        suggestion.status = status
    db.session.commit()


def plain(rows: list[tuple[int, int | None, str]]) -> tuple[int, float, float | None, float]:
    answered = [hours for _days, hours, _status in rows if hours is not None]
    adopted = [status for _d, _h, status in rows if status in ("accepted", "done")]
    return len(rows), len(answered) / len(rows), statistics.median(answered) if answered else None, len(adopted) / len(rows)


def test_figures_and_order(client: FlaskClient, public_brand: Any, member: Any) -> None:
    authors = [member(f"client{n}") for n in range(3)]
    brands = {name: public_brand(name) for name in ("Rapide", "Lente", "Muette", "Petite")}
    for name, rows in (("Rapide", FAST), ("Lente", SLOW), ("Muette", SILENT), ("Petite", FEW)):
        representative = member(f"rep-{name.lower()}")
        db.session.add(BrandRepresentative(user_id=representative.id, brand_id=brands[name].id))
        db.session.commit()
        seed(brands[name], rows, authors, representative)

    for name, rows in (("Rapide", FAST), ("Lente", SLOW), ("Muette", SILENT), ("Petite", FEW)):
        answer = client.get(f"/api/v1/brands/{brands[name].slug}/listening").get_json()
        count, answered, median, adoption = plain(rows)
        assert answer["suggestions"] == count
        assert abs(answer["answered_rate"] - answered) < 1e-9
        assert answer["median_first_answer_hours"] == (None if median is None else round(median, 1))
        assert abs(answer["adoption_rate"] - adoption) < 1e-9

    board = listening.board()
    ranked = [line.name for line in board if line.rank is not None]
    assert ranked == ["Rapide", "Lente", "Muette"]  # 2 days above 2 months above never
    assert next(line for line in board if line.name == "Petite").rank is None  # one suggestion: "non classée"
    page = client.get("/brands/listening").get_data(as_text=True)
    assert "non classée" in page and "borne basse" in page
    brand_page = client.get(f"/brands/{brands['Rapide'].slug}").get_data(as_text=True)
    assert "Suggestions et écoute" in brand_page and "rang 1" in brand_page


def test_representatives_own_suggestions_do_not_count(client: FlaskClient, brand: Brand, representative: User) -> None:
    writing.create(representative, suggestion_data())
    assert client.get(f"/api/v1/brands/{brand.slug}/listening").get_json()["suggestions"] == 0


def test_worth_falls_with_the_delay() -> None:
    start = utcnow()
    item = lambda hours: listening.Counted(1, start, start + timedelta(hours=hours), False)  # noqa: E731
    assert listening.worth(item(48), start) > 0.75
    assert listening.worth(item(24 * 60), start) < 0.01
    assert listening.worth(listening.Counted(1, start - timedelta(days=60), None, False), start) < 0.01
