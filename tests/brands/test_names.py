"""Brand names: every spelling of a brand lands on one row, aliases included."""
from __future__ import annotations

from typing import Any

from cherclient_wiki.brands import names
from cherclient_wiki.brands.models import Brand, BrandAlias
from cherclient_wiki.brands.names import brand_by_slug, find_brand, get_or_create_brand, name_key
from cherclient_wiki.core.db import db


def test_case_accents_spacing_and_punctuation_fold_to_one_key() -> None:
    assert name_key("SAAB") == name_key(" saab ") == name_key("Saab") == "saab"
    assert name_key("Alpha Électroménager !") == name_key("alpha-electromenager") == "alphaelectromenager"
    assert name_key("Cœur & Co") == "coeurco"
    assert name_key("!!!") == ""


def test_get_or_create_brand_reuses_the_brand_for_any_spelling(app: Any) -> None:
    saab = get_or_create_brand("  Saab   Automobile ", "automobile")
    assert (saab.name, saab.slug, saab.sector) == ("Saab Automobile", "saab-automobile", "automobile")
    assert get_or_create_brand("SAAB-AUTOMOBILE").id == saab.id
    assert db.session.scalar(db.select(db.func.count(Brand.id))) == 1


def test_an_alias_leads_to_its_brand(app: Any) -> None:
    vw = get_or_create_brand("Volkswagen")
    vw.aliases.append(BrandAlias(key=name_key("VW"), label="VW"))
    db.session.commit()
    assert find_brand("v.w.") is vw
    assert get_or_create_brand("VW").id == vw.id


def test_slugs_are_ascii_and_found_back(app: Any) -> None:
    brand = get_or_create_brand("Alpha Électroménager")
    assert brand.slug == "alpha-electromenager"
    assert brand_by_slug("alpha-electromenager") == (brand, False)
    assert brand_by_slug("inconnue") == (None, False)


def test_a_brand_created_meanwhile_by_someone_else_is_reused(app: Any, monkeypatch: Any) -> None:
    """The race: our lookup saw nothing, then the other request's insert landed first."""
    theirs = get_or_create_brand("Coolblue")
    real_find = names.find_brand
    calls = iter([None])
    monkeypatch.setattr(names, "find_brand", lambda text: next(calls, real_find(text)))
    assert names.get_or_create_brand("COOLBLUE").id == theirs.id
    assert db.session.scalar(db.select(db.func.count(Brand.id))) == 1


def test_a_brand_never_takes_the_address_of_another_page(app: Any) -> None:
    """/brands/listening is the listening index: a brand called « Listening » gets listening-2,
    and its page is its own."""
    brand = get_or_create_brand("Listening")
    db.session.commit()
    assert brand.slug == "listening-2"
    assert get_or_create_brand("Écoute").slug == "ecoute"  # an ordinary name keeps its slug
