"""The discussion under pages and stories: sanitised, deletable by its author, hidden by moderators."""
from __future__ import annotations

from sqlalchemy import select

from cherclient_wiki.community.models import Comment
from cherclient_wiki.core.audit import AuditEntry
from cherclient_wiki.core.db import db
from cherclient_wiki.stories.choices import Status


def _post(client, kind: str, target_id: int, body: str, **extra: str):  # type: ignore[no-untyped-def]
    return client.post(f"/community/{kind}/{target_id}/comments", data={"body": body, **extra})


def test_a_comment_appears_under_the_page_sanitised(client, auth, claire, page) -> None:  # type: ignore[no-untyped-def]
    auth.login("claire")
    response = _post(client, "page", page.id, "Très **utile**. <script>alert('x')</script>")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/wiki/accueil-client#commentaire-{db.session.scalar(select(Comment.id))}")
    html = client.get("/wiki/accueil-client").get_data(as_text=True)
    assert "<strong>utile</strong>" in html
    assert "<script>alert" not in html  # shown as text, never run
    assert "&lt;script&gt;" in html


def test_visitors_read_but_must_log_in_to_comment(client, claire, page) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/wiki/accueil-client").get_data(as_text=True)
    assert "Connectez-vous pour participer à la discussion." in html
    response = _post(client, "page", page.id, "Anonyme")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert db.session.scalar(select(Comment)) is None


def test_an_empty_comment_is_refused_and_an_unknown_target_is_404(client, auth, claire, page) -> None:  # type: ignore[no-untyped-def]
    auth.login("claire")
    response = _post(client, "page", page.id, "   ")
    assert response.status_code == 422
    assert "Ce champ est obligatoire." in response.get_data(as_text=True)
    assert _post(client, "page", 9999, "Bonjour").status_code == 404
    assert _post(client, "nowhere", page.id, "Bonjour").status_code == 404


def test_pending_stories_cannot_be_commented_by_others(client, auth, member, make_story) -> None:  # type: ignore[no-untyped-def]
    held = make_story(status=Status.PENDING)
    member("bob")
    auth.login("bob")
    assert _post(client, "story", held.id, "Vu !").status_code == 404


def test_the_author_deletes_their_comment_others_cannot(client, auth, member, claire, page) -> None:  # type: ignore[no-untyped-def]
    member("bob")
    auth.login("claire")
    _post(client, "page", page.id, "Mon avis")
    comment = db.session.scalar(select(Comment))
    auth.logout()
    auth.login("bob")
    assert client.post(f"/community/comments/{comment.id}/delete").status_code == 403
    auth.logout()
    auth.login("claire")
    assert client.post(f"/community/comments/{comment.id}/delete").status_code == 302
    html = client.get("/wiki/accueil-client").get_data(as_text=True)
    assert "Commentaire supprimé." in html and "Mon avis" not in html


def test_a_moderator_hides_a_comment_with_an_audit_entry(client, auth, member, claire, modo, page) -> None:  # type: ignore[no-untyped-def]
    auth.login("claire")
    _post(client, "page", page.id, "Propos déplacés")
    comment = db.session.scalar(select(Comment))
    assert client.post(f"/community/comments/{comment.id}/hide", data={"hidden": "1"}).status_code == 403
    auth.logout()
    auth.login("modo")
    client.post(f"/community/comments/{comment.id}/hide", data={"hidden": "1", "reason": "injurieux"})
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "comment.hide"))
    assert entry is not None and entry.actor_name == "modo" and entry.reason == "injurieux"
    auth.logout()
    html = client.get("/wiki/accueil-client").get_data(as_text=True)
    assert "commentaire masqué par la modération" in html
    assert "Propos déplacés" not in html
