"""With CSRF protection on (as in production), every community form needs its token."""
from __future__ import annotations

import re

from sqlalchemy import select

from cherclient_wiki.accounts import users
from cherclient_wiki.community.models import Comment, Report
from cherclient_wiki.core.db import db
from cherclient_wiki.wiki import pages

TOKEN_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def test_posts_without_the_token_are_refused(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        users.create_user("claire", "claire@example.org", "motdepasse-solide")
        page = pages.save_revision("accueil", "Bienvenue.", None, title="Accueil").page
        client = app.test_client()
        login_form = client.get("/auth/login").get_data(as_text=True)
        client.post("/auth/login", data={"login": "claire", "password": "motdepasse-solide", "csrf_token": TOKEN_RE.search(login_form).group(1)})
        assert client.post(f"/community/page/{page.id}/comments", data={"body": "Sans jeton"}).status_code == 400
        assert client.post(f"/community/page/{page.id}/report", data={"reason": "spam"}).status_code == 400
        assert db.session.scalar(select(Comment)) is None and db.session.scalar(select(Report)) is None
        token = TOKEN_RE.search(client.get("/wiki/accueil").get_data(as_text=True)).group(1)
        response = client.post(f"/community/page/{page.id}/comments", data={"body": "Avec jeton", "csrf_token": token})
        assert response.status_code == 302
        assert db.session.scalar(select(Comment.body)) == "Avec jeton"
