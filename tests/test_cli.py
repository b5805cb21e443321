"""The `flask --app cherclient_wiki` commands an administrator runs."""
from __future__ import annotations

from cherclient_wiki.accounts import users


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

