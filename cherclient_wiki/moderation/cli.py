"""`flask --app cherclient_wiki moderation report`: the detector's figures on moderators'
decisions, and for comparison on the held-out part of its evaluation set."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import gettext as _

from . import evaluation_set
from .metrics import Figures, figures
from .report import decision_report

moderation_cli = AppGroup("moderation", help="Modération : mesures du détecteur de publicités déguisées.")


def _echo_figures(f: Figures) -> None:
    click.echo(_("  Précision : %(v).3f", v=f.precision))
    click.echo(_("  Rappel : %(v).3f", v=f.recall))
    click.echo(_("  Histoires authentiques retenues à tort : %(v).1f %%", v=100 * f.held_genuine))
    click.echo(_("  ROC AUC : %(v).3f", v=f.auc))


@moderation_cli.command("report")
def report_command() -> None:
    """Precision, recall and ROC AUC of the detector against what moderators decided."""
    threshold = float(current_app.config["AD_SCORE_THRESHOLD"])
    click.echo(_("Seuil AD_SCORE_THRESHOLD : %(t).2f", t=threshold))
    report = decision_report(threshold)
    click.echo(_("Décisions de modération enregistrées : %(n)d", n=report.decisions))
    if report.figures is None:
        click.echo(_("  Aucune décision utilisable comme étiquette pour l'instant : rien à mesurer."))
    else:
        f = report.figures
        click.echo(_(
            "  Histoires étiquetées : %(n)d (%(ads)d publicités, %(genuine)d authentiques), dont %(held)d retenues par le détecteur",
            n=f.count, ads=f.ads, genuine=f.count - f.ads, held=report.held_by_detector,
        ))
        _echo_figures(f)
        click.echo(_(
            "  Attention : seules les histoires qu'un modérateur a jugées comptent ; une publicité publiée "
            "sans que personne ne la signale échappe à cette mesure."
        ))
    assessed = evaluation_set.assess_all(evaluation_set.load("heldout"))
    click.echo(_("Jeu d'évaluation, partie réservée (%(n)d histoires écrites pour le projet) :", n=len(assessed)))
    _echo_figures(figures([e.is_ad for e, _a in assessed], [a.score for _e, a in assessed], threshold))
