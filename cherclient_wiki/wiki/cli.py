"""`flask --app cherclient_wiki export DIR` / `import DIR`, and the seed pages for `demo`."""
from __future__ import annotations

from pathlib import Path

import click
from flask_babel import gettext as _

from ..core.errors import InputError
from ..core.resources import folder
from .transfer import export_site, import_site


@click.command("export")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def export_command(directory: Path) -> None:
    """Write every page as Markdown with front matter, and its full history as JSON."""
    count = export_site(directory)
    click.echo(_("%(n)d pages exportées dans %(dir)s", n=count, dir=str(directory)))


@click.command("import")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
def import_command(directory: Path) -> None:
    """Restore an export (or a folder of Markdown pages) into an empty site."""
    try:
        report = import_site(directory)
    except InputError as error:
        raise click.ClickException(str(error)) from None
    click.echo(_("%(n)d pages importées depuis %(dir)s", n=report.created, dir=str(directory)))


def load_seed_pages() -> str:
    """Demo loader: the best-practice pages shipped in pages/; existing pages are left alone."""
    seeds = folder("pages")
    if not seeds.is_dir():
        return _("Wiki : aucun dossier de pages d'exemple.")
    report = import_site(seeds, skip_existing=True)
    return _("Wiki : %(created)d pages créées, %(skipped)d déjà présentes.", created=report.created, skipped=report.skipped)
