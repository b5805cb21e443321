"""`flask --app cherclient_wiki index rebuild|check`."""
from __future__ import annotations

import click
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from .backends import backend

PROBLEMS = {
    "missing": _l("absent de l'index"),
    "extra": _l("dans l'index mais plus visible dans la base"),
    "stale": _l("périmé dans l'index"),
}


@click.group("index", help="Index de recherche : reconstruire, vérifier.")
def index_cli() -> None:
    pass


@index_cli.command("rebuild")
@click.option("--procs", type=click.IntRange(1, 16), default=1, show_default=True,
              help="Processus d'analyse en parallèle (Whoosh) : construction plus rapide, "
                   "mais un segment par processus, et des recherches plus lentes ensuite.")
def rebuild_command(procs: int) -> None:
    """Build the whole index aside from the database, then swap it in (searches keep working)."""
    count = backend().rebuild(procs)
    click.echo(ngettext("Index reconstruit : %(num)d document.", "Index reconstruit : %(num)d documents.", count))


@index_cli.command("check")
def check_command() -> None:
    """After applying pending jobs (they are not differences, just work in progress), list what
    differs between the database and the index; exit status 1 if anything does."""
    differences = backend().check()
    for difference in differences:
        click.echo(f"{difference.uid} : {PROBLEMS[difference.problem]}")
    if differences:
        click.echo(_("%(n)d différence(s) entre la base et l'index.", n=len(differences)))
        raise SystemExit(1)
    click.echo(_("Index cohérent avec la base de données."))
