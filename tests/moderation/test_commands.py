"""`flask moderation explain FILE` for the red team, and `flask moderation refit`, which proposes
weights from moderators' decisions and writes them only when asked."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask.testing import FlaskCliRunner

from cherclient_wiki.accounts.models import User
from cherclient_wiki.moderation import calibration, decisions
from cherclient_wiki.stories import writing

from .conftest import AD, LIVED


def test_explain_prints_score_verdict_and_reasons_for_each_story(runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = tmp_path / "stories.json"
    path.write_text(json.dumps([{k: AD[k] for k in ("title", "body", "brands")},
                                {k: LIVED[k] for k in ("title", "body", "brands")}], ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(args=["moderation", "explain", str(path)])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith(f"1. {AD['title']} — score ") and lines[0].endswith("RETENUE pour relecture")
    assert any("klimea-boutique.fr" in line for line in lines)
    assert any(line.startswith(f"2. {LIVED['title']} — score 0.") and line.endswith("publiée") for line in lines)
    assert "1 histoire(s) retenue(s) sur 2" in result.output


def test_explain_says_when_the_file_is_not_a_list_of_stories(runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('[{"titre": "x"}]', encoding="utf-8")
    result = runner.invoke(args=["moderation", "explain", str(path)])
    assert result.exit_code != 0 and "Fichier illisible" in result.output


@pytest.fixture
def weights_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "weights.json"
    path.write_text(calibration.WEIGHTS_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(calibration, "WEIGHTS_FILE", path)
    return path


def test_refit_prints_before_and_after_and_writes_nothing_unless_asked(
    runner: FlaskCliRunner, claire: User, modo: User, weights_copy: Path
) -> None:
    decisions.decide(modo, [writing.create_story(claire, AD)], decisions.Decision.REJECT)
    decisions.decide(modo, [writing.create_story(claire, LIVED)], decisions.Decision.APPROVE)
    before = weights_copy.read_text(encoding="utf-8")
    result = runner.invoke(args=["moderation", "refit"])
    assert result.exit_code == 0, result.output
    assert "Décisions de modération ajoutées au jeu de développement : 2" in result.output
    assert "Jeu de test figé, poids actuels :" in result.output and "Jeu de test figé, poids proposés :" in result.output
    assert result.output.count("ROC AUC") == 2
    assert "Rien n'est appliqué" in result.output
    assert weights_copy.read_text(encoding="utf-8") == before

    written = runner.invoke(args=["moderation", "refit", "--write"])
    assert written.exit_code == 0 and "Poids écrits" in written.output
    rewritten, shipped = json.loads(weights_copy.read_text(encoding="utf-8")), json.loads(before)
    assert rewritten["how"] == "flask moderation refit --write"
    # The wording model and its Platt scaling stay as shipped, and the next refit still has the
    # development stories' out-of-fold wording scores to fit on.
    assert rewritten["platt"] == shipped["platt"]
    assert rewritten["wording_out_of_fold"] == shipped["wording_out_of_fold"]
