"""`flask --app cherclient_wiki notifications send`: mail what is waiting, outside any request."""
from __future__ import annotations

import click

from .mail import send_all

notifications_cli = click.Group("notifications", help="Notifications et e-mails.")


@notifications_cli.command("send")
def send() -> None:
    """Send every e-mail due now (at once, and the daily digests that are due)."""
    click.echo(f"Notifications traitées : {send_all()}")
