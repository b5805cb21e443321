"""New accounts wait before adding external links; blocked domains are refused for everyone."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from cherclient_wiki.accounts.roles import Role
from cherclient_wiki.accounts.tokens import create_token
from cherclient_wiki.community import links
from cherclient_wiki.community.models import BlockedDomain, Comment
from cherclient_wiki.core.audit import AuditEntry
from cherclient_wiki.core.db import db
from cherclient_wiki.wiki import pages
from tests.community.conftest import STORY_BODY

LINKED = "Voir [le site du fabricant](https://www.fabricant.example/aide) pour la notice."


def _edit(client, slug: str, source: str, base: int = 0, title: str = "Notice"):  # type: ignore[no-untyped-def]
    return client.post(f"/wiki/{slug}/edit", data={"title": title, "source": source, "base_revision": base, "summary": ""})


def test_a_one_day_old_account_cannot_add_an_external_link(client, auth, member) -> None:  # type: ignore[no-untyped-def]
    member("nouveau", days=1)
    auth.login("nouveau")
    response = _edit(client, "notice", LINKED)
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "moins de 3 jours ne peuvent pas encore ajouter de liens externes (ici vers www.fabricant.example)" in text
    assert "le site du fabricant" in text  # the text typed is kept in the form
    assert pages.by_slug("notice") is None or pages.by_slug("notice").latest_number == 0
    assert _edit(client, "notice", "Voir la [[FAQ]] pour la notice.").status_code == 302  # internal links are fine


def test_the_link_rule_ends_after_the_delay_and_spares_moderators(client, auth, member) -> None:  # type: ignore[no-untyped-def]
    member("ancien", days=4)
    member("modo-neuf", Role.MODERATOR, days=0)
    auth.login("ancien")
    assert _edit(client, "notice", LINKED).status_code == 302
    auth.logout()
    auth.login("modo-neuf")
    assert _edit(client, "autre", LINKED, title="Autre").status_code == 302


def test_a_new_account_may_edit_a_page_that_already_has_links(client, auth, member) -> None:  # type: ignore[no-untyped-def]
    pages.save_revision("notice", LINKED, member("ancien", days=30), title="Notice")
    member("nouveau", days=1)
    auth.login("nouveau")
    assert _edit(client, "notice", LINKED + "\n\nMise à jour : la notice est en français.", base=1).status_code == 302


def test_the_delay_is_configurable(app_factory, make_user) -> None:  # type: ignore[no-untyped-def]
    app = app_factory(NEW_ACCOUNT_LINK_DAYS=0)
    with app.app_context():
        user = make_user("nouveau")
        assert links.link_problem(user, '<a href="https://a.example/">a</a>') is None


def test_comments_by_new_accounts_cannot_carry_links(client, auth, member, page) -> None:  # type: ignore[no-untyped-def]
    member("nouveau", days=1)
    auth.login("nouveau")
    response = client.post(f"/community/page/{page.id}/comments", data={"body": "Promo sur <https://promo.example>"})
    assert response.status_code == 422 and "ne peuvent pas encore ajouter de liens externes" in response.get_data(as_text=True)
    assert db.session.scalar(select(Comment)) is None


@pytest.mark.parametrize(
    ("typed", "domain"),
    [("promo.example", "promo.example"), ("https://WWW.Promo.Example/offre?x=1", "promo.example"),
     ("  sub.promo.example ", "sub.promo.example"), ("pas un domaine", None), ("localhost", None)],
)
def test_what_admins_type_becomes_a_domain(typed: str, domain: str | None) -> None:
    assert links.normalise_domain(typed) == domain


def test_admins_block_a_domain_for_everyone(client, auth, member, root, modo, page) -> None:  # type: ignore[no-untyped-def]
    member("ancien", days=30)
    auth.login("modo")
    assert client.get("/admin/blocked-domains").status_code == 403
    assert client.post("/admin/blocked-domains", data={"domain": "promo.example"}).status_code == 403
    auth.logout()
    auth.login("root")
    bad = client.post("/admin/blocked-domains", data={"domain": "pas un domaine"})
    assert bad.status_code == 422 and "pas un nom de domaine" in bad.get_data(as_text=True)
    client.post("/admin/blocked-domains", data={"domain": "https://www.promo.example/", "reason": "spam"})
    assert db.session.get(BlockedDomain, "promo.example") is not None
    assert db.session.scalar(select(AuditEntry.action)) == "domain.block"
    auth.logout()
    for name in ("ancien", "modo"):
        auth.login(name)
        response = _edit(client, f"page-{name}", "Voir https et [ici](https://shop.promo.example/x).", title=f"Page {name}")
        assert response.status_code == 422
        assert "Les liens vers promo.example ne sont pas acceptés" in response.get_data(as_text=True)
        comment = client.post(f"/community/page/{page.id}/comments", data={"body": "[promo](http://promo.example)"})
        assert comment.status_code == 422
        auth.logout()
    auth.login("root")
    client.post("/admin/blocked-domains/promo.example/remove")
    assert db.session.get(BlockedDomain, "promo.example") is None


def test_stories_follow_the_link_rules(client, auth, member) -> None:  # type: ignore[no-untyped-def]
    member("nouveau", days=1)
    auth.login("nouveau")
    form = {"title": "Mon lave-linge", "body": STORY_BODY + " Voir [leur site](https://fabricant.example).",
            "brands": "Saab", "kind": "love", "satisfaction": "5", "ending": "loyal"}
    response = client.post("/stories/new", data=form)
    assert response.status_code == 422
    assert "ne peuvent pas encore ajouter de liens externes" in response.get_data(as_text=True)
    assert client.post("/stories/new", data={**form, "body": STORY_BODY}).status_code == 302


def test_the_story_api_answers_the_link_rule_in_json(client, member) -> None:  # type: ignore[no-untyped-def]
    token = create_token(member("nouveau", days=1), "test")
    payload = {"title": "Mon lave-linge", "body": STORY_BODY + " [Leur site](https://fabricant.example).",
               "brands": ["Saab"], "kind": "love", "satisfaction": 5, "ending": "loyal"}
    response = client.post("/api/v1/stories", json=payload, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 422
    assert "liens externes" in response.get_json()["fields"]["body"]
