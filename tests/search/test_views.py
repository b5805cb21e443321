"""The search page, the search API and the autocomplete, as a visitor and an API client see them."""
from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from cherclient_wiki.accounts import users
from cherclient_wiki.accounts.roles import Role
from cherclient_wiki.search import synonyms
from cherclient_wiki.search.backends import backend
from cherclient_wiki.wiki import pages
from tests.conftest import PASSWORD

TOKEN_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
HOSTILE = [
    '"unclosed', "(((", "title:", "*", "[a TO", "a*b?c", "~~~", "NOT AND OR", "type:", "marque:\"", "-", '""',
    "é" * 5000, " ".join(["client"] * 400), " ".join(f"mot{i}" for i in range(300)), "\x00\x01", "%00", "😀 🤖",
    "<script>alert(1)</script>", "catégorie:" + "x" * 2000,
]


@pytest.fixture
def visitor(corpus_app: Flask) -> FlaskClient:
    return corpus_app.test_client()


def test_results_show_titles_links_and_marked_snippets(visitor: FlaskClient) -> None:
    html = visitor.get("/search?q=fidélité").get_data(as_text=True)
    assert '<a href="/wiki/satisfaction-et-fidelite">Satisfaction et fidélité</a>' in html
    assert "<mark>fidélité</mark>" in html


def test_the_header_search_box_is_on_every_page(visitor: FlaskClient) -> None:
    html = visitor.get("/").get_data(as_text=True)
    assert 'action="/search"' in html
    assert 'data-autocomplete="/api/v1/search/titles"' in html
    assert "js/search.js" in html


def test_facets_count_by_type_and_brand_and_filter(visitor: FlaskClient) -> None:
    html = visitor.get("/search?q=réclamation").get_data(as_text=True)
    assert "Pages du wiki" in html and "Histoires" in html
    assert 'href="/search?q=r%C3%A9clamation&amp;type=story"' in html
    assert 'href="/search?q=r%C3%A9clamation&amp;type=page"' in html  # each link of the page its own
    assert 'href="/search?q=r%C3%A9clamation&amp;tri=date"' in html
    only_stories = visitor.get("/search?q=réclamation&type=story").get_data(as_text=True)
    assert "/stories/" in only_stories and "/wiki/" not in only_stories.split('id="search-results-heading"')[1].split("</section>")[0]


def test_sort_by_date_and_pages(visitor: FlaskClient) -> None:
    assert visitor.get("/search?q=client&tri=date").status_code == 200
    second = visitor.get("/search?q=client&page=2").get_data(as_text=True)
    assert "Page 2 sur" in second


def test_zero_results_page_helps(visitor: FlaskClient) -> None:
    html = visitor.get("/search?q=zorglubesque").get_data(as_text=True)
    assert "Aucune page, histoire ou marque ne correspond à « zorglubesque »" in html
    assert "Vérifiez l'orthographe" in html


def test_did_you_mean_comes_from_the_index_vocabulary(visitor: FlaskClient) -> None:
    html = visitor.get("/search?q=reclammation").get_data(as_text=True)
    assert "Vouliez-vous dire" in html and ">reclamation</a>" in html
    html = visitor.get("/search?q=Reclammation+zorglubesque").get_data(as_text=True)
    assert ">reclamation zorglubesque</a>" in html


def test_all_words_first_then_any_word(visitor: FlaskClient) -> None:
    html = visitor.get("/search?q=fidélité+zorglubesque").get_data(as_text=True)
    assert "Aucun résultat ne contient tous vos mots" in html
    assert "Satisfaction et fidélité" in html


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_queries_never_fail(visitor: FlaskClient, text: str) -> None:
    assert visitor.get("/search", query_string={"q": text}).status_code == 200
    assert visitor.get("/api/v1/search", query_string={"q": text}).status_code == 200
    assert visitor.get("/api/v1/search/titles", query_string={"q": text}).status_code == 200


def test_what_was_typed_is_kept_and_escaped(visitor: FlaskClient) -> None:
    html = visitor.get("/search", query_string={"q": '<b>"fidélité'}).get_data(as_text=True)
    assert 'value="&lt;b&gt;&#34;fidélité"' in html
    assert "<b>" not in html


def test_bad_page_numbers(visitor: FlaskClient) -> None:
    assert visitor.get("/search?q=client&page=abc").status_code == 200
    response = visitor.get("/api/v1/search?q=client&page=abc")
    assert response.status_code == 422
    assert response.get_json()["fields"]["page"] == "Nombre entier attendu."


def test_api_contract(visitor: FlaskClient) -> None:
    body = visitor.get("/api/v1/search?q=livraison").get_json()
    assert set(body) == {"total", "results", "facets", "suggestion"}
    assert body["total"] >= 1 and body["suggestion"] is None
    first = body["results"][0]
    assert set(first) == {"type", "key", "title", "url", "snippet", "score"}
    assert set(body["facets"]) == {"type", "brand"}
    assert body["facets"]["type"]["story"] >= 1


def test_api_filters_by_type_and_brand(visitor: FlaskClient) -> None:
    body = visitor.get("/api/v1/search?q=livraison&type=story&brand=coolblue").get_json()
    assert [item["title"] for item in body["results"]] == ["Une carte postale après une livraison ratée"]
    assert body["facets"]["brand"] == {"coolblue": 1}
    brands = visitor.get("/api/v1/search?q=coolblue&type=brand").get_json()
    assert [(item["type"], item["key"], item["url"]) for item in brands["results"]] == [("brand", "coolblue", "/brands/coolblue")]


def test_exclusions_hold_with_filters_alone(visitor: FlaskClient) -> None:
    everything = visitor.get("/api/v1/search", query_string={"q": "type:page"}).get_json()
    excluded = visitor.get("/api/v1/search", query_string={"q": "type:page -réclamation"}).get_json()
    assert 0 < excluded["total"] < everything["total"]
    assert "Le paradoxe de la réclamation" not in [item["title"] for item in excluded["results"]]


def test_api_refuses_an_unknown_type(visitor: FlaskClient) -> None:
    """Like every refused input of the API: 422 with a French message under its field."""
    response = visitor.get("/api/v1/search?q=livraison&type=video")
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "validation_error"
    assert "page, story, brand ou suggestion" in response.get_json()["fields"]["type"]


def test_api_suggestion(visitor: FlaskClient) -> None:
    assert visitor.get("/api/v1/search?q=reclammation").get_json()["suggestion"] == "reclamation"


def test_title_autocomplete(visitor: FlaskClient) -> None:
    found = visitor.get("/api/v1/search/titles?q=satisf fid").get_json()["results"]
    assert {"type": "page", "title": "Satisfaction et fidélité", "url": "/wiki/satisfaction-et-fidelite"} in found
    assert visitor.get("/api/v1/search/titles?q=").get_json() == {"results": []}
    assert "Frigelux" in [item["title"] for item in visitor.get("/api/v1/search/titles?q=frig").get_json()["results"]]


def test_empty_search_page_explains(visitor: FlaskClient) -> None:
    html = visitor.get("/search").get_data(as_text=True)
    assert "Les accents et les pluriels sont facultatifs" in html


# ---- the synonym list (administrators) -----------------------------------------------------------


@pytest.fixture
def admin_client(app: Flask, client: FlaskClient, make_user: Any, auth: Any) -> FlaskClient:
    make_user("alice", Role.ADMIN)
    auth.login("alice")
    return client


def test_synonyms_are_for_administrators(app: Flask, client: FlaskClient, make_user: Any, auth: Any) -> None:
    assert client.get("/search/synonymes").status_code == 302
    make_user("claire", Role.CUSTOMER)
    auth.login("claire")
    assert client.get("/search/synonymes").status_code == 403
    assert client.post("/search/synonymes", data={"synonyms": "a, b"}).status_code == 403


def test_an_edited_list_applies_to_the_next_search(app: Flask, admin_client: FlaskClient) -> None:
    pages.save_revision("ecoute", "Écouter la voix du client, chaque jour.", None, title="Écoute")
    form = admin_client.get("/search/synonymes").get_data(as_text=True)
    assert "SAV, service après-vente" in form
    assert admin_client.get("/api/v1/search?q=tendreoreille").get_json()["total"] == 0
    response = admin_client.post("/search/synonymes", data={"synonyms": "# écoute\ntendre l'oreille, écouter\n"})
    assert response.status_code == 302
    assert admin_client.get("/api/v1/search?q=tendre+l'oreille").get_json()["total"] == 1
    assert admin_client.get("/search/synonymes").get_data(as_text=True).count("écouter") == 1


def test_an_invalid_list_keeps_what_was_typed(app: Flask, admin_client: FlaskClient) -> None:
    typed = "court, bref\n" + ", ".join(["mot"] * 200)
    response = admin_client.post("/search/synonymes", data={"synonyms": typed})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "dépasse 500 caractères" in html and "court, bref" in html


def test_a_search_stopped_by_the_time_limit_still_answers(visitor: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    if backend(visitor.application).name != "whoosh":
        pytest.skip("Whoosh's collector; PostgreSQL's statement_timeout is tested in test_postgres.py")
    complete = visitor.get("/search?q=client").get_data(as_text=True)
    monkeypatch.setitem(visitor.application.config, "SEARCH_TIME_LIMIT", -1.0)  # already past when the first match comes
    response = visitor.get("/search?q=client")
    assert response.status_code == 200
    stopped = response.get_data(as_text=True)
    assert "La recherche a été interrompue pour répondre vite" in stopped
    assert "La recherche a été interrompue" not in complete
    total = re.compile(r"\d+ résultats?")
    assert total.search(stopped).group() == total.search(complete).group()  # counted apart from the collection


def test_the_synonym_form_needs_its_csrf_token(app_factory: Any) -> None:
    app = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        users.create_user("alice", "alice@example.org", PASSWORD, Role.ADMIN)
        client = app.test_client()
        login = client.get("/auth/login").get_data(as_text=True)
        client.post("/auth/login", data={"login": "alice", "password": PASSWORD, "csrf_token": TOKEN_RE.search(login).group(1)})
        assert client.post("/search/synonymes", data={"synonyms": "a, b"}).status_code == 400
        assert synonyms.current_lines() == synonyms.parse(synonyms.default_text())
        form = client.get("/search/synonymes").get_data(as_text=True)
        response = client.post("/search/synonymes", data={"synonyms": "a, b", "csrf_token": TOKEN_RE.search(form).group(1)})
        assert response.status_code == 302
        assert synonyms.current_lines() == ["a, b"]


def test_a_query_of_small_words_alone_finds_them_in_the_text(visitor: FlaskClient) -> None:
    """Stop words have no stem: alone in a query they are looked up as written, titles and text
    (Whoosh's exact fields, PostgreSQL's vector of every word), phrases of them too."""
    found = visitor.get("/api/v1/search?q=nous").get_json()
    assert found["total"] >= 3
    assert any("nous" not in hit["title"].lower() for hit in found["results"])  # found in the text
    assert all("<mark>nous</mark>" in hit["snippet"].lower() for hit in found["results"] if "nous" not in hit["title"].lower())
    phrase = visitor.get('/api/v1/search?q="nous avons"').get_json()
    assert 0 < phrase["total"] < found["total"]


def test_a_long_page_is_snippeted_where_the_word_is(app: Flask, client: FlaskClient) -> None:
    """Highlighting reads only an excerpt of a long text: the one around the query's first word,
    found whatever its accents or case."""
    filler = " ".join(["Un conseiller répond au téléphone et note la demande du client."] * 80)  # ~5,000 characters
    pages.save_revision("longue", f"{filler}\n\nLa Fidélisation des Zéphyrines se gagne à chaque appel.\n\n{filler}", None, title="Une longue page")
    for query in ("zephyrine", "ZÉPHYRINE", "zéphyrines"):
        snippet = client.get(f"/api/v1/search?q={query}").get_json()["results"][0]["snippet"]
        assert "des <mark>Zéphyrines</mark> se gagne" in snippet, (query, snippet)
