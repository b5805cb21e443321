"""Follow → notification → e-mail file → unsubscribe, as the people concerned see it."""
from __future__ import annotations

import email
import threading
from email import policy
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from cherclient_wiki.accounts.models import User
from cherclient_wiki.brands.models import Brand
from cherclient_wiki.core import background
from cherclient_wiki.core.hooks import hooks
from cherclient_wiki.notifications.mail import send_batch
from cherclient_wiki.suggestions import writing
from cherclient_wiki.wiki import pages

from .conftest import bearer, suggestion_data


def mails(app: Flask) -> list[email.message.EmailMessage]:
    folder = Path(app.instance_path) / "mail"
    return [email.message_from_bytes(path.read_bytes(), policy=policy.default) for path in sorted(folder.glob("*.eml"))]  # type: ignore[misc]


def test_status_change_reaches_author_and_supporter_by_mail(
    app: Flask, client: FlaskClient, runner: Any, author: User, supporter: User, representative: User, brand: Brand,
) -> None:
    suggestion = writing.create(author, suggestion_data())
    writing.support(supporter, suggestion)
    writing.set_status(representative, suggestion, {"status": "accepted", "message": "Bonne idée, c'est accepté."})
    listed = client.get("/api/v1/notifications", headers=bearer(author)).get_json()
    assert listed["unread"] == 1
    assert listed["items"][0]["event"] == "status" and listed["items"][0]["status"] == "accepted"
    assert "acceptée" in listed["items"][0]["text"]
    assert client.get("/api/v1/notifications", headers=bearer(representative)).get_json()["unread"] == 0  # not told of itself

    assert send_batch in hooks(app).background_jobs
    result = runner.invoke(args=["notifications", "send"])
    assert result.exit_code == 0 and "Notifications traitées : 2" in result.output
    sent = {message["To"]: message for message in mails(app)}
    assert set(sent) == {"helene@example.org", "bernard@example.org"}
    text = sent["helene@example.org"].get_content()
    assert "Bonne idée, c'est accepté." in text and f"/suggestions/{suggestion.id}" in text
    assert sent["helene@example.org"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert runner.invoke(args=["notifications", "send"]).output.strip().endswith(": 0")  # nothing twice

    link = sent["helene@example.org"]["List-Unsubscribe"].strip("<>")
    path = link.split("localhost", 1)[1]
    assert "Me désabonner" in client.get(path).get_data(as_text=True)  # a prefetch changes nothing
    assert client.post(path).status_code == 200
    assert client.post(path[:-3] + "xyz").status_code == 404  # a forged link
    writing.set_status(representative, suggestion, {"status": "done", "message": "C'est fait."})
    runner.invoke(args=["notifications", "send"])
    recipients = [message["To"] for message in mails(app)]
    assert recipients.count("helene@example.org") == 1 and recipients.count("bernard@example.org") == 2


def test_follow_a_page_then_see_its_edits(client: FlaskClient, auth: Any, author: User, supporter: User) -> None:
    page = pages.save_revision("compteurs", "Comment relever un compteur.", author, title="Compteurs").page
    auth.login("bernard")
    assert 'name="type" value="page"' in client.get("/wiki/compteurs").get_data(as_text=True)  # the « Suivre » button
    assert client.post("/notifications/follow", data={"type": "page", "id": str(page.id)}).status_code == 302
    pages.save_revision("compteurs", "Comment relever un compteur, avec une photo datée.", author)
    home = client.get("/notifications/").get_data(as_text=True)
    assert "helene a modifié la page « Compteurs »" in home
    assert 'class="badge"' in client.get("/").get_data(as_text=True)  # the unread count in the header
    client.post("/notifications/read")
    assert 'class="badge"' not in client.get("/").get_data(as_text=True)


def test_follow_api_by_slug_and_preferences(client: FlaskClient, auth: Any, author: User, brand: Brand, supporter: User) -> None:
    headers = bearer(supporter)
    followed = client.post("/api/v1/follows", json={"type": "brand", "slug": brand.slug}, headers=headers)
    assert followed.status_code == 201 and followed.get_json()["following"] is True
    assert client.post("/api/v1/follows", json={"type": "story", "id": 999999}, headers=headers).status_code == 404
    assert client.post("/api/v1/follows", json={"type": "brand"}, headers=headers).status_code == 422
    writing.create(author, suggestion_data())
    items = client.get("/api/v1/notifications", headers=headers).get_json()["items"]
    assert [item["event"] for item in items] == ["suggestion"]
    assert client.delete("/api/v1/follows", json={"type": "brand", "slug": brand.slug}, headers=headers).get_json()["following"] is False
    auth.login("bernard")
    assert client.post("/notifications/preferences", data={"email_mode": "daily"}).status_code == 302
    assert 'checked id="email_mode-1"' in client.get("/notifications/").get_data(as_text=True)


def test_mail_goes_out_after_the_response(app: Flask, client: FlaskClient, author: User, representative: User, brand: Brand,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The default single process: the inline background runner sends the notification's mail
    once the request's application context is over, never during the request."""
    sent_by: list[str] = []
    def watched() -> int:
        sent_by.append(threading.current_thread().name)
        return send_batch()

    jobs = [watched if job is send_batch else job for job in hooks(app).background_jobs]
    monkeypatch.setattr(hooks(app), "background_jobs", jobs)
    suggestion = writing.create(author, suggestion_data())
    answer = client.post(f"/api/v1/suggestions/{suggestion.id}/status", json={"status": "studying", "message": "Nous regardons."},
                         headers=bearer(representative))
    assert answer.status_code == 200
    background.settle(app)
    assert [message["To"] for message in mails(app)] == ["helene@example.org"]
    assert set(sent_by) == {"cherclient-background"}  # the runner's thread, never the request's