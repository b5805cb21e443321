"""`flask --app cherclient_wiki brands ...`: declaring a brand's representatives from the shell, as
the administrators' page does (same function, same audit entries)."""
from __future__ import annotations

import click

from ..accounts import users
from ..core.errors import InputError
from . import representatives

brands_cli = click.Group("brands", help="Gérer les marques et leurs représentants.")


@brands_cli.command("represent")
@click.argument("username")
@click.argument("brand")
@click.option("--remove", is_flag=True, help="Retirer le lien de représentation.")
def represent(username: str, brand: str, remove: bool) -> None:
    """Declare USERNAME a representative of BRAND (its name, alias or slug), or withdraw it."""
    try:
        if not remove:
            link = representatives.grant(None, username, brand)
            click.echo(f"{link.user.username} représente désormais {link.brand.name}.")
            return
        user = users.by_username(username)
        if user is None:
            raise InputError(f"Aucun compte « {username.strip()} ».", "username")
        found = representatives.find_brand_named(brand)
        removed = representatives.revoke(None, user.id, found.id)
    except InputError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"{user.username} ne représente plus {found.name}." if removed else f"{user.username} ne représentait pas {found.name}.")
