"""`flask --app cherclient_wiki users ...`: account administration from the shell."""
from __future__ import annotations

import click

from ..core.errors import InputError
from . import tokens, users, verification
from .models import User
from .roles import Role

ROLE_CHOICE = click.Choice([role.value for role in Role])

users_cli = click.Group("users", help="Gérer les comptes.")


def _existing(name: str) -> User:
    user = users.by_username(name)
    if user is None:
        raise click.ClickException(f"Utilisateur introuvable : {name}")
    return user


@users_cli.command("create")
@click.argument("name")
@click.option("--email", required=True)
@click.option("--role", type=ROLE_CHOICE, default=Role.CUSTOMER.value, show_default=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create(name: str, email: str, role: str, password: str) -> None:
    """Create an account (the password is asked for when not given)."""
    try:
        user = users.create_user(name, email, password, Role(role))
    except InputError as error:
        raise click.ClickException(f"{error.field} : {error.message}") from None
    click.echo(f"Compte créé : {user.username} ({user.role})")


@users_cli.command("set-role")
@click.argument("name")
@click.argument("role", type=ROLE_CHOICE)
def set_role(name: str, role: str) -> None:
    """Give an account one of the roles (on the site, only administrators can)."""
    user = _existing(name)
    try:
        users.set_role(user, Role(role))
    except InputError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"{user.username} : {user.role}")


@users_cli.command("deactivate")
@click.argument("name")
def deactivate(name: str) -> None:
    """Ban an account: it can no longer log in nor use its tokens, and its sessions end."""
    user = _existing(name)
    try:
        users.set_active(user, False)
    except InputError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Compte désactivé : {user.username}")


@users_cli.command("verify")
@click.argument("name")
@click.option("--remove", is_flag=True, help="Retirer la vérification.")
def verify(name: str, remove: bool) -> None:
    """Verify a practitioner's declaration (or withdraw it); written to the audit log."""
    user = _existing(name)
    try:
        changed = verification.set_verified(None, user, not remove)
    except InputError as error:
        raise click.ClickException(error.message) from None
    if remove:
        click.echo(f"Vérification retirée : {user.username}" if changed else f"{user.username} n'était pas vérifié.")
    else:
        click.echo(f"Professionnel vérifié : {user.username}" if changed else f"{user.username} était déjà vérifié.")


@users_cli.command("token")
@click.argument("name")
@click.option("--label", default="cli", show_default=True, help="Nom du jeton.")
def token(name: str, label: str) -> None:
    """Print a new API token for NAME as the last line of standard output."""
    plaintext = tokens.create_token(_existing(name), label)
    click.echo(f"Jeton créé pour {name} ; il ne sera plus affiché :")
    click.echo(plaintext)
