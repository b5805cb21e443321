"""`flask --app cherclient_wiki moderation ...`: the detector's figures on moderators' decisions
(`report`), what it says of any file of stories (`explain`), and new weights proposed from
moderators' decisions (`refit`)."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import gettext as _

from . import calibration, evaluation_set, refit
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
    assessed = evaluation_set.assess_all(evaluation_set.load(evaluation_set.TEST))
    click.echo(_("Jeu de test figé (%(n)d histoires de rédacteurs indépendants, comptes neufs) :", n=len(assessed)))
    _echo_figures(figures([e.is_ad for e, _a in assessed], [a.score for _e, a in assessed], threshold))


@moderation_cli.command("explain")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def explain_command(file: Path) -> None:
    """For each story of FILE (a JSON list of objects with title, body, brands), what the detector
    says when a brand-new account posts it: score, held or published, and the reasons given."""
    threshold = float(current_app.config["AD_SCORE_THRESHOLD"])
    try:
        examples = evaluation_set.load_file(file)
    except (ValueError, KeyError, TypeError) as error:
        raise click.ClickException(_("Fichier illisible : %(error)s", error=error)) from None
    held = 0
    for number, (example, assessment) in enumerate(evaluation_set.assess_all(examples), start=1):
        is_held = assessment.score >= threshold
        held += is_held
        verdict = _("RETENUE pour relecture") if is_held else _("publiée")
        click.echo(f"{number}. {example.story.title} — score {assessment.score:.2f} — {verdict}")
        for reason in assessment.reasons:
            click.echo(f"     - {reason}")
    click.echo(_("%(held)d histoire(s) retenue(s) sur %(n)d (seuil %(t).2f).", held=held, n=len(examples), t=threshold))


@moderation_cli.command("refit")
@click.option("--write", "write_weights", is_flag=True, help="Écrire les nouveaux poids dans weights.json.")
def refit_command(write_weights: bool) -> None:
    """Propose weights fitted on the development split plus moderators' decisions, with the figures
    of the current and proposed weights on the frozen test split; applied only with --write."""
    threshold = float(current_app.config["AD_SCORE_THRESHOLD"])
    proposal = refit.propose(threshold)
    click.echo(_("Décisions de modération ajoutées au jeu de développement : %(n)d", n=proposal.decisions))
    click.echo(_("Poids actuels → proposés (constante %(before).3f → %(after).3f) :",
                 before=proposal.before.intercept, after=proposal.after.intercept))
    for name, weight in proposal.after.weights.items():
        click.echo(f"  {name:22s} {proposal.before.weights.get(name, 0.0):7.3f} → {weight:7.3f}")
    click.echo(_("Jeu de test figé, poids actuels :"))
    _echo_figures(proposal.test_before)
    click.echo(_("Jeu de test figé, poids proposés :"))
    _echo_figures(proposal.test_after)
    if write_weights:
        calibration.write(proposal.after, fitted_on=f"{evaluation_set.DEVELOPMENT} + {proposal.decisions} décisions",
                          l2=calibration.L2, prior=calibration.PRIOR, iterations=calibration.ITERATIONS,
                          threshold=threshold, how="flask moderation refit --write",
                          wording_out_of_fold=calibration.recorded_wording())
        click.echo(_("Poids écrits dans %(path)s : ils servent au prochain démarrage du site.", path=calibration.WEIGHTS_FILE))
    else:
        click.echo(_("Rien n'est appliqué : relancez avec --write pour adopter ces poids."))
