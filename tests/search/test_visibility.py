"""Only what a visitor may see is ever searchable: pending or rejected stories, deleted pages and
brands known only from hidden stories never show, in results, snippets, facets, suggestions or
autocomplete; and they appear or vanish as soon as their status changes."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from cherclient_wiki.brands.names import find_brand
from cherclient_wiki.core.db import db
from cherclient_wiki.leaderboard.admin import merge_brands, rename_brand
from cherclient_wiki.search import documents, searching
from cherclient_wiki.search.backends import backend
from cherclient_wiki.stories.choices import Status
from cherclient_wiki.stories.models import Story
from cherclient_wiki.wiki import pages
from tests.search.conftest import BACKENDS, needs_postgresql

SECRET_BODY = "Une offre exceptionnelle de zanzibarite promotionnelle, cliquez vite sur le lien du vendeur."


@pytest.fixture(params=BACKENDS)
def app(request: pytest.FixtureRequest, app_factory: Any, migrated_database: str) -> Iterator[Flask]:
    """Every visibility rule holds whichever backend answers."""
    needs_postgresql(migrated_database, request.param)
    app = app_factory(SEARCH_BACKEND=request.param)
    with app.app_context():
        yield app


def api(client: FlaskClient, path: str) -> Any:
    return client.get(path).get_json()


def everything_about(client: FlaskClient, word: str) -> list[Any]:
    """What a visitor could learn about `word` anywhere in the search."""
    return [
        api(client, f"/api/v1/search?q={word}"),
        api(client, "/api/v1/search?q=offre")["facets"],
        api(client, f"/api/v1/search/titles?q={word[:5]}")["results"],
        api(client, f"/api/v1/search?q={word[:-1]}x")["suggestion"],
    ]


@pytest.mark.parametrize("status", [Status.PENDING, Status.REJECTED])
def test_hidden_stories_never_leak(client: FlaskClient, make_story: Callable[..., Story], status: Status) -> None:
    make_story("Zanzibarite en promotion", SECRET_BODY, ["Zanzibar Shop"], status=status)
    make_story("Une offre honnête", "Une offre claire, un conseiller patient, et un client content de son achat.", ["Honnête"])
    found, facets, completions, suggestion = everything_about(client, "zanzibarite")
    assert found["total"] == 0 and found["results"] == []
    assert facets == {"type": {"story": 1}, "brand": {"honnete": 1}}
    assert completions == []
    assert suggestion is None
    assert api(client, "/api/v1/search?q=zanzibar&type=brand")["total"] == 0


def test_status_changes_are_followed(client: FlaskClient, make_story: Callable[..., Story]) -> None:
    story = make_story("Zanzibarite en promotion", SECRET_BODY, ["Zanzibar Shop"], status=Status.PENDING)
    assert api(client, "/api/v1/search?q=zanzibarite")["total"] == 0
    story.status = Status.PUBLISHED.value
    db.session.commit()
    found = api(client, "/api/v1/search?q=zanzibarite")
    assert [item["title"] for item in found["results"]] == ["Zanzibarite en promotion"]
    assert api(client, "/api/v1/search?q=zanzibar&type=brand")["total"] == 1
    story.status = Status.REJECTED.value
    db.session.commit()
    assert api(client, "/api/v1/search?q=zanzibarite")["total"] == 0
    assert api(client, "/api/v1/search?q=zanzibar&type=brand")["total"] == 0


def test_deleted_pages_leave_the_index_and_come_back(app: Flask, client: FlaskClient) -> None:
    saved = pages.save_revision("promesse", "La promesse tenue vaut mieux que dix slogans.", None, title="Promesse")
    assert api(client, "/api/v1/search?q=slogans")["total"] == 1
    pages.set_deleted(saved.page, True)
    assert api(client, "/api/v1/search?q=slogans")["total"] == 0
    assert api(client, "/api/v1/search/titles?q=prome")["results"] == []
    pages.set_deleted(saved.page, False)
    assert api(client, "/api/v1/search?q=slogans")["total"] == 1


def test_pages_loaded_by_batch_are_the_pages_loaded_one_by_one(app: Flask) -> None:
    """The import and the rebuild read pages by hundreds (documents.load_many): each page with its
    latest revision and its categories in their order, the deleted page and the unknown keys hidden."""
    live = pages.save_revision("accueil", "Bienvenue.\n\n[[Catégorie:Zèbre]] [[Catégorie:Accueil]]", None, title="Accueil")
    pages.save_revision("accueil", "Bienvenue à tous.\n\n[[Catégorie:Zèbre]] [[Catégorie:Accueil]]", None, base=1)
    other = pages.save_revision("rappel", "Rappeler le client le jour même.", None, title="Rappel")
    gone = pages.save_revision("ancienne", "Une page retirée.", None, title="Ancienne")
    pages.set_deleted(gone.page, True)
    db.session.commit()
    keys = [str(gone.page.id), str(live.page.id), "999999", "x", str(other.page.id)]
    batch = documents.load_many(db.session, "page", keys)
    assert list(batch) == keys
    assert [key for key, document in batch.items() if document] == [str(live.page.id), str(other.page.id)]
    first, second = batch[str(live.page.id)], batch[str(other.page.id)]
    assert (first["ref"], first["title"], first["body"]) == ("accueil", "Accueil", "Bienvenue à tous.")
    assert (first["tag_names"], first["categories"]) == (["Zèbre", "Accueil"], ["zebre", "accueil"])
    assert (second["ref"], second["body"], second["tag_names"]) == ("rappel", "Rappeler le client le jour même.", [])


def test_edits_and_renames_replace_the_document(app: Flask, client: FlaskClient, make_user: Any) -> None:
    editor = make_user("paul")
    saved = pages.save_revision("promesse", "La promesse tenue vaut mieux que dix slogans.", editor, title="Promesse")
    pages.save_revision("promesse", "Une promesse tenue vaut mieux que dix réclames.", editor, base=1)
    assert api(client, "/api/v1/search?q=slogans")["total"] == 0
    assert api(client, "/api/v1/search?q=réclames")["total"] == 1
    pages.rename(saved.page, "Promesse tenue", editor)
    found = api(client, "/api/v1/search?q=réclames")["results"]
    assert [(item["key"], item["url"]) for item in found] == [("promesse-tenue", "/wiki/promesse-tenue")]


def test_a_brand_named_with_a_small_word_is_found_by_its_name(app: Flask, client: FlaskClient, make_story: Callable[..., Story]) -> None:
    """« On » is a French stop word and a brand name: searched alone, it is looked up as written."""
    make_story("Des chaussures qui tiennent", "Trois ans de course et les semelles sont intactes.", ["On"])
    found = api(client, "/api/v1/search?q=on&type=brand")
    assert [hit["title"] for hit in found["results"]] == ["On"]


def test_the_brand_facet_names_each_brand_as_it_is_called_now(app: Flask, make_story: Callable[..., Story], make_user: Any) -> None:
    """Labels are remembered between searches (one query less per search) until the data moves:
    a rename that keeps the address shows on the very next search."""
    make_story("Un frigo livré à l'heure", "Le livreur a monté le frigo au cinquième étage sans ascenseur.", ["Frigo Plus"])

    def labels() -> dict[str, str]:
        with app.test_request_context():
            return {facet.value: facet.label for facet in searching.search("frigo").facets["brand"]}

    assert labels() == {"frigo-plus": "Frigo Plus"}
    assert labels() == {"frigo-plus": "Frigo Plus"}  # remembered
    rename_brand(find_brand("Frigo Plus"), "Frigo  PLUS", make_user("modo"))
    assert labels() == {"frigo-plus": "Frigo PLUS"}


def test_brand_renames_and_merges_reach_the_index(app: Flask, client: FlaskClient, make_story: Callable[..., Story], make_user: Any) -> None:
    """The brand administration moves links through the ORM: the outbox sees every story."""
    moderator = make_user("modo")
    make_story("Un frigo livré à l'heure", "Le livreur a monté le frigo au cinquième étage sans ascenseur.", ["Frigo Plus"])
    make_story("Un congélateur silencieux", "Dix ans sans une panne, et un service client qui répond.", ["Glaçon"])
    rename_brand(find_brand("Frigo Plus"), "FrigoPlus", moderator)
    assert [item["title"] for item in api(client, "/api/v1/search?q=frigoplus&type=brand")["results"]] == ["FrigoPlus"]
    merge_brands(find_brand("Glaçon"), find_brand("FrigoPlus"), moderator)
    found = api(client, "/api/v1/search?q=congélateur")
    assert found["facets"]["brand"] == {"frigoplus": 1}
    assert api(client, "/api/v1/search?q=glacon&type=brand")["results"][0]["title"] == "FrigoPlus"  # the alias
    assert backend().check() == []
