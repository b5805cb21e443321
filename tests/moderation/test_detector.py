"""The detector on its own: pure functions, French reasons quoting the text, each evidence signal
firing on a phrase and not on a neutral one, and the structure that keeps absence and account age
from ever holding a story alone. (The frozen test split is measured by bench/detector_eval.py,
never here.)"""
from __future__ import annotations

import json

import pytest

from cherclient_wiki.core.config import DEFAULTS
from cherclient_wiki.moderation import calibration, evaluation_set, wording
from cherclient_wiki.moderation.detector import (
    CONTEXT,
    EVIDENCE,
    WEIGHTS_FILE,
    AccountSignals,
    Model,
    StoryText,
    assess,
    combine,
    fingerprint_bytes,
    shipped_model,
    signal_values,
    similarity,
)
from cherclient_wiki.moderation.metrics import roc_auc
from cherclient_wiki.moderation.wording import WordingModel, WordingScore

THRESHOLD = DEFAULTS["AD_SCORE_THRESHOLD"]

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


def test_the_development_split_is_large_and_balanced_and_names_its_writers() -> None:
    examples = evaluation_set.load(evaluation_set.DEVELOPMENT)
    assert sum(e.is_ad for e in examples) >= 150 and sum(not e.is_ad for e in examples) >= 150
    assert all(e.writer for e in examples) and len({e.writer for e in examples}) >= 8
    assert all(e.difficulty for e in examples if e.is_ad)


def test_a_lived_story_is_published_and_an_advert_is_held_with_concrete_reasons() -> None:
    assert assess(LIVED).score < THRESHOLD
    advert = assess(ADVERT)
    assert advert.score >= THRESHOLD
    text = " | ".join(advert.reasons)
    assert "Renvoie vers un site ou un profil extérieur (klimea-boutique.fr)" in text
    assert "« KLIM30 »" in text or "« code KLIM30 »" in text
    assert "« Profitez »" in text  # quoted as the author wrote it, accents and capitals kept
    assert "« -30 % »" in text


def test_a_smear_piece_for_a_competitor_is_caught() -> None:
    smear = StoryText(
        "Assurtop : fuyez",
        "Assurtop est une arnaque, des escrocs, à fuir. Service inexistant. Je suis passé chez Protekta, "
        "prix imbattables et service au top : Protekta, vous ne le regretterez pas.",
        ("Assurtop", "Protekta"),
    )
    result = assess(smear)
    assert result.score >= THRESHOLD
    assert any("marques" in r and "(assurtop, protekta)" in r for r in result.reasons)  # the two brands, named
    assert any(r.startswith("Dénigrement outrancier") and "« fuyez »" in r for r in result.reasons)


def test_account_signals_raise_the_score_of_an_ordinary_text() -> None:
    campaign = AccountSignals(account_age_days=0, author_story_count=2, author_stories_same_brand=2,
                              brand_burst_24h=6, same_ip_accounts=3)
    alone, pushed = assess(LIVED), assess(LIVED, campaign)
    assert pushed.score > alone.score
    assert pushed.score >= THRESHOLD
    assert any("même adresse IP" in r for r in pushed.reasons)
    assert any(r.startswith("Rafale") for r in pushed.reasons)


def test_a_reworded_copy_of_another_story_is_flagged_as_a_near_duplicate() -> None:
    copy = StoryText(ADVERT.title, ADVERT.body.replace("tout simplement", "vraiment"), ADVERT.brands)
    result = assess(copy, others=[f"{ADVERT.title}\n{ADVERT.body}", LIVED.body])
    assert result.vector()["near_duplicate"] > 0.5
    assert assess(LIVED, others=[ADVERT.body]).vector()["near_duplicate"] == 0
    stored = fingerprint_bytes(f"{ADVERT.title}\n{ADVERT.body}")  # what the site keeps with a story
    assert similarity(f"{copy.title}\n{copy.body}", [stored]) == pytest.approx(similarity(f"{copy.title}\n{copy.body}", [f"{ADVERT.title}\n{ADVERT.body}"]))


def test_roc_auc_counts_ties_as_half() -> None:
    assert roc_auc([True, False], [0.9, 0.1]) == 1.0
    assert roc_auc([True, False], [0.1, 0.9]) == 0.0
    assert roc_auc([True, False, True, False], [0.5, 0.5, 0.5, 0.5]) == 0.5


def test_loading_the_development_split_keeps_labels() -> None:
    assert {e.is_ad for e in evaluation_set.load(evaluation_set.DEVELOPMENT)} == {True, False}


def test_shipped_weights_are_exactly_what_the_development_fit_produces() -> None:
    """No hand tweak after fitting: refitting on the development split, with the out-of-fold
    wording scores the fit recorded for every story, gives weights.json; the site's default
    threshold is the one the fit chose."""
    examples = evaluation_set.load(evaluation_set.DEVELOPMENT)
    recorded = calibration.recorded_wording()
    assert {e.id for e in examples} <= set(recorded)
    shipped = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    fitted = calibration.fit(evaluation_set.raw_signals(examples, recorded), [e.is_ad for e in examples])
    platt = Model(fitted.intercept, fitted.weights, shipped["platt"]["slope"], shipped["platt"]["offset"])
    model = calibration.with_behaviour(platt, shipped["threshold"])
    assert model.intercept == pytest.approx(shipped["intercept"], abs=1e-3)
    assert dict(model.weights) == pytest.approx(shipped["weights"], abs=1e-3)
    assert all(weight >= 0 for weight in model.weights.values())
    assert model.intercept <= calibration.MAX_INTERCEPT
    assert shipped["threshold"] == THRESHOLD


NEUTRAL = StoryText(
    "Retour en magasin",
    "J'ai rapporté la bouilloire au magasin de Lille en mars. La vendeuse l'a échangée sans discuter, "
    "même si je n'avais plus la boîte. Rien de spécial, mais ça m'a fait plaisir.",
    ("Boulanger",),
)

# Each evidence signal: a phrase that must set it, in a story that is otherwise NEUTRAL.
EVIDENCE_PHRASES = {
    "links": ["Tout est sur monsite point fr.", "Le lien est en bio.", "Voir https://promo.example.fr/x."],
    "contacts": ["Écrivez-moi sur WhatsApp au +33 6 12 34 56 78.", "Suivez @bouilloire_deals pour la suite.", "Mon mail : vente@promo.fr"],
    "promo_code": ["Avec mon code BOUIL20 c'est moins cher.", "J'ai un lien de parrainage si besoin."],
    "calls_to_action": ["Foncez, n'hésitez pas !", "Si vous êtes dans le coin, passez les voir."],
    "offer": ["Livraison offerte et premier mois gratuit pour les nouveaux clients.", "Sans engagement, satisfait ou remboursé."],
    "prices": ["Payée 29,90 €, puis 35 € l'année suivante, et 40 euros ensuite."],
    "hype": ["La meilleure, je ne peux plus m'en passer, un vrai coup de cœur."],
    "brand_repeated": ["Boulanger, Boulanger, toujours Boulanger : Boulanger partout, Boulanger encore, Boulanger."],
    "competitor": ["Chez Darty c'était lent ; je suis passé chez Boulanger, bien mieux que Darty, Boulanger au top."],
    "specs": ["La Kettle X200 chauffe 1,7 l à 2200 W."],
    "address": ["Le magasin est rue de la République, à deux pas de la gare."],
}


@pytest.mark.parametrize("name", sorted(EVIDENCE_PHRASES))
def test_each_evidence_signal_fires_on_its_phrase_and_not_on_a_neutral_story(name: str) -> None:
    assert assess(NEUTRAL).vector()[name] == 0
    brands = (*NEUTRAL.brands, "Darty") if name == "competitor" else NEUTRAL.brands
    for phrase in EVIDENCE_PHRASES[name]:
        story = StoryText(NEUTRAL.title, f"{NEUTRAL.body} {phrase}", brands)
        assert assess(story).vector()[name] > 0, phrase


def test_tagging_a_second_brand_is_weak_evidence_that_unlocks_nothing() -> None:
    one = assess(NEUTRAL, NEW_BRAND_NEW_ACCOUNT)
    two = assess(StoryText(NEUTRAL.title, NEUTRAL.body, (*NEUTRAL.brands, "Darty")), NEW_BRAND_NEW_ACCOUNT)
    assert one.vector()["several_brands"] == 0 and two.vector()["several_brands"] == 1
    assert two.score < THRESHOLD
    assert all(two.vector()[name] == one.vector()[name] for name in CONTEXT)


def test_behaviour_signals_fire_on_account_data_only() -> None:
    assert all(assess(NEUTRAL).vector()[name] == 0 for name in ("brand_burst", "shared_address", "single_brand_author"))
    campaign = AccountSignals(account_age_days=0, brand_burst_24h=4, same_ip_accounts=2,
                              author_story_count=2, author_stories_same_brand=2)
    vector = assess(NEUTRAL, campaign).vector()
    assert vector["brand_burst"] > 0 and vector["shared_address"] > 0 and vector["single_brand_author"] > 0


def test_the_brand_s_own_handle_is_a_complaint_not_a_contact() -> None:
    story = StoryText("Box en panne", "J'ai écrit à @freebox trois fois, toujours rien.", ("Free", "Freebox"))
    assert assess(story).vector()["contacts"] == 0


# Stories with nothing but absence: no time, no person, no nuance, few "je", from a brand-new
# account that just created its brand. None of them may be held, whatever the weights.
BARE = [
    StoryText("Top", "Très bien. Service rapide, produit conforme, livraison correcte. Rien à dire sur cette commande.", ("Zorbex",)),
    StoryText("Nul", "Produit pas conforme. Service client absent. Colis abîmé. Remboursement refusé sans raison.", ("Zorbex",)),
    StoryText("ok", "ca marche bien ca fait le taf pour le prix", ("Zorbex",)),
]
NEW_BRAND_NEW_ACCOUNT = AccountSignals(account_age_days=0, brand_created=True)


@pytest.mark.parametrize("story", BARE, ids=["praise", "complaint", "informal"])
def test_absence_of_narrative_and_a_new_account_never_hold_a_story_alone(story: StoryText) -> None:
    result = assess(story, NEW_BRAND_NEW_ACCOUNT)
    assert result.score < THRESHOLD
    assert all(s.value == 0 for s in result.signals if s.name in CONTEXT)
    assert result.reasons == []


def test_the_structure_holds_for_any_weights() -> None:
    """Context signals are scaled by the evidence strength: even absurd weights on them cannot lift
    a story without evidence above the intercept, which calibration caps below the threshold,
    whatever the Platt scaling fitted, as long as the wording does not lean to advertising."""
    heavy = Model(intercept=calibration.MAX_INTERCEPT, weights={**{name: 0.0 for name in EVIDENCE}, **{name: 50.0 for name in CONTEXT}})
    shipped = shipped_model()
    heavy_scaled = Model(heavy.intercept, heavy.weights, shipped.slope, shipped.offset)
    undecided = WordingModel(0.0, {})  # probability one half: no lean, nothing unlocked
    for story in BARE:
        for model in (heavy, heavy_scaled):
            assert assess(story, NEW_BRAND_NEW_ACCOUNT, model=model, wording=undecided).score < THRESHOLD


def test_context_weighs_next_to_evidence_and_says_so() -> None:
    bare, pitched = BARE[0], StoryText(BARE[0].title, BARE[0].body + " Foncez, avec mon code ZORB20 !", BARE[0].brands)
    old, new = AccountSignals(account_age_days=900), NEW_BRAND_NEW_ACCOUNT
    assert assess(pitched, new).score > assess(pitched, old).score > assess(bare, new).score
    reasons = " | ".join(assess(pitched, new).reasons)
    assert "ZORB20" in reasons


# The red team's genuine stories that round 1 held: a complaint or one's own purchase is no promotion.
NOT_PROMOTION = {
    "promo_code": ["Le code promo reçu par mail n'a jamais marché, j'ai payé plein tarif.",
                   "Meilleure pizza de la ville, allez-y de ma part lol.",
                   "Mon frère m'a parrainé il y a deux ans."],
    "offer": ["Offre de bienvenue trois mois gratuits, puis 11,99 € prélevés sans prévenir.",
              "PROMO -50% AFFICHÉE EN RAYON ET EN CAISSE PLEIN TARIF !"],
    "hype": ["Les recettes sont sympas mais je recommande pas vraiment."],
    "calls_to_action": ["Ne cliquez jamais sur un lien envoyé par un acheteur."],
    "contacts": ["J'ai appelé le service client au 09 69 36 20 06, en vain."],
}


@pytest.mark.parametrize(("name", "phrase"), [(name, phrase) for name, phrases in NOT_PROMOTION.items() for phrase in phrases])
def test_promotion_words_in_a_complaint_or_negated_do_not_count(name: str, phrase: str) -> None:
    story = StoryText(NEUTRAL.title, f"{NEUTRAL.body} {phrase}", NEUTRAL.brands)
    assert assess(story).vector()[name] == 0, phrase


VEILED_REFERRALS = [
    "Il y a un bonus à l'ouverture si t'as un parrain, jpeux expliquer en mp.",
    "Y'a une réduc sur la première course avec un code d'ami, j'ai encore le mien.",
    "Entre copines on s'échange nos codes, si quelqu'un veut rentrer dans la boucle hésitez pas.",
    "Si ça aide, demandez, je vous envoie l'invitation.",
]


@pytest.mark.parametrize("phrase", VEILED_REFERRALS)
def test_a_referral_offered_to_readers_without_its_code_counts(phrase: str) -> None:
    """Round 3's affiliates never showed the code or the link: offering to pass it on is the evidence."""
    story = StoryText(NEUTRAL.title, f"{NEUTRAL.body} {phrase}", NEUTRAL.brands)
    assert assess(story).vector()["promo_code"] > 0, phrase


def test_sales_idioms_with_jamais_are_no_complaint() -> None:
    """Round 3: « c'est le moment ou jamais » silenced the code and the discount of its sentence."""
    story = StoryText("Sérum", "Code MAELLE20 = -20 % sur tout le site jusqu'à dimanche, c'est le moment ou jamais !", ("Typology",))
    vector = assess(story).vector()
    assert vector["promo_code"] > 0 and vector["offer"] > 0


def test_one_s_own_purchase_in_the_sales_counts_less_than_an_offer_to_the_reader() -> None:
    lived = StoryText("Soldes", "J'ai profité des soldes pour un manteau à -40 %, trop contente.", ("Zara",))
    assert assess(StoryText("Code promo bidon", "Le code promo n'a jamais marché.", ("Shein",))).vector()["promo_code"] == 0
    pitch = StoryText("Soldes", "Profitez des soldes : le manteau est à -40 %, foncez !", ("Zara",))
    assert 0 < assess(lived).vector()["offer"] < assess(pitch).vector()["offer"]


def test_the_brand_s_own_homepage_in_a_complaint_weighs_less_than_another_site() -> None:
    own = StoryText("Recommandé perdu", "Réclamation faite en ligne sur laposte.fr, aucune réponse.", ("La Poste",))
    other = StoryText("Recommandé perdu", "Réclamation faite en ligne sur colis-express.fr, aucune réponse.", ("La Poste",))
    referral = StoryText("Recommandé perdu", "Tout est sur laposte.fr/parrain/lea80.", ("La Poste",))
    assert 0 < assess(own).vector()["links"] < assess(other).vector()["links"] == assess(referral).vector()["links"] == 1


def test_narrative_markers_are_seen_next_to_evidence() -> None:
    """« j'ai », « mon mari », « six mois plus tard », « petit bémol »: a lived story, even when it
    names its shop's website."""
    story = StoryText(
        "Vélo des soldes",
        "J'ai acheté un vélo sur velos-discount.fr. Mon mari trouvait ça cher. Six mois plus tard je roule "
        "chaque semaine. Petit bémol, la selle.",
        ("Vélos du Nord",),
    )
    result = assess(story, AccountSignals(account_age_days=0))
    assert result.vector()["links"] == 1
    assert all(result.vector()[name] == 0 for name in ("weak_first_person", "no_time", "no_people", "no_nuance"))
    assert not any("peu de récit vécu" in reason for reason in result.reasons)


def test_a_story_that_ends_by_turning_to_its_readers_is_a_closing_pitch() -> None:
    told = "En janvier j'ai ouvert un compte chez Boursorama. L'ouverture a pris une semaine."
    pitched = StoryText("Banque", f"{told} Si ça tente quelqu'un ici, on y gagne tous les deux.", ("Boursorama",))
    assert assess(pitched).vector()["closing_pitch"] == 1
    assert "« Si ça tente »" in " | ".join(s.reason for s in assess(pitched).signals if s.name == "closing_pitch")
    assert assess(StoryText("Banque", f"{told} Je reste, pour l'instant.", ("Boursorama",))).vector()["closing_pitch"] == 0


def test_the_wording_features_are_two_unit_blocks_of_word_and_character_ngrams() -> None:
    features = wording.ngrams("Profitez-en, vraiment !")
    words_block = [v for k, v in features.items() if k.startswith("w:")]
    chars_block = [v for k, v in features.items() if k.startswith("c:")]
    assert "w:profitez en" in features and "c: pro" in features and "c:ment " in features
    assert sum(v * v for v in words_block) == pytest.approx(1) and sum(v * v for v in chars_block) == pytest.approx(1)


def test_the_wording_model_quotes_the_words_that_pushed_it_as_written() -> None:
    model = WordingModel(0.0, {"w:tous les": 2.0, "w:deux": 1.0, "c:chacu": 20.0, "w:si": 1.0, "w:mais": -3.0})
    result = model.score("Mais Vraiment : on y gagne TOUS LES DEUX, si, et 5 € chacun.")
    assert result.logit > 0
    # "si" pushed, but alone it tells nothing, and a phrase stops at punctuation
    assert result.phrases == ("chacun", "TOUS LES DEUX")
    assert WordingModel(0.0, {"w:mais": -1.0}).score("Mais non.").phrases == ()


def test_the_wording_reason_quotes_the_text_and_only_when_it_leans_to_advertising() -> None:
    pitch = StoryText(
        "Vous allez adorer",
        "Si vous cherchez une box, vous ne le regretterez pas : tout est inclus, et vous gagnez du temps. "
        "Toute la famille est ravie, vraiment, testez et vous verrez.",
        ("Boxéa",),
    )
    result = assess(pitch)
    reasons = [s.reason for s in result.signals if s.name == "wording"]
    assert result.vector()["wording"] > 0.5 and reasons[0].startswith("Tournures de réclame : « ")
    quoted = reasons[0].removeprefix("Tournures de réclame : ").split(", ")
    assert quoted and all(q.strip("«» ") in f"{pitch.title}\n{pitch.body}" for q in quoted)
    lived = assess(LIVED)
    assert lived.vector()["wording"] < 0.5 and not any(r.startswith("Tournures") for r in lived.reasons)


def test_the_wording_unlocks_context_only_as_far_as_it_leans_to_advertising() -> None:
    bare = BARE[0]
    for logit, unlocked in ((-2.0, False), (0.0, False), (3.0, True)):
        values = signal_values(bare, NEW_BRAND_NEW_ACCOUNT, wording=WordingScore(logit, ()))
        assert (values["new_account"][0] > 0) is unlocked, logit


def test_platt_scaling_and_the_threshold_are_read_from_scores_of_unseen_writers() -> None:
    labels = [False] * 6 + [True] * 6
    logits = [-3.0, -2.0, -1.5, -1.0, 0.5, 2.0, -0.5, 1.0, 1.5, 2.5, 3.0, 4.0]
    slope, offset = calibration.platt(logits, labels)
    assert slope > 0  # a higher fitted logit stays a higher probability
    probabilities = [combine({}, Model(logit, {}, slope, offset)) for logit in logits]
    threshold = calibration.threshold_for(probabilities, labels, genuine_held=0.2)  # one genuine story of six
    assert sum(p >= threshold for p, is_ad in zip(probabilities, labels) if not is_ad) == 1
    assert threshold - 0.01 <= probabilities[4]  # the lowest such threshold: one step lower holds the second
