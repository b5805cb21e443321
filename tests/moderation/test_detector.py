"""The detector on its own: pure functions, French reasons, and the figures the issue asks for on
the held-out split (which was never used to fit the weights)."""
from __future__ import annotations

import json

import pytest

from cherclient_wiki.moderation import calibration, evaluation_set
from cherclient_wiki.moderation.detector import WEIGHTS_FILE, AccountSignals, StoryText, assess
from cherclient_wiki.moderation.metrics import figures, roc_auc

THRESHOLD = 0.5  # the default AD_SCORE_THRESHOLD

LIVED = StoryText(
    "Le technicien revenu un samedi",
    "En mars, notre lave-vaisselle est tombé en panne. Le technicien est venu le mardi, mais la pièce "
    "manquait ; il est revenu lui-même le samedi matin pour la poser. Ma femme lui a offert un café. "
    "Ce n'était pas donné, pourtant je suis resté client.",
    ("Darty",),
)
ADVERT = StoryText(
    "Le meilleur climatiseur du marché !!!",
    "Le climatiseur Kliméa est tout simplement le meilleur ! Profitez de -30 % avec le code KLIM30 sur "
    "www.klimea-boutique.fr, livraison offerte. Commandez vite, les stocks partent !",
    ("Kliméa",),
)


def test_the_evaluation_set_is_large_enough_and_balanced() -> None:
    examples = [e for split in evaluation_set.SPLITS for e in evaluation_set.load(split)]
    assert sum(e.is_ad for e in examples) >= 60
    assert sum(not e.is_ad for e in examples) >= 60
    heldout = {e.id for e in evaluation_set.load("heldout")}
    assert heldout.isdisjoint(e.id for e in evaluation_set.load("development"))


def test_heldout_figures_meet_the_targets() -> None:
    assessed = evaluation_set.assess_all(evaluation_set.load("heldout"))
    result = figures([e.is_ad for e, _ in assessed], [a.score for _, a in assessed], THRESHOLD)
    assert result.auc >= 0.95
    assert result.recall >= 0.85
    assert result.held_genuine <= 0.05


def test_every_held_story_of_the_heldout_split_says_why() -> None:
    for _example, assessment in evaluation_set.assess_all(evaluation_set.load("heldout")):
        if assessment.score >= THRESHOLD:
            assert assessment.reasons and all(isinstance(r, str) and r for r in assessment.reasons)


def test_a_lived_story_is_published_and_an_advert_is_held_with_concrete_reasons() -> None:
    assert assess(LIVED).score < THRESHOLD
    advert = assess(ADVERT)
    assert advert.score >= THRESHOLD
    text = " | ".join(advert.reasons)
    assert "Lien vers un site extérieur (klimea-boutique.fr)" in text
    assert "Code promo" in text
    assert "« Profitez »" in text  # quoted as the author wrote it, accents and capitals kept
    assert "« -30 % »" in text


def test_a_smear_piece_is_caught_by_the_same_checks() -> None:
    smear = StoryText(
        "Assurtop : fuyez",
        "Assurtop est une arnaque, des escrocs, à fuir. Service inexistant. Passez plutôt chez Protekta, "
        "prix imbattables et service au top : vous ne le regretterez pas.",
        ("Assurtop",),
    )
    result = assess(smear)
    assert result.score >= THRESHOLD
    assert any("Renvoie le lecteur vers une autre marque (Protekta)" in r for r in result.reasons)
    assert any(r.startswith("Dénigrement outrancier") for r in result.reasons)


def test_account_signals_raise_the_score_of_an_ordinary_text() -> None:
    campaign = AccountSignals(account_age_days=0, author_story_count=2, author_stories_same_brand=2,
                              brand_burst_24h=6, same_ip_accounts=3)
    alone, pushed = assess(LIVED), assess(LIVED, campaign)
    assert pushed.score > alone.score
    assert any("même adresse IP" in r for r in pushed.reasons)
    assert any(r.startswith("Rafale") for r in pushed.reasons)


def test_a_reworded_copy_of_another_story_is_flagged_as_a_near_duplicate() -> None:
    copy = StoryText(ADVERT.title, ADVERT.body.replace("tout simplement", "vraiment"), ADVERT.brands)
    result = assess(copy, others=[ADVERT.body, LIVED.body])
    assert result.vector()["near_duplicate"] > 0.5
    assert assess(LIVED, others=[ADVERT.body]).vector()["near_duplicate"] == 0


def test_roc_auc_counts_ties_as_half() -> None:
    assert roc_auc([True, False], [0.9, 0.1]) == 1.0
    assert roc_auc([True, False], [0.1, 0.9]) == 0.0
    assert roc_auc([True, False, True, False], [0.5, 0.5, 0.5, 0.5]) == 0.5


@pytest.mark.parametrize("split", evaluation_set.SPLITS)
def test_loading_each_split_keeps_labels(split: str) -> None:
    examples = evaluation_set.load(split)
    assert {e.is_ad for e in examples} == {True, False}


def test_shipped_weights_are_exactly_what_the_development_fit_produces() -> None:
    """No hand tweak after fitting: refitting on the development split gives weights.json."""
    examples = evaluation_set.load("development")
    model = calibration.fit(evaluation_set.raw_signals(examples), [e.is_ad for e in examples])
    shipped = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert model.intercept == pytest.approx(shipped["intercept"], abs=1e-3)
    assert dict(model.weights) == pytest.approx(shipped["weights"], abs=1e-3)
    assert all(weight >= 0 for weight in model.weights.values())
