"""The detector plugged into story creation and edits: the real status, score and reasons, told
to the author in French; account signals read from the database."""
from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from cherclient_wiki.accounts.models import User
from cherclient_wiki.accounts.roles import Role
from cherclient_wiki.moderation import decisions
from cherclient_wiki.stories import writing

from .conftest import AD, LIVED, aged, bearer


def test_api_creation_returns_the_real_status_score_and_reasons(client: FlaskClient, claire: User) -> None:
    held = client.post("/api/v1/stories", json=AD, headers=bearer(claire))
    assert held.status_code == 201
    body = held.get_json()
    assert body["status"] == "pending" and body["ad_score"] >= 0.5
    assert any("klimea-boutique.fr" in reason for reason in body["ad_reasons"])
    published = client.post("/api/v1/stories", json=LIVED, headers=bearer(claire)).get_json()
    assert published["status"] == "published" and published["ad_score"] < 0.5


def test_the_author_is_told_why_and_nobody_else_sees_the_story(client: FlaskClient, claire: User, auth: Any) -> None:
    story = writing.create_story(claire, AD)
    assert client.get(f"/stories/{story.id}").status_code == 404
    auth.login("claire")
    page = client.get(f"/stories/{story.id}").get_data(as_text=True)
    assert "attend la relecture d&#39;un modérateur" in page or "attend la relecture d'un modérateur" in page
    assert "Code promo ou parrainage" in page


def test_reasons_are_stored_in_french_whatever_the_visitor_language(client: FlaskClient, claire: User) -> None:
    body = client.post("/api/v1/stories", json=AD, headers={**bearer(claire), "Accept-Language": "en"}).get_json()
    assert any(reason.startswith("Code promo ou parrainage") for reason in body["ad_reasons"])


def test_an_edit_is_screened_again(claire: User) -> None:
    story = writing.create_story(claire, LIVED)
    assert story.status == "published"
    writing.edit_story(story, claire, {**LIVED, "body": AD["body"]})
    assert story.status == "pending" and story.ad_reasons


def test_the_threshold_is_configurable(app_factory: Any) -> None:
    lenient = app_factory(AD_SCORE_THRESHOLD=1.01)
    with lenient.app_context():
        from cherclient_wiki.accounts import users

        author = users.create_user("lea", "lea@example.org", "motdepasse-solide", Role.CUSTOMER)
        assert writing.create_story(author, AD).status == "published"


def test_several_new_accounts_from_one_address_about_one_brand_are_held(make_user: Any) -> None:
    """Each text is ordinary; the campaign shows in the database: new accounts, one IP, one brand."""
    text = {
        "title": "Un fournisseur qui tient parole, je recommande",
        "brands": ["Voltaire Énergie"], "kind": "love", "satisfaction": 5, "ending": "loyal",
    }
    bodies = [
        "En mars, j'ai changé de fournisseur d'électricité. Le conseiller m'a expliqué les étapes, mais je craignais une coupure. Il n'y en a pas eu.",
        "Le changement s'est fait sans coupure en avril. La conseillère a été claire, même si j'avais des doutes au départ. Facture en baisse.",
        "Passage chez ce fournisseur en mai : le technicien est venu relever le compteur, un peu en retard mais aimable. Rien à redire.",
    ]
    stories = [
        writing.create_story(make_user(f"compte{i}", Role.CUSTOMER), {**text, "body": body}, ip="198.51.100.9")
        for i, body in enumerate(bodies)
    ]
    assert stories[0].status == "published"
    last = stories[-1]
    assert last.status == "pending"
    assert any("2 autre(s) compte(s) de la même adresse IP" in reason for reason in last.ad_reasons)


def test_a_copy_of_another_story_says_so(claire: User, make_user: Any) -> None:
    writing.create_story(claire, LIVED)
    copier = aged(make_user("copieur", Role.CUSTOMER), 400)
    copy = writing.create_story(copier, {**LIVED, "title": "Un technicien revenu le samedi"})
    assert any(reason.startswith("Presque identique à une autre histoire") for reason in copy.ad_reasons)


def test_editing_a_held_story_keeps_it_held_until_a_moderator_decides(claire: User, modo: User) -> None:
    """The author sees the reasons; removing the link must not publish the ad without review."""
    story = writing.create_story(claire, AD)
    writing.edit_story(story, claire, {**AD, "body": LIVED["body"]})
    assert story.status == "pending" and story.ad_score < 0.5
    decisions.decide(modo, [story], decisions.Decision.APPROVE)
    assert story.status == "published"
    writing.edit_story(story, claire, AD)  # an approved story slipping an ad in is held again
    assert story.status == "pending"
