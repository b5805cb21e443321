"""`flask moderation report`: the detector measured on what moderators decided."""
from __future__ import annotations

from flask.testing import FlaskCliRunner

from cherclient_wiki.accounts.models import User
from cherclient_wiki.moderation import decisions
from cherclient_wiki.moderation.decisions import Decision, Reason
from cherclient_wiki.moderation.report import decision_report
from cherclient_wiki.stories import writing

from .conftest import AD, LIVED


def test_report_without_decisions_says_there_is_nothing_to_measure(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["moderation", "report"])
    assert result.exit_code == 0
    assert "Aucune décision utilisable" in result.output
    assert "Jeu de test figé (2 histoires de rédacteurs indépendants, comptes neufs)" in result.output


def test_report_prints_precision_recall_and_auc_on_decisions(runner: FlaskCliRunner, claire: User, modo: User) -> None:
    ad = writing.create_story(claire, AD)
    lived = writing.create_story(claire, LIVED)
    off_topic = writing.create_story(claire, {**AD, "title": "Une autre offre Kliméa"})
    decisions.decide(modo, [ad], Decision.REJECT, Reason.ADVERT)
    decisions.decide(modo, [lived], Decision.APPROVE)
    decisions.decide(modo, [off_topic], Decision.REJECT, Reason.OFF_TOPIC)  # not about ads: not a label
    report = decision_report(0.5)
    assert (report.decisions, report.labelled, report.held_by_detector) == (3, 2, 1)
    assert report.figures is not None
    assert (report.figures.precision, report.figures.recall, report.figures.auc) == (1.0, 1.0, 1.0)
    output = runner.invoke(args=["moderation", "report"]).output
    assert "Précision : 1.000" in output and "Rappel : 1.000" in output and "ROC AUC : 1.000" in output


def test_the_latest_decision_on_a_story_is_its_label(claire: User, modo: User) -> None:
    story = writing.create_story(claire, AD)
    decisions.decide(modo, [story], Decision.APPROVE)
    decisions.decide(modo, [story], Decision.REJECT, Reason.SMEAR)
    report = decision_report(0.5)
    assert report.labelled == 1 and report.figures is not None and report.figures.ads == 1
