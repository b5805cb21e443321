"""`flask --app cherclient_wiki ...` commands that concern the whole site."""
from __future__ import annotations

import click
from flask import Flask, current_app
from flask_migrate import upgrade

from .rerender import rerender_command


@click.command("init")
def init_command() -> None:
    """Create or upgrade the database (and the search index) in the instance folder; idempotent."""
    upgrade(revision="heads")
    click.echo(f"Base de données à jour : {current_app.config['SQLALCHEMY_DATABASE_URI']}")
    from .search.backends import backend  # creates the index, or applies what a crash left over

    backend().start()


@click.command("demo")
def demo_command() -> None:
    """Load the seed pages and the demo content; running it again adds nothing."""
    from .demo import load_demo

    for line in load_demo():
        click.echo(line)


def init_app(app: Flask) -> None:
    app.cli.add_command(init_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(rerender_command)
