"""A French relevance set over the seed pages and the hand-written demo stories: for each query, the
result a reader would expect must be among the first three. Grouped by what the query exercises."""
from __future__ import annotations

from collections.abc import Callable

import pytest

PAGE_CALL_CENTRE = "Le centre d'appels idéal"
PAGE_OUTSOURCING = "L'externalisation des centres d'appels"
PAGE_COMPLAINT = "Le paradoxe de la réclamation"
PAGE_DOUBLE = "La double peine du client"
PAGE_LOYALTY = "Satisfaction et fidélité"
PAGE_ADVISERS = "Former et responsabiliser les conseillers"
PAGE_SIGNALS = "Écouter les signaux faibles"
PAGE_FIRST = "La résolution au premier contact"
PAGE_HUMOUR = "Répondre aux clients mécontents avec humour"
PAGE_SOCIAL = "Le service client sur les réseaux sociaux"
PAGE_QUALITY = "Mesurer la qualité de la relation client"
PAGE_JOURNEY = "Le parcours client et les preuves d'attention"
PAGE_VOICE = "La voix du client dans l'entreprise"
PAGE_COCREATION = "La co-création avec les clients"
PAGE_TELL = "Raconter son histoire avec une marque"
STORY_SAAB = "Une clé de voiture voyage seule en TGV"
STORY_COOLBLUE = "Une carte postale après une livraison ratée"
STORY_STEAK = "Un steak m'attendait à l'aéroport"
STORY_VIRGIN = "Ma lettre au patron sur le repas de bord"
STORY_WATER = "La photo du compteur d'eau"
STORY_HOTLINE = "Quarante minutes de hotline pour rien"
STORY_SOFA = "Le canapé abîmé et la directrice du magasin"
STORY_COPIED = "Des réponses copiées-collées sur les réseaux sociaux"
STORY_REFUND = "Un remboursement qui se fait attendre"
STORY_BOOKSHOP = "Le libraire qui se souvient de moi"
STORY_BIKE = "Un dérailleur réglé la veille du départ"
STORY_FRIDGE = "Le réfrigérateur renvoyé de l'un à l'autre"

CASES = [
    # accents typed or not
    ("fidelite", PAGE_LOYALTY),
    ("fidélité", PAGE_LOYALTY),
    ("refrigerateur", STORY_FRIDGE),
    ("canape abime", STORY_SOFA),
    ("derailleur", STORY_BIKE),
    ("ecouter signaux", PAGE_SIGNALS),
    # plurals and singulars
    ("fidélités", PAGE_LOYALTY),
    ("signal faible", PAGE_SIGNALS),
    ("conseiller", PAGE_ADVISERS),
    ("centres d'appels", PAGE_OUTSOURCING),
    ("clients mécontents", PAGE_HUMOUR),
    ("réseaux sociaux", PAGE_SOCIAL),
    # conjugations and derived forms
    ("réclamations traitées", PAGE_COMPLAINT),
    ("reclamation bien traitee", PAGE_COMPLAINT),
    ("responsabiliser", PAGE_ADVISERS),
    ("conseillers responsabilisés", PAGE_ADVISERS),
    ("externaliser", PAGE_OUTSOURCING),
    ("remboursement attendre", STORY_REFUND),
    ("résoudre au premier contact", PAGE_FIRST),
    ("mesurer la qualité", PAGE_QUALITY),
    ("raconter son histoire", PAGE_TELL),
    # phrases
    ('"réclamation bien traitée"', STORY_COOLBLUE),
    ('"double peine"', PAGE_DOUBLE),
    ('"preuves d\'attention"', PAGE_JOURNEY),
    ('"voix du client"', PAGE_VOICE),
    ('"premier contact"', PAGE_FIRST),
    # brands and story facts
    ("Coolblue", STORY_COOLBLUE),
    ("saab", STORY_SAAB),
    ("Morton's", STORY_STEAK),
    ("Virgin Atlantic repas", STORY_VIRGIN),
    ("compteur d'eau", STORY_WATER),
    ("libraire", STORY_BOOKSHOP),
    ("steak aéroport", STORY_STEAK),
    ("copiés-collés", STORY_COPIED),
    ("carte postale", STORY_COOLBLUE),
    # domain synonyms
    ("SAV", PAGE_DOUBLE),
    ("service après-vente", PAGE_DOUBLE),
    ("call center", PAGE_CALL_CENTRE),
    ("hotline", STORY_HOTLINE),
    ("assistance téléphonique", STORY_HOTLINE),
    ("plainte", PAGE_COMPLAINT),
    ("téléconseillers", PAGE_ADVISERS),
    ("net promoter score", PAGE_QUALITY),
    ("NPS", PAGE_QUALITY),
    # filters, exclusions, co-creation written with its hyphen
    ("marque:saab", STORY_SAAB),
    ("type:histoire livraison", STORY_COOLBLUE),
    ("catégorie:reclamations humour", PAGE_HUMOUR),
    ("fidélité -réclamation", PAGE_CALL_CENTRE),
    ("co-création", PAGE_COCREATION),
]


def test_the_set_is_large_enough() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[text for text, _ in CASES])
def test_expected_result_in_top_three(titles: Callable[..., list[str]], text: str, expected: str) -> None:
    assert expected in titles(text)[:3]


def test_exact_words_rank_first(titles: Callable[..., list[str]]) -> None:
    """"fidélité" exactly beats pages that only have "fidèle" or "fidélisation"."""
    assert titles("fidélité")[0] == PAGE_LOYALTY


def test_title_matches_are_boosted(titles: Callable[..., list[str]]) -> None:
    assert titles("humour")[0] == PAGE_HUMOUR
    assert titles("externalisation")[0] == PAGE_OUTSOURCING
