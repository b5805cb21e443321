"""The disguised-ad detector: pure functions, no database, no network.

A story is turned into named signals, each a number in [0, 1] that a moderator can check by
reading the text. They come in two kinds:

- **evidence** of commercial intent, something the text or its author *does*: a link (also written
  out, "monsite point fr", "lien en bio"), a code, contact details, prices and offers, a call to
  action, the product's name hammered, a named competitor run down, a copy of other recent stories,
  a burst of new accounts on one brand, several accounts from one address;
- **context** that makes evidence more telling, something a story *lacks* or an author *is*: no
  moment, no person, no nuance, a brand-new account, a brand this very story created. Context is
  multiplied by the evidence strength (a noisy-or of the evidence values), so with no evidence at
  all it adds nothing: missing narrative or a new account never holds a story on its own.

The score is a logistic combination fitted on the development split (`calibration.py`):

    score = 1 / (1 + exp(-(intercept + Σ weight_i × signal_i)))

Every weight is ≥ 0 and the intercept is capped below the threshold, so a story with no evidence
scores under it whatever its context, and each reason shown is one signal whose share
(weight × value) matters. Smear pieces go through the same signals: "allez plutôt chez X" is
promotion too. Account and behaviour data are passed in as plain data by the caller (signals.py).
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from datasketch import MinHash
from flask_babel import gettext as _

from .text import fold, fold_with_positions, words
from .wording import WordingModel, WordingScore, shipped_wording

WEIGHTS_FILE = Path(__file__).resolve().parent / "weights.json"

# A signal below this share of the logit is not worth telling anyone about.
REASON_MIN_SHARE = 0.4
MAX_REASONS = 8
SHINGLE_SIZE = 3
MINHASH_PERMUTATIONS = 64


@dataclass(frozen=True)
class StoryText:
    title: str
    body: str
    brands: Sequence[str] = ()


@dataclass(frozen=True)
class AccountSignals:
    """What the database knows about the author, gathered by the caller (all zero when unknown).

    - account_age_days: age of the author's account when the story is saved (None: unknown)
    - author_story_count: the author's other stories
    - author_stories_same_brand: of those, how many are about one of this story's brands
    - brand_burst_24h: stories praising this story's brands in the last 24 hours by other accounts
      less than 30 days old (0 when this story does not praise them)
    - same_ip_accounts: other accounts that posted about the same brands from the same address
    - brand_created: one of the story's brands was created by this story (no other story names it)
    """

    account_age_days: float | None = None
    author_story_count: int = 0
    author_stories_same_brand: int = 0
    brand_burst_24h: int = 0
    same_ip_accounts: int = 0
    brand_created: bool = False

    @classmethod
    def from_mapping(cls, data: Mapping[str, object] | None) -> AccountSignals:
        if not data:
            return cls()
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        return cls(**known)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Signal:
    name: str
    value: float  # in [0, 1]; for context signals, already multiplied by the evidence strength
    weight: float
    reason: str  # plain French, read by the author and the moderators

    @property
    def share(self) -> float:
        return self.value * self.weight


@dataclass(frozen=True)
class Assessment:
    score: float
    signals: tuple[Signal, ...] = field(default_factory=tuple)

    @property
    def reasons(self) -> list[str]:
        """The signals that pushed the score up noticeably, strongest first; the missing parts of a
        lived story (time, people, nuance...) are told together in one sentence, and only ever
        next to the evidence they made more telling."""
        notable = [s for s in self.signals if s.share >= REASON_MIN_SHARE and s.reason]
        missing = [s for s in notable if s.name in NARRATIVE_SIGNALS]
        ranked = sorted((s for s in notable if s.name not in NARRATIVE_SIGNALS), key=lambda s: -s.share)
        if any(s.name in CONTEXT for s in notable) and not any(s.name in EVIDENCE for s in ranked):
            # Context only ever weighs next to evidence: name the evidence it weighed with.
            unlocking = [s for s in self.signals if s.name in (*STRONG_EVIDENCE, WORDING) and s.reason and s.value > 0]
            ranked[:0] = [max(unlocking, key=lambda s: s.share)] if unlocking else []
        reasons = [s.reason for s in ranked][: MAX_REASONS - 1]
        if missing:
            reasons.append(_("Avec ces indices, peu de récit vécu : %(missing)s", missing=", ".join(s.reason for s in missing)))
        return reasons

    def vector(self) -> dict[str, float]:
        return {s.name: s.value for s in self.signals}


# --- Text helpers -------------------------------------------------------------------------------


def _phrases(*patterns: str) -> re.Pattern[str]:
    """One regex for a list of folded phrases, matched on word boundaries."""
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(patterns) + r")(?![a-z0-9])")


def _count(pattern: re.Pattern[str], text: str) -> int:
    return len(pattern.findall(text))


def _saturate(n: float, cap: float) -> float:
    return max(0.0, min(n, cap) / cap)


# --- Patterns (on folded text unless noted) -----------------------------------------------------

_TLD = r"(?:fr|com|net|org|io|app|shop|store|eu|be|ch|co|info|biz|me|ly|gg|tv)"
_URL = re.compile(r"(?:https?://|www\.)[^\s)<>\]]*[^\s)<>\].,;:!?]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DOMAIN = re.compile(r"(?<![@\w.])(?:[a-z0-9-]+\.)+" + _TLD + r"(?:/[^\s)]*)?(?![\w])")
# "monsite point fr", "nova-banque (point) com": an address written out to get past link filters.
_SPELLED_DOMAIN = re.compile(r"(?<![\w])[a-z0-9-]{3,}\s*[\[(]?\s*(?:point|dot)\s*[\])]?\s*" + _TLD + r"(?![\w])")
_PROFILE_LINK = _phrases(
    r"(?:lien|liens|code|codes|infos?|contact) (?:est |sont )?(?:en|dans (?:ma|mon|la)) (?:bio|profil|description|commentaires?|story)",
    r"lien (?:en|dans le) (?:premier )?commentaire", r"(?:en|dans ma) bio", r"link in bio",
    r"(?:cherchez|tapez|tape) [a-z0-9' -]{2,30} sur (?:google|insta(?:gram)?|tiktok|facebook)",
)
_PHONE = re.compile(
    r"(?<![\d+])(?:(?:\+|00)\d{2,3}[\s.-]?(?:\(0\)\s?)?[1-9]|0[1-9])(?:[\s.-]?\d{2}){4}(?!\d)"
)
# Customer-service lines (09 69, 08 ...) are what a complaint quotes, not a way to reach the author.
_SERVICE_LINE = re.compile(r"(?:0|33|0033)(?:969|8)")
_HANDLE = re.compile(r"(?<![\w@.])@[a-z0-9_][a-z0-9_.]{2,29}(?<!\.)")
_CONTACT_WORDS = _phrases(
    r"whats ?app", r"wa\.me", r"telegram", r"ecrivez-moi", r"contactez-moi",
    r"envoyez-moi un (?:message|mail|sms)", r"appelez-(?:moi|le|la|les)", r"sur rendez-vous au",
)
_CODE_PHRASE = _phrases(
    r"codes? (?:promo|parrain(?:age)?|avantage|reduction|de reduction|ami)", r"liens? (?:de )?parrainage",
    r"avec mon code", r"mon code", r"parrainage", r"parrainer", r"je (?:vous |te )?parraine", r"mon parrainage",
    r"(?:dites|dire|venez|venir) (?:que (?:vous venez|c'est|tu viens) )?de ma part", r"mon pseudo", r"mon lien",
    r"lien d'invitation", r"code d'invitation", r"(?:on y gagne|on gagne|on a|on recoit|on touche) (?:tous )?(?:les )?deux",
    r"\d+ ?(?:€|euros?|balles) (?:chacun|pour (?:vous|toi) et moi)",
    # Round 3's veiled referrals: the code, link or contact offered to pass on, never shown.
    r"(?:avec|par|via|si (?:t'as|tu as|vous avez)) (?:un|mon|son) parrain", r"j'en suis un", r"codes? d'amis?", r"codes? de bienvenue",
    r"(?:je (?:peux|pourrai|pourrais)|jpeux|j'peux) (?:vous |te |le |la |les |l')?(?:le |la |les )?"
    r"(?:repasser|partager|transmettre|envoyer|filer|expliquer en|mettre en contact)",
    r"je (?:vous |te )?(?:l'|le |la |les )?(?:envoie|transmets|passe|file) (?:le lien|l'invitation|le code|mon code|volontiers|si besoin|a mon tour)",
    r"(?:explique|transmettrons|transmettrai|donnerai (?:le sien|le mien)) volontiers", r"en (?:mp|dm|message prive)",
    r"j'en ai un aussi", r"j'ai encore le mien", r"rentrer dans la boucle", r"je l'ai refait pour",
)
# On the original text: a capitalised token with digits (KLIM30), or a capitalised word after "code".
_CODE_TOKEN = re.compile(r"(?<![\w])[A-Z]{3,}[0-9]{1,4}(?![\w])|(?i:code)\s*:?\s*[A-Z0-9]{4,}(?![\w])")
_CALL_TO_ACTION = _phrases(
    r"profitez(?:-en)?", r"commandez", r"reservez(?:-vite)?", r"inscrivez-vous", r"abonnez-vous", r"telechargez",
    r"rendez-vous sur", r"decouvrez", r"foncez", r"n'attendez plus", r"ne tardez pas", r"ne laissez pas passer",
    r"essayez(?:-les|-le|-la)?", r"testez(?:-les|-le|-la)?", r"demandez(?:-le|-la)?", r"obtenez", r"choisissez",
    r"rejoignez", r"faites comme moi", r"faites-vous plaisir", r"ne reflechissez pas", r"cliquez", r"visitez", r"simulez",
    r"ouvrez (?:un|votre) compte", r"a decouvrir absolument", r"n'hesitez (?:pas|surtout pas|plus)", r"allez-y",
    r"passez (?:les |la |le )?voir", r"passez en boutique", r"utilisez le code", r"beneficiez", r"vous ne le regretterez pas",
    r"vous me remercierez", r"si (?:vous|tu) hesite[sz]?", r"si ca vous (?:tente|dit|interesse)", r"pour (?:ceux|celles) qu(?:e|i) (?:ca|cela)? ?interesse",
    r"si vous (?:voulez|souhaitez) (?:essayer|tester|en profiter|vous lancer)", r"allez (?:essayer|tester|voir|les voir|y faire un tour)",
    r"si vous (?:etes|passez) (?:dans le coin|dans la region|par (?:la|ici|[a-z-]+))", r"si vous cherchez",
    r"je (?:vous )?(?:le |la |les )?(?:conseille|recommande) (?:a tou(?:te)?s|vivement|sans hesiter|les yeux fermes|a toutes mes|a tous mes)",
    r"je ne peux que (?:vous )?(?:le |la |les )?(?:conseiller|recommander)", r"faites-vous (?:une|votre) idee",
    r"(?:il )?reste (?:de la |des )?places?", r"ecrivez a", r"pour reserver", r"offrez-vous", r"craquez",
)
_OFFER = _phrases(
    r"offres? (?:de lancement|exclusives?|decouverte|limitee|speciale|valable|de bienvenue)", r"livraison (?:offerte|gratuite)",
    r"offerte?s? (?:aux nouveaux|a l'inscription|a l'ouverture|pour (?:toute|tout|les|la|le))", r"(?:premier|premiere|premiers|premieres) [a-z]+(?: [a-z]+)? (?:sont |est )?(?:offerte?s?|gratuite?s?)",
    r"sans frais", r"zero frais", r"aucun frais", r"en promo(?:tion)?", r"promotions?", r"reductions?", r"remises?",
    r"soldes", r"prix (?:reduit|mini|exceptionnel|casses|imbattables?|doux)", r"essais? gratuits?",
    r"devis gratuit", r"sans engagement", r"satisfait ou rembourse", r"en exclusivite", r"nouveaux (?:clients|inscrits|membres)",
    r"premiere commande", r"bon plan", r"valable jusqu'", r"defiant toute concurrence",
    r"jusqu'a epuisement", r"quasi offerte?", r"a moitie prix", r"rembourse(?:e|s)? (?:la difference|integralement)",
    r"cadeau de bienvenue", r"mois offerts?", r"gratuit(?:e|s|es)? (?:le|la|les|pendant|pour)", r"tarif (?:preferentiel|special)",
    r"vente privee", r"les stocks?", r"places? limitees?",
)
_DISCOUNT = re.compile(r"-\s?\d{1,2}\s?%|\d{1,2}\s?% (?:de reduction|de remise|offerts?)|\d+\s?(?:€|euros?) (?:offerts?|de reduction|de remise)")
_PRICE = re.compile(r"\d+(?:[ .]\d{3})*(?:[,.]\d{1,2})?\s?(?:€|euros?\b|eur\b)")
_FREE_OR_PROMO = _phrases(r"gratuite?s?", r"offerte?s?", r"promos?", r"bonus", r"\d+ ?%")
_HYPE = _phrases(
    r"(?:le|la|les) meilleure?s?", r"incroyables?", r"exceptionnel(?:le)?s?", r"imbattables?", r"irreprochables?",
    r"incomparables?", r"revolutionn[a-z]*", r"extraordinaires?", r"incontournables?", r"indispensables?", r"sans conteste",
    r"les yeux fermes", r"haut de gamme", r"premium", r"derniere generation", r"de reve", r"miracle",
    r"(?:a )?change (?:ma|mon|notre) (?:vie|quotidien)", r"je (?:la |le |les )?recommande", r"je (?:la |le |les )?conseille",
    r"un vrai coup de coeur", r"ecrase (?:tout|la concurrence|les autres)", r"rien a voir avec", r"sans comparaison",
    r"la bonne surprise", r"le bon compromis", r"je ne (?:pars|voyage|sors) plus sans", r"ne quitte plus",
    r"ne peux plus m'en passer", r"je ne m'en passe plus", r"qualite-prix", r"rapport qualite", r"au top",
    r"bluffante?s?", r"hallucinante?s?", r"pepite", r"adopte(?:e|s)?", r"conquise?s?", r"ravie?s?",
)
_READER = _phrases(r"vous", r"votre", r"vos")
# A story that ends by turning to its readers ("si ça tente quelqu'un", "on y gagne tous les deux",
# "faites pareil") is pitching: half the development ads end so, one genuine story in thirteen.
_TO_READERS = _phrases(
    r"vous", r"votre", r"vos", r"tu", r"ton", r"tes", r"ceux qui", r"celles qui", r"ceux que", r"quiconque", r"tout le monde",
    r"tous les \w+ (?:devraient|qui)", r"si (?:ca|cela) (?:tente|interesse|dit)", r"quelqu'un", r"qui veut", r"qui veulent",
    r"n'importe qui", r"faites", r"allez", r"foncez", r"pensez a", r"essayez", r"chacun", r"(?:tous )?les deux",
    r"ecrivez", r"demandez", r"contactez", r"en (?:mp|message prive|commentaire)", r"laissez", r"je (?:le )?signale",
    r"pour info", r"a bon entendeur", r"mon pseudo",
)
_SMEAR = _phrases(
    r"arnaques?", r"escrocs?", r"voleurs?", r"une honte", r"fuyez", r"a fuir", r"a eviter", r"lamentables?",
    r"catastroph[a-z]*", r"(?:le|la) pire", r"incompetents?", r"cauchemar", r"medioc(?:re|res)",
    r"inexistante?", r"n'achetez rien", r"ne reservez jamais", r"insalubres?", r"plus jamais",
)
# Moving from one named brand to another, or weighing them: "je l'ai remplacé par", "contrairement à".
_SWITCH = _phrases(
    r"(?:remplace|remplacee) par", r"j'ai (?:tout )?(?:transfere|bascule|migre|change pour|opte pour)", r"(?:suis|est|sommes) passee?s? (?:chez|sur|a)",
    r"j'ai (?:fini par|decide de) (?:prendre|passer|changer|essayer)", r"a la place", r"contrairement a",
    r"(?:bien |beaucoup |nettement )?(?:mieux|meilleure?|moins cher|plus rapide|plus fiable) que", r"alors que (?:chez|mon|ma|mes|le|la)",
    r"la difference (?:est|etait) (?:flagrante|frappante|enorme|nette)", r"rien a voir", r"depuis que (?:je suis|j'ai|nous avons|on a)",
    r"mon ancien(?:ne)? (?:fournisseur|banque|operateur|assureur|telephone|forfait)", r"chez (?:un|une) (?:autre|concurrent)",
    r"(?:allez|passez|filez) (?:plutot )?chez", r"plutot chez", r"essaye(?:z)? (?:plutot|les|la|le)", r"j'ai essaye (?:les|la|le)",
    r"ecrase", r"j'ai trouve (?:beaucoup |bien )?mieux",
)
_SPEC = re.compile(
    r"(?<![a-z0-9])\d+(?:[,.]\d+)?\s?(?:go|to|mo|mpx|mp|hz|mah|ah|wh|kwh|w|mm|pouces|mb/s|gb/s|mbps|km d'autonomie|h d'autonomie|jours d'autonomie)(?![a-z0-9])"
)
# A model designation in the original text: "Pixel 8a", "Galaxy A54", "Deebot T30", "XE75" (a
# capitalised name, not a common word, then a number that is no year, unit or street number).
_MODEL = re.compile(
    r"(?<![\w])(?!(?:Le|La|Les|Un|Une|Ma|Mon|Mes|Sa|Son|Ses|En|Au|Aux|Du|De|Des|Et|Ou|Paris|Lyon|Marseille|Janvier|Mars|Avril|Mai"
    r"|Juin|Juillet|Septembre|Octobre|Novembre|Décembre|Vol|Ligne|Bus|Tram|Porte|Quai|Rue|Page|Article|Chapitre|Ticket|Bon|Plus|Moins"
    r"|Ordre|Facture|Commande|Dossier|Sur|Pour|Après|Avant|Depuis|Dans|Avec|Sans|Vers|Chez|Entre|Il|Elle|On|Nous|Vous|Ils|Je)\b)"
    r"[A-Z][A-Za-z]{2,} (?!(?:19|20)\d\d\b)(?:[A-Z]{0,3}\d{1,4}[a-zA-Z]{0,3})(?![\w,.]*\s?(?:€|%|km|h\b|ans|mois|jours|min|euros|ème|e\b|er\b))"
    r"|(?<![\w])[A-Z]{1,4}\d{1,4}[A-Za-z]{0,3}(?![\w])"
)
# A street address slipped in (original text): "rue de Turenne", "avenue de Strasbourg", "place Saint-Germain".
_ADDRESS = re.compile(
    r"(?<![\w])(?:\d{1,3},? )?(?:rue|avenue|boulevard|bd|place|quai|allée|impasse|cours|route) (?:de la |du |des |de l'|de |d')?"
    r"[A-ZÉÈ][\w'-]+(?: [A-ZÉÈ][\w'-]+)*"
)
_SHOUT = re.compile(r"(?<![\w])[A-ZÉÈÊÀÇ]{4,}(?![\w])")  # original text

# "j'ai" and "m'a" need no word boundary after the apostrophe; "jai", "j ai", "jsuis" are how many people type.
_FIRST_PERSON = re.compile(
    r"(?<![a-z0-9])(?:(?:je|me|mon|ma|mes|moi|nous|notre|nos|on|jai|jsuis|jme|chui)(?![a-z0-9])|[jm]'|j (?=ai(?![a-z0-9])))"
)
_TIME = _phrases(
    r"janvier", r"fevrier", r"mars", r"avril", r"mai", r"juin", r"juillet", r"aout", r"septembre", r"octobre",
    r"novembre", r"decembre", r"lundi", r"mardi", r"mercredi", r"jeudi", r"vendredi", r"samedi", r"dimanche",
    r"hier", r"la veille", r"le lendemain", r"ce (?:jour|soir|matin)-la", r"cette nuit-la", r"l'an (?:dernier|passe)",
    r"l'(?:ete|hiver|automne) dernier", r"le printemps dernier", r"un (?:soir|matin|jour|dimanche|samedi)",
    r"noel", r"(?:19|20)\d\d", r"\d{1,2} ?h(?: ?\d\d)?", r"vers minuit", r"a minuit", r"la semaine (?:suivante|derniere)",
    r"en rentrant", r"quand (?:je|j'|il|elle|on)", r"ce (?:matin|soir|midi)",
    r"(?:il y a|depuis|pendant|au bout d'|au bout de|en|apres) (?:\w+ )?(?:jours|semaines|mois|ans|annees|heures|minutes|min)",
    r"\w+ (?:jours|semaines|mois|ans|annees) (?:plus tard|apres)", r"(?:le|la|l') ?(?:mois|semaine|annee|an) (?:dernier|derniere|passee?|suivante?|d'apres)",
    r"(?:cet|cette|l'|le) (?:ete|hiver|automne|printemps|annee|rentree)", r"la rentree", r"le confinement", r"aujourd'hui",
    r"(?:tous les|chaque) (?:matins?|soirs?|jours?|semaines?|mois|ans|annees?|lundis?|mardis?|mercredis?|jeudis?|vendredis?|samedis?|dimanches?)",
    r"la premiere fois", r"au debut", r"le jour (?:meme|ou|de)", r"le (?:premier|second|deuxieme|dernier) jour",
)
_PEOPLE = _phrases(
    r"(?:le|la|un|une|l'|mon|ma|notre|son|sa|au|du) (?:vendeu(?:r|se)|technicien(?:ne)?|conseill(?:er|ere)|livreu(?:r|se)|caissi(?:er|ere)"
    r"|employee?|controleur|serveu(?:r|se)|chauffeur|conductrice|conducteur|factrice|facteur|agent|garagiste|animateur|pharmacien(?:ne)?"
    r"|preparatrice|preparateur|commandant|equipage|medecin|pediatre|expert|depanneur|collegue|voisine?|personne|dame|monsieur|gars|mec|patron|directeur|directrice|hotesse|standardiste|operateur|operatrice"
    r"|fromager(?:e)?|boulang(?:er|ere)|mecanicien(?:ne)?|opticien(?:ne)?|coiffeu(?:r|se)|infirmiere?|docteur|dentiste|veterinaire|gerant(?:e)?"
    r"|buraliste|plombier|electricien|chef d'equipe|responsable|proprio|proprietaire|fleuriste|boucher(?:e)?|libraire|kine|facteur|demenageurs?)",
    r"(?:ma|mon|mes) (?:mere|pere|fille|fils|soeur|frere|femme|mari|copine|copain|oncle|tante|grand-mere|grand-pere|amie?|parents|enfants|potes?"
    r"|belle-(?:soeur|mere|fille)|beau-(?:frere|pere|fils)|compagnon|compagne|conjoint(?:e)?|coloc|cousine?|neveu|niece|voisine?|chef(?:fe)?|proprio|gamins?|petits?-enfants?|ado|bebe)",
    r"m'a (?:dit|explique|rappelee?|propose|montre|demande|conseille|repondu|envoye|rembourse|fait|aide|repris|installe|appele|accueilli)",
    r"on m'a", r"ils m'ont", r"elle m'a", r"il m'a", r"(?:ils|elles) m'ont", r"m a (?:dit|rembourse|repondu|envoye|parraine)",
)
_NUANCE = _phrases(
    r"mais", r"pourtant", r"cependant", r"toutefois", r"quand meme", r"malgre", r"meme si", r"certes", r"un peu",
    r"sans doute", r"je crois", r"peut-etre", r"je reconnais", r"je le reconnais", r"bref", r"en revanche",
    r"pas parfait", r"je sais", r"j'avoue", r"au final", r"sans enthousiasme", r"par paresse", r"bon,",
    r"(?:petit |seul |gros |un )?bemol", r"par contre", r"(?:seul |mon seul |petit )?regret", r"(?:le |seul |un |mon seul |petit )?defaut",
    r"sauf que", r"dommage", r"a part (?:ca|cela|le|la|les|un|une)", r"moins bien", r"pas (?:top|terrible|ouf|genial|fou)",
    r"bof", r"(?:un peu|trop) (?:cher|chere|long|longue|lent|lente|sec|seche|juste)", r"le revers", r"mais bon", r"en meme temps",
    r"on verra", r"pas sur", r"pas sure", r"reste (?:a voir|cher|chere)", r"a surveiller",
)


# An offer or a code in a sentence that complains about it ("le code promo n'a jamais marché") is
# not promotion; in one telling one's own purchase ("j'ai profité des soldes") it counts half.
# "c'est le moment ou jamais", "plus que jamais", "comme jamais" sell: they are no complaint.
_COMPLAINT = _phrases(
    r"(?<!ou )(?<!que )(?<!comme )jamais", r"ne marche", r"marche pas", r"marchait pas", r"(?:n'a|a) (?:jamais |pas )?(?:marche|fonctionne)", r"bidon",
    r"plein (?:pot|tarif)", r"arnaques?", r"refusee?s?", r"sans prevenir", r"oublie", r"du vol", r"piege", r"faux", r"fausses?",
    r"arretez", r"ne sert a rien", r"ne servent a rien", r"invalide", r"expiree?", r"tout mange", r"abuse", r"trompeuses?",
    r"mensong(?:e|er)", r"attention", r"mefiez-vous", r"rien (?:vu|eu|recu)", r"toujours pas", r"pas (?:applique|pris en compte|valable)",
)
_OWN_PURCHASE = _phrases(
    r"(?:j'ai|jai|j ai|on a|on avait|j'avais|nous avons) (?:profite|eu|achete|commande|pris|paye|trouve|recu|teste|utilise|obtenu|touche|craque)",
    r"pendant (?:les|la|le|une|un)", r"achetee?s?", r"commandee?s?", r"payee?s?", r"(?:m'|m )(?:a|avait|ont) (?:parraine|offert|envoye)",
    r"(?:recu|envoye) par (?:mail|sms|courrier)",
)
_NEGATION_AFTER = re.compile(r"\s*(?:ne |n')?(?:pas|plus|jamais|point|guere)(?![a-z0-9])")
_NEGATION_BEFORE = re.compile(r"(?:(?<![a-z0-9])ne|(?<![a-z0-9])n'|(?<![a-z0-9])pas(?: si| tres| vraiment| trop| du tout)?)\s*$")
_SENTENCE_END = re.compile(r"[.!?;\n]")


def _negated(folded: str, start: int, end: int) -> bool:
    """"je recommande pas vraiment", "ne cliquez jamais", "pas incroyable"."""
    return bool(_NEGATION_AFTER.match(folded, end) or _NEGATION_BEFORE.search(folded[max(0, start - 20) : start]))


def _stance(folded: str, start: int, end: int) -> float:
    """How much an offer or a code found at folded[start:end] counts: 0 when negated or in a
    sentence complaining about it, 0.5 in a sentence telling one's own purchase (unless it turns
    to the reader), 1 otherwise. A title ("Code promo bidon", "Soldes") is read with the body: a
    phrase it shares with the body counts as it does there."""
    title_end = folded.find("\n")
    if 0 <= start < title_end and (again := folded.find(folded[start:end], title_end)) >= 0:
        return _stance(folded, again, again + end - start)
    if _negated(folded, start, end):
        return 0.0
    before = [m.end() for m in _SENTENCE_END.finditer(folded, 0, start)]
    after = _SENTENCE_END.search(folded, end)
    sentence = folded[before[-1] if before else 0 : after.start() if after else len(folded)]
    if _COMPLAINT.search(sentence):
        return 0.0
    if _OWN_PURCHASE.search(sentence) and not _READER.search(sentence):
        return 0.5
    return 1.0


def web_addresses(text: str) -> list[str]:
    """The links, domains (also written out), e-mail addresses and @handles in a short text: what
    a brand name must not contain (stories.writing checks new names with it)."""
    folded = fold(text)
    found = _EMAIL.findall(folded)
    rest = _EMAIL.sub(" ", folded)
    found += _URL.findall(rest)
    rest = _URL.sub(" ", rest)
    return found + _DOMAIN.findall(rest) + _SPELLED_DOMAIN.findall(rest) + _HANDLE.findall(rest)


def mentions_offer(text: str) -> list[str]:
    """Prices, discounts and "free" in a short text: an offer, not a name."""
    folded = fold(text)
    return _PRICE.findall(folded) + _DISCOUNT.findall(folded) + _FREE_OR_PROMO.findall(folded)


# --- Signals -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    original: str
    folded: str
    words: list[str]
    brands: tuple[str, ...]  # folded brand names
    positions: list[int]  # folded index -> original index
    account: AccountSignals
    similarity: float
    wording: WordingScore

    def quote(self, start: int, end: int) -> str:
        return self.original[self.positions[start] : self.positions[end - 1] + 1].strip()

    def quotes(self, *patterns: re.Pattern[str], limit: int = 3) -> str:
        """The first distinct phrases the patterns find, quoted from the original text."""
        return _quoted([self.quote(m.start(), m.end()) for p in patterns for m in p.finditer(self.folded) if m.end() > m.start()], limit)

    def weighed(self, *patterns: re.Pattern[str], stance: Callable[[str, int, int], float] = _stance) -> list[tuple[str, float]]:
        """Each phrase the patterns find, quoted, with how much it counts in its sentence."""
        return [(self.quote(m.start(), m.end()), stance(self.folded, m.start(), m.end()))
                for p in patterns for m in p.finditer(self.folded) if m.end() > m.start()]


def _not_negated(folded: str, start: int, end: int) -> float:
    return 0.0 if _negated(folded, start, end) else 1.0


def _quoted(items: Iterable[str], limit: int = 3) -> str:
    distinct: dict[str, str] = {}
    for item in items:
        distinct.setdefault(fold(item), item)  # "Les meilleures" and "les meilleures" are one phrase
    return ", ".join(f"« {item} »" for item in list(distinct.values())[:limit])


def _tally(found: list[tuple[str, float]]) -> tuple[float, str]:
    """The count of the phrases that count, and the quotes of those."""
    return sum(weight for _item, weight in found), _quoted(item for item, weight in found if weight > 0)


# Public bodies a complaint sends readers to: no one's shop.
_PUBLIC_SITE = re.compile(r"(?:\.gouv\.fr|service-public\.fr|mediateur|\.ameli\.fr|signal\.conso)")
OWN_SITE_SHARE = 0.3


def _link_weight(host: str, path: str, brands: tuple[str, ...]) -> float:
    """A public body's site counts nothing; the tagged brand's bare homepage ("free.fr",
    "laposte.fr" in a complaint) a little; any other site, or a page with a path or query (a
    referral or tracking link), fully."""
    if _PUBLIC_SITE.search(host):
        return 0.0
    name = re.sub(r"[^a-z0-9]", "", host.rsplit(".", 1)[0].split(".")[-1])
    if not path.strip("/") and any(re.sub(r"[^a-z0-9]", "", brand) == name for brand in brands):
        return OWN_SITE_SHARE
    return 1.0


def _links(c: _Context) -> tuple[float, str]:
    without_mail = _EMAIL.sub(" ", c.folded)
    urls = _URL.findall(without_mail)
    rest = _URL.sub(" ", without_mail)
    found = [re.sub(r"^(?:https?://)?(?:www\.)?", "", item).partition("/") for item in urls + _DOMAIN.findall(rest)]
    hosts = list(dict.fromkeys(host for host, _slash, _path in found))
    spelled = c.quotes(_SPELLED_DOMAIN, _PROFILE_LINK, limit=2)
    shown = ", ".join(filter(None, [", ".join(hosts[:3]), spelled]))
    n = (sum(_link_weight(host, path, c.brands) for host, _slash, path in found)
         + len(_SPELLED_DOMAIN.findall(c.folded)) + len(_PROFILE_LINK.findall(c.folded)))
    return _saturate(n, 1), _("Renvoie vers un site ou un profil extérieur (%(where)s)", where=shown)


def _contacts(c: _Context) -> tuple[float, str]:
    without_mail = _EMAIL.sub(" ", c.folded)
    brand_words = {w for brand in c.brands for w in words(brand) if len(w) > 2}
    handles = [h for h in _HANDLE.findall(without_mail) if not any(w in h for w in brand_words)]  # "@freebox": a complaint
    phones = [p for p in _PHONE.findall(c.folded) if not _SERVICE_LINE.match(re.sub(r"\D", "", p))]
    found = phones + _EMAIL.findall(c.folded) + handles
    shown = ", ".join(filter(None, [", ".join(f"« {item.strip()} »" for item in found[:2]), c.quotes(_CONTACT_WORDS, limit=1)]))
    n = len(found) + _count(_CONTACT_WORDS, c.folded)
    return _saturate(n, 1), _("Coordonnées pour être contacté (%(contacts)s)", contacts=shown)


def _promo_code(c: _Context) -> tuple[float, str]:
    """Codes and referrals, unless complained about ("le code promo n'a jamais marché") or
    received rather than offered (a code token is found in the original text, its stance read in
    the folded one, which has the same length but for rare ligatures)."""
    folded_at = {original: index for index, original in reversed(list(enumerate(c.positions)))}
    tokens = [(m.group(0), _stance(c.folded, folded_at.get(m.start(), 0), folded_at.get(m.end() - 1, 0) + 1))
              for m in _CODE_TOKEN.finditer(c.original)]
    n, shown = _tally(c.weighed(_CODE_PHRASE) + tokens)
    return _saturate(n, 1), _("Code promo ou parrainage : %(examples)s", examples=shown)


def _calls_to_action(c: _Context) -> tuple[float, str]:
    n, shown = _tally(c.weighed(_CALL_TO_ACTION, stance=_not_negated))
    return _saturate(n, 2), _("Invite le lecteur à acheter ou essayer : %(examples)s", examples=shown)


def _offer(c: _Context) -> tuple[float, str]:
    n, shown = _tally(c.weighed(_DISCOUNT, _OFFER))
    return _saturate(n, 2), _("Mentionne une offre : %(examples)s", examples=shown)


def _prices(c: _Context) -> tuple[float, str]:
    n = len(_PRICE.findall(c.folded))
    return _saturate(n, 3), _("Prix cités (%(examples)s)", examples=c.quotes(_PRICE, limit=2))


def _hype(c: _Context) -> tuple[float, str]:
    n, shown = _tally(c.weighed(_HYPE, stance=_not_negated))
    return _saturate(n, 3), _("Éloges de vendeur : %(examples)s", examples=shown)


def _closing_pitch(c: _Context) -> tuple[float, str]:
    """The body's last sentence turns to the readers (fully), or the one before it (half)."""
    body = c.folded.find("\n") + 1
    ends = [m.end() for m in _SENTENCE_END.finditer(c.folded, body, len(c.folded.rstrip(" .!?;\n")))]
    bounds = [body, *ends, len(c.folded)]
    last_two = list(zip(bounds, bounds[1:]))[-2:]
    for share, (start, end) in zip((1.0, 0.5), reversed(last_two)):
        if m := _TO_READERS.search(c.folded, start, end):
            return share, _("Finit en s'adressant aux lecteurs : « %(example)s »", example=c.quote(m.start(), m.end()))
    return 0.0, ""


def _smear(c: _Context) -> tuple[float, str]:
    n = _count(_SMEAR, c.folded)
    return _saturate(n, 3), _("Dénigrement outrancier : %(examples)s", examples=c.quotes(_SMEAR))


def _mentions(c: _Context, name: str) -> int:
    return len(re.findall(r"(?<![a-z0-9])" + re.escape(name) + r"(?![a-z0-9])", c.folded)) if name else 0


def _named_brands(c: _Context) -> list[str]:
    """The tagged brands the text actually names."""
    return [brand for brand in c.brands if _mentions(c, brand)]


def _brand_repeated(c: _Context) -> tuple[float, str]:
    """The product hammered: the most named brand or model, counted beyond the first two mentions
    and per 100 words, so a long story naming its brand three times is not copywriting."""
    counts = {brand: _mentions(c, brand) for brand in c.brands}
    for model in _MODEL.findall(c.original):
        counts[fold(model)] = counts.get(fold(model), 0) + 1
    if not counts:
        return 0.0, ""
    name, n = max(counts.items(), key=lambda item: item[1])
    per_100 = 100 * max(0, n - 2) / max(len(c.words), 50)
    shown = next((m for m in _MODEL.findall(c.original) if fold(m) == name), name)
    return _saturate(per_100, 3), _("« %(name)s » répété %(n)d fois en %(words)d mots", name=shown, n=n, words=len(c.words))


def _competitor(c: _Context) -> tuple[float, str]:
    """Two named brands, a move or a comparison from one to the other, and the other one praised
    (named again, or in a seller's words): the smear's other half."""
    named = _named_brands(c)
    switches = _count(_SWITCH, c.folded)
    praised = any(_mentions(c, brand) >= 2 for brand in named) or _HYPE.search(c.folded)
    if len(named) < 2 or not switches or not praised:  # "résilié, parti chez Orange": a move, not a pitch
        return 0.0, ""
    return _saturate(switches, 2), _("Oppose deux marques nommées (%(brands)s) : %(examples)s",
                                     brands=", ".join(named[:3]), examples=c.quotes(_SWITCH, limit=2))


def _several_brands(c: _Context) -> tuple[float, str]:
    """Tagging a second brand is what comparisons and smear pieces do (half the development's hard
    ads, one genuine story in six): weak evidence, for the weights to weigh, that unlocks nothing."""
    return (1.0 if len(c.brands) >= 2 else 0.0), _("Met plusieurs marques en regard (%(brands)s)", brands=", ".join(c.brands[:3]))


def _specs(c: _Context) -> tuple[float, str]:
    models = list(dict.fromkeys(_MODEL.findall(c.original)))
    n = len(_SPEC.findall(c.folded)) + len(models)
    shown = ", ".join(filter(None, [", ".join(f"« {m} »" for m in models[:2]), c.quotes(_SPEC, limit=2)]))
    return _saturate(n, 4), _("Fiche produit : modèle et caractéristiques (%(examples)s)", examples=shown)


def _address(c: _Context) -> tuple[float, str]:
    found = _ADDRESS.findall(c.original)
    return _saturate(len(found), 1), _("Donne l'adresse de l'établissement (%(examples)s)", examples=", ".join(f"« {a} »" for a in found[:1]))


def _near_duplicate(c: _Context) -> tuple[float, str]:
    value = max(0.0, min(1.0, (c.similarity - 0.15) / 0.35))
    return value, _("Presque identique à une autre histoire récente (%(percent)d %% de passages communs)", percent=round(100 * c.similarity))


def _wording(c: _Context) -> tuple[float, str]:
    """The wording model's probability that these turns of phrase are advertising, quoting the
    words that pushed it most."""
    value = c.wording.probability
    if value <= 0.5 or not c.wording.phrases:  # an ordinary wording is no reason to tell anyone
        return value, ""
    shown = ", ".join(f"« {phrase} »" for phrase in c.wording.phrases)
    return value, _("Tournures de réclame : %(examples)s", examples=shown)


def _single_brand_author(c: _Context) -> tuple[float, str]:
    a = c.account
    only_one = a.author_story_count > 0 and a.author_stories_same_brand == a.author_story_count
    return (_saturate(a.author_stories_same_brand, 3) if only_one else 0.0), _(
        "Toutes les histoires de ce compte parlent de la même marque (%(n)d autres)", n=a.author_stories_same_brand
    )


def _brand_burst(c: _Context) -> tuple[float, str]:
    n = c.account.brand_burst_24h
    return _saturate(max(0, n - 2), 3), _("Rafale : %(n)d éloges de cette marque par des comptes récents en 24 h", n=n)


def _shared_address(c: _Context) -> tuple[float, str]:
    n = c.account.same_ip_accounts
    return _saturate(n, 2), _("%(n)d autre(s) compte(s) de la même adresse IP parlent de cette marque", n=n)


# Context: each is multiplied by the evidence strength before weighting.


def _weak_first_person(c: _Context) -> tuple[float, str]:
    per_100 = 100 * _count(_FIRST_PERSON, c.folded) / max(len(c.words), 1)
    return max(0.0, 1 - per_100 / 8), _("peu de « je »")


def _no_time(c: _Context) -> tuple[float, str]:
    return (0.0 if _TIME.search(c.folded) else 1.0), _("aucun repère de temps")


def _no_people(c: _Context) -> tuple[float, str]:
    return (0.0 if _PEOPLE.search(c.folded) else 1.0), _("aucune personne rencontrée")


def _no_nuance(c: _Context) -> tuple[float, str]:
    return (0.0 if _NUANCE.search(c.folded) else 1.0), _("aucune nuance")


def _reader_address(c: _Context) -> tuple[float, str]:
    n = _count(_READER, c.folded)
    return _saturate(n, 4), _("S'adresse au lecteur (« vous ») à côté de ces indices")


def _exclamations(c: _Context) -> tuple[float, str]:
    brand_words = {w for brand in c.brands for w in words(brand)}
    shouted = [w for w in _SHOUT.findall(c.original) if fold(w) not in brand_words]
    n = c.original.count("!") + 2 * len(shouted)
    return _saturate(n, 6), _("Ton de réclame : points d'exclamation ou mots en capitales")


def _new_account(c: _Context) -> tuple[float, str]:
    age = c.account.account_age_days
    value = 0.0 if age is None else 1.0 if age < 1 else 0.6 if age < 7 else 0.2 if age < 30 else 0.0
    return value, _("Compte créé il y a moins d'une semaine, à côté de ces indices")


def _brand_created(c: _Context) -> tuple[float, str]:
    return (1.0 if c.account.brand_created else 0.0), _("La marque n'existait pas sur le site avant cette histoire")


Compute = Callable[[_Context], tuple[float, str]]

EVIDENCE: dict[str, Compute] = {
    "links": _links,
    "contacts": _contacts,
    "promo_code": _promo_code,
    "calls_to_action": _calls_to_action,
    "offer": _offer,
    "prices": _prices,
    "hype": _hype,
    "brand_repeated": _brand_repeated,
    "competitor": _competitor,
    "several_brands": _several_brands,
    "specs": _specs,
    "address": _address,
    "closing_pitch": _closing_pitch,
    "wording": _wording,
    "near_duplicate": _near_duplicate,
    "single_brand_author": _single_brand_author,
    "brand_burst": _brand_burst,
    "shared_address": _shared_address,
}
# The evidence that unlocks context: what a text does only to sell (prices, praise, a product's
# name or specs are evidence too, but ordinary stories have them, so they count on their own).
STRONG_EVIDENCE = (
    "links", "contacts", "promo_code", "calls_to_action", "offer", "competitor", "near_duplicate",
    "single_brand_author", "brand_burst", "shared_address",
)
# The wording model unlocks context too, but only by how far it leans to advertising (its
# probability above one half): a text it finds ordinary unlocks nothing.
WORDING = "wording"
CONTEXT: dict[str, Compute] = {
    "smear": _smear,
    "weak_first_person": _weak_first_person,
    "no_time": _no_time,
    "no_people": _no_people,
    "no_nuance": _no_nuance,
    "reader_address": _reader_address,
    "exclamations": _exclamations,
    "new_account": _new_account,
    "brand_created": _brand_created,
}
SIGNALS: dict[str, Compute] = {**EVIDENCE, **CONTEXT}
# Signals about what a lived story has and this text lacks; their reasons are short fragments.
NARRATIVE_SIGNALS = ("no_time", "no_people", "no_nuance", "weak_first_person")


# --- Near-duplicates -----------------------------------------------------------------------------


def shingles(text: str, size: int = SHINGLE_SIZE) -> frozenset[str]:
    """Word n-grams of the folded text: reworded copies of one ad still share most of them."""
    tokens = words(fold(text))
    if len(tokens) < size:
        return frozenset([" ".join(tokens)]) if tokens else frozenset()
    return frozenset(" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


_MINHASH = MinHash(num_perm=MINHASH_PERMUTATIONS, seed=1)


def fingerprint(text: str) -> np.ndarray:
    """The MinHash signature of the text's shingles (MINHASH_PERMUTATIONS uint32 values): two
    signatures agree on about the share of shingles the texts have in common (their Jaccard)."""
    sketch = MinHash(num_perm=MINHASH_PERMUTATIONS, permutations=_MINHASH.permutations, scheme=_MINHASH.scheme)
    sketch.update_batch([shingle.encode("utf-8") for shingle in shingles(text)])
    return sketch.hashvalues.astype(np.uint32)


def fingerprint_bytes(text: str) -> bytes:
    """The signature as stored with a story."""
    return fingerprint(text).tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=np.uint32)


def similarity(text: str, others: Iterable[str | bytes | np.ndarray]) -> float:
    """The highest estimated shingle overlap with any other story (texts, stored or computed
    signatures), compared all at once."""
    rows = [other if isinstance(other, np.ndarray) else from_bytes(other) if isinstance(other, bytes) else fingerprint(other)
            for other in others]
    rows = [row for row in rows if row.shape == (MINHASH_PERMUTATIONS,)]
    if not rows or not shingles(text):
        return 0.0
    return float((np.vstack(rows) == fingerprint(text)).mean(axis=1).max())


# --- Scoring -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Model:
    """`score = logistic(slope × (intercept + Σ weight × signal) + offset)`: the weights are fitted
    on the development split, slope and offset (Platt scaling) on its leave-one-writer-out scores,
    so the score is the probability of an ad for a writer the fit has never seen."""

    intercept: float
    weights: Mapping[str, float]
    slope: float = 1.0
    offset: float = 0.0


@lru_cache(maxsize=1)
def shipped_model() -> Model:
    """The weights fitted on the development split (bench/detector_fit.py writes weights.json)."""
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    platt = data.get("platt", {})
    return Model(intercept=float(data["intercept"]), weights={k: float(v) for k, v in data["weights"].items()},
                 slope=float(platt.get("slope", 1.0)), offset=float(platt.get("offset", 0.0)))


def evidence_strength(values: Mapping[str, float]) -> float:
    """How much clear evidence of commercial intent there is, in [0, 1]: 0 with none, near 1 as
    soon as one signal is full or several are partly there (a noisy-or of STRONG_EVIDENCE and of
    the wording's lean to advertising)."""
    lean = max(0.0, 2 * values.get(WORDING, 0.0) - 1)
    return 1.0 - (1.0 - lean) * math.prod(1.0 - values[name] for name in STRONG_EVIDENCE)


def signal_values(story: StoryText, account: AccountSignals | None = None, similarity: float = 0.0,
                  wording: WordingModel | WordingScore | None = None) -> dict[str, tuple[float, str]]:
    """Every signal's value and reason, before any weighting (what calibration fits on); context
    signals are already scaled by the evidence strength. `wording` is the wording model to use
    (the shipped one by default), or its score when already known (the fit passes each
    development story's score from a model fitted without its writer)."""
    original = f"{story.title}\n{story.body}"
    folded, positions = fold_with_positions(original)
    if not isinstance(wording, WordingScore):
        wording = (wording or shipped_wording()).score(original)
    context = _Context(
        original=original,
        folded=folded,
        positions=positions,
        words=words(folded),
        brands=tuple(dict.fromkeys(fold(" ".join(b.split())) for b in story.brands if b.strip())),
        account=account or AccountSignals(),
        similarity=similarity,
        wording=wording,
    )
    evidence = {name: compute(context) for name, compute in EVIDENCE.items()}
    strength = evidence_strength({name: value for name, (value, _reason) in evidence.items()})
    scaled = {}
    for name, compute in CONTEXT.items():
        value, reason = compute(context)
        scaled[name] = (value * strength, reason)
    return {**evidence, **scaled}


def logistic(x: float) -> float:
    if x >= 0:
        return 1 / (1 + math.exp(-x))
    z = math.exp(x)
    return z / (1 + z)


def linear(values: Mapping[str, float], model: Model) -> float:
    """The fitted logit, before Platt scaling."""
    return model.intercept + sum(model.weights.get(name, 0.0) * value for name, value in values.items())


def combine(values: Mapping[str, float], model: Model) -> float:
    return logistic(model.slope * linear(values, model) + model.offset)


def assess(
    story: StoryText,
    account: AccountSignals | None = None,
    others: Iterable[str | bytes | np.ndarray] = (),
    model: Model | None = None,
    wording: WordingModel | None = None,
) -> Assessment:
    """Score one story (0 = a lived experience, 1 = an advertisement) with the reasons why.
    `others` are the texts or signatures of other recent stories to check for near-duplicates."""
    model = model or shipped_model()
    closest = similarity(f"{story.title}\n{story.body}", others)
    raw = signal_values(story, account, closest, wording)
    signals = tuple(Signal(name, value, model.weights.get(name, 0.0), reason) for name, (value, reason) in raw.items())
    return Assessment(score=combine({s.name: s.value for s in signals}, model), signals=signals)
