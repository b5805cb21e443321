"""Official brand replies: only a representative of the story's brand posts one, shown apart."""
from __future__ import annotations

from flask import render_template_string
from sqlalchemy import select

from cherclient_wiki.accounts.roles import Role
from cherclient_wiki.brands.models import BrandRepresentative
from cherclient_wiki.brands.names import find_brand, get_or_create_brand
from cherclient_wiki.community.models import Comment
from cherclient_wiki.community.views import thread
from cherclient_wiki.core.audit import AuditEntry
from cherclient_wiki.core.db import db


def test_only_admins_link_an_account_to_a_brand(client, auth, member, root, story) -> None:  # type: ignore[no-untyped-def]
    member("agent")
    member("modo2", Role.MODERATOR)
    auth.login("modo2")
    assert client.get("/admin/representatives").status_code == 403
    assert client.post("/admin/representatives", data={"username": "agent", "brand": "Saab"}).status_code == 403
    auth.logout()
    auth.login("root")
    response = client.post("/admin/representatives", data={"username": "agent", "brand": "saab"}, follow_redirects=True)
    assert "agent représente désormais Saab." in response.get_data(as_text=True)
    assert db.session.scalar(select(BrandRepresentative)) is not None
    assert db.session.scalar(select(AuditEntry.action)) == "brand.representative_add"
    unknown = client.post("/admin/representatives", data={"username": "agent", "brand": "Inconnue"})
    assert unknown.status_code == 422 and "Aucune marque « Inconnue »" in unknown.get_data(as_text=True)


def _represent(user, brand: str) -> None:  # type: ignore[no-untyped-def]
    db.session.add(BrandRepresentative(user_id=user.id, brand_id=get_or_create_brand(brand).id))
    db.session.commit()


def test_a_representative_replies_officially_and_it_shows(client, auth, member, story) -> None:  # type: ignore[no-untyped-def]
    agent = member("agent")
    _represent(agent, "Saab")
    auth.login("agent")
    saab = find_brand("Saab")
    response = client.post(f"/community/story/{story.id}/comments", data={"body": "Merci pour votre fidélité.", "brand_id": str(saab.id)})
    assert response.status_code == 302
    comment = db.session.scalar(select(Comment))
    assert comment.is_official and comment.brand.name == "Saab"
    with client.application.test_request_context():
        shown = thread("story", story.id)
        assert shown is not None and [c.is_official for c in shown.comments] == [True]
    with client.application.test_request_context():
        html = render_template_string(
            '{% from "community/_thread.html" import comments with context %}{{ comments("story", sid) }}', sid=story.id
        )
    assert "Réponse officielle de Saab" in html and "comment--official" in html


def test_nobody_else_replies_in_a_brand_name(client, auth, member, story) -> None:  # type: ignore[no-untyped-def]
    other = member("concurrent")
    _represent(other, "Volvo")
    member("bob")
    saab = find_brand("Saab")
    for name in ("bob", "concurrent"):
        auth.login(name)
        response = client.post(f"/community/story/{story.id}/comments", data={"body": "Réponse", "brand_id": str(saab.id)})
        assert response.status_code == 403
        assert "Seul un représentant de Saab" in response.get_data(as_text=True)
        auth.logout()
    assert db.session.scalar(select(Comment)) is None


def test_the_story_page_shows_its_thread(client, auth, member, story) -> None:  # type: ignore[no-untyped-def]
    member("bob")
    auth.login("bob")
    client.post(f"/community/story/{story.id}/comments", data={"body": "Belle histoire, *merci*."})
    html = client.get(f"/stories/{story.id}").get_data(as_text=True)
    assert "Discussion" in html and "<em>merci</em>" in html
