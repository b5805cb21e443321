"""Reports: one open report per person and item; only moderators see and close them."""
from __future__ import annotations

from sqlalchemy import func, select

from cherclient_wiki.community.models import Comment, Report
from cherclient_wiki.core.audit import AuditEntry
from cherclient_wiki.core.db import db


def _report(client, kind: str, target_id: int, reason: str = "ad", details: str = ""):  # type: ignore[no-untyped-def]
    return client.post(f"/community/{kind}/{target_id}/report", data={"reason": reason, "details": details})


def test_stories_pages_and_comments_can_be_reported_once_per_person(client, auth, member, claire, story, page) -> None:  # type: ignore[no-untyped-def]
    member("bob")
    auth.login("claire")
    client.post(f"/community/page/{page.id}/comments", data={"body": "Un avis"})
    comment = db.session.scalar(select(Comment))
    auth.logout()
    auth.login("bob")
    form = client.get(f"/community/story/{story.id}/report").get_data(as_text=True)
    assert "Publicité déguisée" in form and "Mon histoire avec Saab" in form
    assert _report(client, "story", story.id, details="Un lien vers une boutique").status_code == 302
    assert _report(client, "page", page.id, "vandalism").status_code == 302
    assert _report(client, "comment", comment.id, "abuse").status_code == 302
    again = _report(client, "story", story.id, "spam", "Je réessaie")
    assert again.status_code == 409
    text = again.get_data(as_text=True)
    assert "Vous avez déjà signalé ce contenu" in text and "Je réessaie" in text  # what was typed is kept
    assert db.session.scalar(select(func.count()).select_from(Report)) == 3
    auth.logout()
    auth.login("claire")
    assert _report(client, "story", story.id).status_code == 302  # another person may report it too


def test_a_report_needs_a_known_reason_and_an_account(client, auth, claire, story) -> None:  # type: ignore[no-untyped-def]
    anonymous = _report(client, "story", story.id)
    assert anonymous.status_code == 302 and "/auth/login" in anonymous.headers["Location"]
    auth.login("claire")
    assert _report(client, "story", story.id, reason="whatever").status_code == 422
    assert db.session.scalar(select(Report)) is None


def test_only_moderators_list_and_close_reports(client, auth, member, claire, modo, story) -> None:  # type: ignore[no-untyped-def]
    auth.login("claire")
    _report(client, "story", story.id, details="Code promo à la fin")
    report = db.session.scalar(select(Report))
    assert client.get("/community/reports").status_code == 403
    assert client.post(f"/community/reports/{report.id}/close", data={"decision": "dismissed"}).status_code == 403
    auth.logout()
    auth.login("modo")
    listing = client.get("/community/reports").get_data(as_text=True)
    assert "Mon histoire avec Saab" in listing and "Code promo à la fin" in listing
    client.post(f"/community/reports/{report.id}/close", data={"decision": "resolved", "reason": "retiré"})
    db.session.refresh(report)
    assert report.status == "resolved" and report.handled_by_id == modo.id
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "report.resolve"))
    assert entry is not None and entry.target_type == "story" and entry.target_id == str(story.id)
    assert "Aucun signalement en attente." in client.get("/community/reports").get_data(as_text=True)
    auth.logout()
    auth.login("claire")
    assert _report(client, "story", story.id).status_code == 302  # closed: it may be reported again


def test_the_moderation_queue_lists_open_reports(client, auth, claire, modo, story) -> None:  # type: ignore[no-untyped-def]
    auth.login("claire")
    _report(client, "story", story.id, "ad", "Trop beau pour être vrai")
    auth.logout()
    auth.login("modo")
    html = client.get("/moderation/").get_data(as_text=True)
    assert "Signalements ouverts" in html and "Trop beau pour être vrai" in html
