"""The `flask --app cherclient_wiki` commands an administrator runs."""
from __future__ import annotations

from cherclient_wiki.accounts import users
from cherclient_wiki.accounts.roles import Role


def test_init_is_idempotent(runner) -> None:  # type: ignore[no-untyped-def]
    first = runner.invoke(args=["init"])
    second = runner.invoke(args=["init"])
    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output


def test_users_create_set_role_deactivate(runner, client) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(
        args=["users", "create", "Louise", "--email", "louise@example.org", "--role", "practitioner", "--password", "un-long-secret"]
    )
    assert result.exit_code == 0, result.output
    assert users.by_username("louise").role == "practitioner"

    assert runner.invoke(args=["users", "set-role", "louise", "moderator"]).exit_code == 0
    assert users.by_username("louise").role == "moderator"

    assert runner.invoke(args=["users", "deactivate", "louise"]).exit_code == 0
    response = client.post("/auth/login", data={"login": "louise", "password": "un-long-secret"})
    assert "compte désactivé" in response.get_data(as_text=True)


def test_users_create_prompts_for_the_password(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(
        args=["users", "create", "paul", "--email", "paul@example.org"], input="secret-de-paul\nsecret-de-paul\n"
    )
    assert result.exit_code == 0, result.output
    assert users.authenticate("paul", "secret-de-paul") is not None


def test_users_create_refuses_bad_input_clearly(runner, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("claire")
    result = runner.invoke(args=["users", "create", "CLAIRE", "--email", "c2@example.org", "--password", "xxxxxxxxxx"])
    assert result.exit_code != 0
    assert "déjà pris" in result.output
    result = runner.invoke(args=["users", "set-role", "nobody", "admin"])
    assert result.exit_code != 0 and "introuvable" in result.output


def test_users_token_prints_a_working_token_last(runner, client, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("claire")
    result = runner.invoke(args=["users", "token", "claire"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.get_json()["username"] == "claire"



def test_rerender_refreshes_stored_html_and_says_how_much_changed(runner, claire) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from cherclient_wiki.core.db import db
    from cherclient_wiki.wiki import pages
    from cherclient_wiki.wiki.models import PageLink, Revision

    pages.save_revision("guide", "# Guide\n\nVoir [[Accueil]].", claire, title="Guide")
    pages.save_revision("autre", "Rien à voir.", claire, title="Autre")
    db.session.commit()
    stale = db.session.scalar(select(Revision).join(Revision.page).where(Revision.page.has(slug="guide")))
    stale.html = "<p>rendu par l'ancien moteur</p>"  # as an older engine might have left it
    db.session.execute(PageLink.__table__.delete())  # and its links with it
    db.session.commit()

    dry = runner.invoke(args=["rerender", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "révisions de pages : 2 relus, 1 changeraient" in dry.output
    db.session.expire_all()
    assert db.session.get(Revision, stale.id).html == "<p>rendu par l'ancien moteur</p>"

    done = runner.invoke(args=["rerender"])
    assert "révisions de pages : 2 relus, 1 changés" in done.output and "histoires : 0 relus, 0 changés" in done.output
    db.session.expire_all()
    assert db.session.get(Revision, stale.id).html.startswith('<h1 id="guide">Guide</h1>')
    assert set(db.session.scalars(select(PageLink.target_slug))) == {"accueil"}
    assert "1 changés" not in runner.invoke(args=["rerender"]).output  # a second run changes nothing


def test_the_last_administrator_is_kept(runner, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("root", Role.ADMIN)
    for args in (["users", "set-role", "root", "moderator"], ["users", "deactivate", "root"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 1, args
        assert "root est le dernier administrateur actif : nommez d'abord un autre administrateur." in result.output
    root = users.by_username("root")
    assert root.role == "admin" and root.active
    make_user("heir", Role.ADMIN)
    assert runner.invoke(args=["users", "deactivate", "root"]).exit_code == 0
