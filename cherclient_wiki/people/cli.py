"""`flask --app cherclient_wiki people ...`: an administrator answering a written request (export,
erasure), and the retention purge."""
from __future__ import annotations

from pathlib import Path

import click

from ..accounts.models import User
from ..core.errors import InputError
from ..core.personal_data import Content
from . import erasure, export, profiles
from .retention import cutoff, purge_technical_data

people_cli = click.Group("people", help="Données personnelles : export, effacement, purge des données techniques.")


def _account(name: str) -> User:
    user = profiles.public_user(name)
    if user is None:
        raise click.ClickException(f"Utilisateur introuvable (ou déjà effacé) : {name}")
    return user


@people_cli.command("export")
@click.argument("name")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Fichier zip à écrire.")
def export_command(name: str, output: Path | None) -> None:
    """Write everything NAME produced to a zip (data.json, texts, images)."""
    user = _account(name)
    target = output or Path(export.file_name(user))
    target.write_bytes(export.export_zip(user))
    click.echo(f"Export écrit : {target}")


@people_cli.command("erase")
@click.argument("name")
@click.option("--content", type=click.Choice([content.value for content in Content]), required=True,
              help="delete : supprimer histoires, commentaires et images ; anonymise : les garder sous un nom neutre.")
@click.confirmation_option(prompt="Effacer ce compte ? C'est irréversible.")
def erase_command(name: str, content: str) -> None:
    """Erase NAME's account (RGPD): its name disappears everywhere, its sessions and tokens stop."""
    user = _account(name)
    try:
        pseudonym = erasure.erase(user, Content(content), actor=None)
    except InputError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Compte effacé ; ses contributions au wiki sont attribuées à « {pseudonym} ».")


@people_cli.command("purge")
def purge_command() -> None:
    """Forget IP addresses and other technical data older than IP_RETENTION_DAYS."""
    limit = cutoff()
    cleared = purge_technical_data()
    click.echo(f"Données techniques antérieures au {limit:%Y-%m-%d %H:%M} UTC effacées : {cleared} ligne(s).")
