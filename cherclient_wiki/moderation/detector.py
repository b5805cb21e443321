"""The disguised-ad detector: pure functions, no database, no network.

A story is turned into a few named signals, each a number in [0, 1] that a moderator can check by
reading the text ("2 liens", "aucune nuance"). The score is a logistic combination of them:

    score = 1 / (1 + exp(-(intercept + Σ weight_i × signal_i)))

Every weight is ≥ 0, so each signal can only raise the score, and each reason shown is one signal
whose share (weight × value) is large enough to matter. The weights live in `weights.json`, fitted
on the development split of the evaluation set by `bench/detector_fit.py`
(see `calibration.py`); nothing here is tuned by hand except the signal definitions themselves.

Smear pieces go through the same signals: insults and "allez plutôt chez X" are promotion too.
Account signals (age, brands, bursts, shared address) are passed in as plain data by the caller.
"""
from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from flask_babel import gettext as _

WEIGHTS_FILE = Path(__file__).resolve().parent / "weights.json"

# A signal below this share of the logit is not worth telling anyone about.
REASON_MIN_SHARE = 0.5
MAX_REASONS = 8
# Signals about what a lived story has and this text lacks; their reasons are short fragments.
NARRATIVE_SIGNALS = ("no_time", "no_people", "no_nuance", "weak_first_person", "no_place")
SHINGLE_SIZE = 3


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
    - brand_burst_24h: stories about this story's brands in the last 24 hours by other accounts
      less than 30 days old
    - same_ip_accounts: other accounts that posted about the same brands from the same address
    """

    account_age_days: float | None = None
    author_story_count: int = 0
    author_stories_same_brand: int = 0
    brand_burst_24h: int = 0
    same_ip_accounts: int = 0

    @classmethod
    def from_mapping(cls, data: Mapping[str, object] | None) -> AccountSignals:
        if not data:
            return cls()
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        return cls(**known)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Signal:
    name: str
    value: float  # in [0, 1]
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
        lived story (time, people, nuance...) are told together in one sentence."""
        notable = [s for s in self.signals if s.share >= REASON_MIN_SHARE]
        missing = [s for s in notable if s.name in NARRATIVE_SIGNALS]
        ranked = [(s.share, s.reason) for s in notable if s.name not in NARRATIVE_SIGNALS]
        if missing:
            summary = _("Peu de récit vécu : %(missing)s", missing=", ".join(s.reason for s in missing))
            ranked.append((sum(s.share for s in missing), summary))
        return [reason for _share, reason in sorted(ranked, key=lambda item: -item[0])[:MAX_REASONS]]

    def vector(self) -> dict[str, float]:
        return {s.name: s.value for s in self.signals}


# --- Text helpers -------------------------------------------------------------------------------


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").replace("œ", "oe"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Lower case, no accents, straight apostrophes: "Profitez-en !" and "PROFITEZ-EN" match alike."""
    return strip_accents(text.casefold())


def fold_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, where it came from in `text`, so a phrase
    found in the folded text is quoted as the author wrote it."""
    pieces: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        folded = fold(char)
        pieces.append(folded)
        positions.extend([index] * len(folded))
    return "".join(pieces), positions


_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*|[a-z]'")


def words(folded: str) -> list[str]:
    return _WORD.findall(folded)


def _phrases(*patterns: str) -> re.Pattern[str]:
    """One regex for a list of folded phrases, matched on word boundaries."""
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(patterns) + r")(?![a-z0-9])")


def _count(pattern: re.Pattern[str], text: str) -> int:
    return len(pattern.findall(text))




def _saturate(n: float, cap: float) -> float:
    return max(0.0, min(n, cap) / cap)


# --- Patterns (on folded text unless noted) -----------------------------------------------------

_URL = re.compile(r"(?:https?://|www\.)[^\s)<>\]]*[^\s)<>\].,;:!?]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DOMAIN = re.compile(
    r"(?<![@\w.])(?:[a-z0-9-]+\.)+(?:fr|com|net|org|io|app|shop|store|eu|be|ch|co|info|biz)(?:/[^\s)]*)?(?![\w])"
)
_PHONE = re.compile(r"(?<!\d)(?:(?:\+|00)33\s?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")
_CODE_PHRASE = _phrases(r"code (?:promo|parrain(?:age)?|avantage|reduction)", r"lien de parrainage", r"avec (?:le|mon) code")
# On the original text: a capitalised token with digits (KLIM30), or any capitalised word after "code".
_CODE_TOKEN = re.compile(r"(?<![\w])[A-Z]{3,}[0-9]{1,3}(?![\w])|(?i:code)\s*:?\s*[A-Z0-9]{4,}(?![\w])")
_CALL_TO_ACTION = _phrases(
    r"profitez(?:-en)?", r"profiter", r"commandez", r"reservez", r"inscrivez-vous", r"abonnez-vous", r"telechargez",
    r"rendez-vous sur", r"decouvrez", r"foncez", r"n'attendez plus", r"ne tardez pas", r"ne laissez pas passer",
    r"essayez(?:-les|-le|-la)?", r"testez", r"appelez", r"contactez", r"demandez votre", r"obtenez votre",
    r"choisissez", r"rejoignez", r"retrouvez-(?:le|la|les)", r"faites comme moi", r"exigez", r"changez",
    r"ne reflechissez pas", r"prenez-(?:le|la|les)", r"cliquez", r"visitez", r"simulez", r"ouvrez un compte",
    r"a decouvrir absolument", r"faites-vous plaisir", r"n'hesitez pas", r"allez-y", r"passez en boutique",
    r"utilisez le code", r"beneficiez", r"vous ne le regretterez pas", r"vous me remercierez",
    r"si vous hesitez", r"si ca vous tente", r"pour ceux que ca interesse", r"de ma part", r"ca vaut le coup",
    r"si vous voulez (?:essayer|tester)", r"ecrivez a", r"pour reserver",
)
_PROMOTION = _phrases(
    r"offres?(?: de lancement| exclusive| decouverte| limitee| speciale| valable| de printemps)?", r"livraison offerte",
    r"livres? gratuitement", r"offerts?(?: pour| a l'ouverture| sur)", r"(?:premier|premiere|deuxieme|troisieme) [a-z]+ (?:est )?offerte?",
    r"en promo(?:tion)?", r"promotions?", r"reductions?", r"remises?", r"soldes", r"prix (?:reduit|mini|exceptionnel|cases)",
    r"au lieu de", r"essai gratuit", r"devis gratuit", r"etude gratuite", r"sans engagement", r"satisfait ou rembourse",
    r"stocks?", r"en exclusivite", r"nouveaux clients", r"premiere commande", r"parrainage", r"bon plan",
    r"a partir de", r"des maintenant", r"valable jusqu'", r"defiant toute concurrence", r"tiers payant",
    r"aucun frais", r"zero frais", r"frais de dossier", r"sans frais", r"offre", r"nouveaux inscrits",
)
_DISCOUNT = re.compile(r"-\s?\d{1,2}\s?%|\d{1,2}\s?% de reduction|\d+\s?(?:€|euros?) offerts")
_HYPE = _phrases(
    r"(?:le|la|les) meilleure?s?", r"incroyables?", r"exceptionnel(?:le)?s?", r"imbattables?", r"parfaite?s?", r"parfaitement",
    r"irreprochables?", r"incomparables?", r"revolutionn[a-z]*", r"uniques?", r"geniale?s?", r"extraordinaires?",
    r"magnifiques?", r"ultra", r"au top", r"incontournables?", r"indispensables?", r"sans conteste",
    r"sans aucun doute", r"les yeux fermes", r"100 %", r"haut de gamme", r"premium", r"derniere generation",
    r"de reve", r"miracle", r"merveille", r"(?:a )?change (?:ma|mon) (?:vie|quotidien)", r"je (?:la |le |les )?recommande",
    r"je conseille", r"recommande (?:vivement|a tous|sans hesiter)", r"absolu(?:e|ment)?", r"envoutante?",
    r"de qualite", r"qualite-prix", r"un vrai coup de coeur", r"coup de coeur", r"sans hesiter", r"sans hesitation",
    r"efficaces?", r"ingenieu(?:x|se)", r"ideale?", r"de confiance",
)
_READER = _phrases(r"vous", r"votre", r"vos")
_SMEAR = _phrases(
    r"arnaques?", r"escrocs?", r"voleurs?", r"une honte", r"fuyez", r"a fuir", r"a eviter", r"lamentables?",
    r"catastroph[a-z]*", r"(?:le|la) pire", r"incompetents?", r"cauchemar", r"meprise", r"medioc(?:re|res)",
    r"inexistante?", r"fantome", r"injoignables?", r"vous volent", r"n'achetez rien", r"ne reservez jamais",
    r"insalubres?", r"exorbitants?",
)
# "Allez plutôt chez Protekta": the phrase, then a capitalised name (matched on the text with case).
_SWITCH = re.compile(
    r"(?i:plutot chez|passez chez|allez chez|suis passee? chez|depuis que je suis chez|j'ai rejoint|exigez|choisissez"
    r"|optez pour|j'achete tout chez|je suis passee? a)\s+((?:[A-Z][\w-]*)(?:\s+[A-Z][\w-]*)*)"
)

_FIRST_PERSON = _phrases(r"je", r"j'", r"me", r"m'", r"mon", r"ma", r"mes", r"moi", r"nous", r"notre", r"nos", r"on")
_TIME = _phrases(
    r"janvier", r"fevrier", r"mars", r"avril", r"mai", r"juin", r"juillet", r"aout", r"septembre", r"octobre",
    r"novembre", r"decembre", r"lundi", r"mardi", r"mercredi", r"jeudi", r"vendredi", r"samedi", r"dimanche",
    r"hier", r"la veille", r"le lendemain", r"ce (?:jour|soir|matin)-la", r"cette nuit-la", r"l'an (?:dernier|passe)",
    r"l'(?:ete|hiver|automne) dernier", r"le printemps dernier", r"un (?:soir|matin|jour|dimanche|samedi)",
    r"noel", r"(?:19|20)\d\d", r"\d{1,2} h(?: \d\d)?", r"vers minuit", r"a minuit", r"la semaine (?:suivante|derniere)",
    r"en rentrant", r"quand (?:je|j'|il|elle|on)",
)
_PLACE = re.compile(
    r"(?<![a-z])(?:en (?:magasin|boutique)|au (?:guichet|comptoir|rayon|magasin|drive|telephone)|a la (?:gare|caisse|boutique)"
    r"|a l'(?:agence|aeroport)|point relais|bureau de poste|rue [a-z]+|sur le quai|dans (?:le|la) (?:cuisine|parking|rayon)"
    r"|autoroute|a l'hotel|au restaurant|la boutique d[eu]s? [a-z]+|le magasin de [a-z]+|l'agence de [a-z]+)(?![a-z])"
)
_CITY = re.compile(r"(?<![\w])(?:à|a|de|près de|vers|entre) (?:[A-ZÉ][a-zéèêàç\-]+)")  # original text: "à Nantes"
_PEOPLE = _phrases(
    r"(?:le|la|un|une|l'|mon|ma|notre|son|sa) (?:vendeu(?:r|se)|technicien(?:ne)?|conseill(?:er|ere)|livreu(?:r|se)|caissi(?:er|ere)"
    r"|employee?|controleur|serveu(?:r|se)|chauffeur|conductrice|conducteur|factrice|facteur|agent|garagiste|animateur|pharmacien(?:ne)?"
    r"|preparatrice|preparateur|commandant|equipage|medecin|pediatre|expert|depanneur|collegue|voisine?|personne)",
    r"(?:ma|mon) (?:mere|pere|fille|fils|soeur|frere|femme|mari|copine|copain|oncle|tante|grand-mere|grand-pere|amie?)",
    r"m'a (?:dit|explique|rappelee?|propose|montre|demande|conseille|repondu)",
)
_NUANCE = _phrases(
    r"mais", r"pourtant", r"cependant", r"toutefois", r"quand meme", r"malgre", r"meme si", r"certes", r"un peu",
    r"sans doute", r"je crois", r"peut-etre", r"je reconnais", r"je le reconnais", r"bref", r"en revanche",
    r"pas parfait", r"je sais", r"j'avoue", r"au final", r"sans enthousiasme", r"par paresse",
)
_PRICE = re.compile(r"\d+(?:[ .]\d{3})*(?:,\d{1,2})?\s?(?:€|euros?\b)")
_SHOUT = re.compile(r"(?<![\w])[A-ZÉÈÊÀÇ]{4,}(?![\w])")  # original text


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

    def quotes(self, pattern: re.Pattern[str], limit: int = 3) -> str:
        """The first distinct phrases `pattern` finds, quoted from the original text."""
        found = [
            self.original[self.positions[m.start()] : self.positions[m.end() - 1] + 1].strip()
            for m in pattern.finditer(self.folded) if m.end() > m.start()
        ]
        distinct: dict[str, str] = {}
        for item in found:
            distinct.setdefault(fold(item), item)  # "Les meilleures" and "les meilleures" are one phrase
        return ", ".join(f"« {item} »" for item in list(distinct.values())[:limit])


def _links(c: _Context) -> tuple[float, str]:
    without_mail = _EMAIL.sub(" ", c.folded)
    urls = _URL.findall(without_mail)
    rest = _URL.sub(" ", without_mail)
    domains = _DOMAIN.findall(rest)
    found = urls + domains
    hosts = list(dict.fromkeys(re.sub(r"^(?:https?://)?(?:www\.)?", "", item).split("/")[0] for item in found))
    reason = _("Lien vers un site extérieur (%(domains)s)", domains=", ".join(hosts[:3])) if found else ""
    return _saturate(len(found), 1), reason


def _contacts(c: _Context) -> tuple[float, str]:
    phones, mails = _PHONE.findall(c.folded), _EMAIL.findall(c.folded)
    shown = ", ".join((phones + mails)[:2])
    return _saturate(len(phones) + len(mails), 1), _("Coordonnées commerciales (%(contacts)s)", contacts=shown)


def _promo_code(c: _Context) -> tuple[float, str]:
    n = _count(_CODE_PHRASE, c.folded) + len(_CODE_TOKEN.findall(c.original))
    return _saturate(n, 1), _("Code promo ou lien de parrainage")


def _calls_to_action(c: _Context) -> tuple[float, str]:
    n = _count(_CALL_TO_ACTION, c.folded)
    return _saturate(n, 3), _("Appels à l'action : %(examples)s", examples=c.quotes(_CALL_TO_ACTION))


def _promotion(c: _Context) -> tuple[float, str]:
    n = _count(_PROMOTION, c.folded) + _count(_DISCOUNT, c.folded)
    examples = ", ".join(filter(None, [c.quotes(_DISCOUNT, 1), c.quotes(_PROMOTION, 2)]))
    return _saturate(n, 3), _("Vocabulaire promotionnel : %(examples)s", examples=examples)


def _hype(c: _Context) -> tuple[float, str]:
    n = _count(_HYPE, c.folded)
    return _saturate(n, 5), _("Superlatifs en série : %(examples)s", examples=c.quotes(_HYPE))


def _exclamations(c: _Context) -> tuple[float, str]:
    brand_words = {w for brand in c.brands for w in words(brand)}
    shouted = [w for w in _SHOUT.findall(c.original) if fold(w) not in brand_words]
    n = c.original.count("!") + 2 * len(shouted)
    return _saturate(n, 6), _("Ton de réclame : points d'exclamation ou mots en capitales")


def _brand_mentions(c: _Context) -> int:
    return sum(len(re.findall(r"(?<![a-z0-9])" + re.escape(brand) + r"(?![a-z0-9])", c.folded)) for brand in c.brands if brand)


def _brand_density(c: _Context) -> tuple[float, str]:
    """Repeats per 100 words: naming the brand once is natural, hammering it is copywriting."""
    n = _brand_mentions(c)
    per_100 = 100 * max(0, n - 1) / max(len(c.words), 1)
    return _saturate(per_100, 6), _("Nom de la marque répété %(n)d fois en %(words)d mots", n=n, words=len(c.words))


def _prices(c: _Context) -> tuple[float, str]:
    n = len(_PRICE.findall(c.folded))
    return _saturate(n, 3), _("Prix cités (%(examples)s)", examples=c.quotes(_PRICE, 2))


def _reader_address(c: _Context) -> tuple[float, str]:
    n = _count(_READER, c.folded)
    return _saturate(n, 4), _("S'adresse au lecteur (« vous ») au lieu de raconter")


def _smear(c: _Context) -> tuple[float, str]:
    n = _count(_SMEAR, c.folded)
    return _saturate(n, 3), _("Dénigrement outrancier : %(examples)s", examples=c.quotes(_SMEAR))


def _competitor_switch(c: _Context) -> tuple[float, str]:
    """A piece that sends the reader to a named brand ("allez plutôt chez X"), other than the one the
    story is first about: the smear's other half."""
    first = c.brands[0] if c.brands else ""
    targets = [name for name in _SWITCH.findall(strip_accents(c.original)) if fold(name) != first]
    shown = ", ".join(dict.fromkeys(targets))
    return _saturate(len(targets), 1), _("Renvoie le lecteur vers une autre marque (%(brand)s)", brand=shown)


def _weak_first_person(c: _Context) -> tuple[float, str]:
    per_100 = 100 * _count(_FIRST_PERSON, c.folded) / max(len(c.words), 1)
    return max(0.0, 1 - per_100 / 8), _("peu de « je »")


def _absent(pattern: re.Pattern[str], text: str) -> float:
    return 0.0 if pattern.search(text) else 1.0


def _no_time(c: _Context) -> tuple[float, str]:
    return _absent(_TIME, c.folded), _("aucun repère de temps (date, jour, heure)")


def _no_place(c: _Context) -> tuple[float, str]:
    place = _PLACE.search(c.folded) or _CITY.search(c.original)
    return (0.0 if place else 1.0), _("aucun lieu précis")


def _no_people(c: _Context) -> tuple[float, str]:
    return _absent(_PEOPLE, c.folded), _("aucune personne rencontrée (vendeur, conseiller, proche…)")


def _no_nuance(c: _Context) -> tuple[float, str]:
    return _absent(_NUANCE, c.folded), _("aucune nuance (« mais », « pourtant »…)")


def _near_duplicate(c: _Context) -> tuple[float, str]:
    value = max(0.0, min(1.0, (c.similarity - 0.1) / 0.5))
    return value, _("Presque identique à une autre histoire (%(percent)d %% de passages communs)", percent=round(100 * c.similarity))


def _new_account(c: _Context) -> tuple[float, str]:
    age = c.account.account_age_days
    value = 0.0 if age is None else 1.0 if age < 1 else 0.6 if age < 7 else 0.2 if age < 30 else 0.0
    return value, _("Compte créé il y a moins d'une semaine")


def _single_brand_author(c: _Context) -> tuple[float, str]:
    a = c.account
    only_one = a.author_story_count > 0 and a.author_stories_same_brand == a.author_story_count
    return (_saturate(a.author_stories_same_brand, 3) if only_one else 0.0), _(
        "Toutes les histoires de ce compte parlent de la même marque (%(n)d autres)", n=a.author_stories_same_brand
    )


def _brand_burst(c: _Context) -> tuple[float, str]:
    n = c.account.brand_burst_24h
    return _saturate(max(0, n - 1), 4), _("Rafale : %(n)d histoires de comptes récents sur cette marque en 24 h", n=n)


def _shared_address(c: _Context) -> tuple[float, str]:
    n = c.account.same_ip_accounts
    return _saturate(n, 2), _("%(n)d autre(s) compte(s) de la même adresse IP parlent de cette marque", n=n)


SIGNALS: dict[str, Callable[[_Context], tuple[float, str]]] = {
    "links": _links,
    "contacts": _contacts,
    "promo_code": _promo_code,
    "calls_to_action": _calls_to_action,
    "promotion": _promotion,
    "hype": _hype,
    "exclamations": _exclamations,
    "brand_density": _brand_density,
    "prices": _prices,
    "reader_address": _reader_address,
    "smear": _smear,
    "competitor_switch": _competitor_switch,
    "weak_first_person": _weak_first_person,
    "no_time": _no_time,
    "no_place": _no_place,
    "no_people": _no_people,
    "no_nuance": _no_nuance,
    "near_duplicate": _near_duplicate,
    "new_account": _new_account,
    "single_brand_author": _single_brand_author,
    "brand_burst": _brand_burst,
    "shared_address": _shared_address,
}


# --- Near-duplicates -----------------------------------------------------------------------------


def shingles(text: str, size: int = SHINGLE_SIZE) -> frozenset[str]:
    """Word n-grams of the folded text: reworded copies of one ad still share most of them."""
    tokens = words(fold(text))
    if len(tokens) < size:
        return frozenset([" ".join(tokens)]) if tokens else frozenset()
    return frozenset(" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def max_similarity(text: str, others: Iterable[str | frozenset[str]]) -> float:
    """The highest shingle overlap with any other story (texts or precomputed shingle sets)."""
    mine = shingles(text)
    return max((jaccard(mine, other if isinstance(other, frozenset) else shingles(other)) for other in others), default=0.0)


# --- Scoring -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Model:
    intercept: float
    weights: Mapping[str, float]


@lru_cache(maxsize=1)
def shipped_model() -> Model:
    """The weights fitted on the development split (bench/detector_fit.py writes weights.json)."""
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    return Model(intercept=float(data["intercept"]), weights={k: float(v) for k, v in data["weights"].items()})


def signal_values(story: StoryText, account: AccountSignals | None = None, similarity: float = 0.0) -> dict[str, tuple[float, str]]:
    """Every signal's value and reason, before any weighting (what calibration fits on)."""
    original = f"{story.title}\n{story.body}"
    folded, positions = fold_with_positions(original)
    context = _Context(
        original=original,
        folded=folded,
        positions=positions,
        words=words(folded),
        brands=tuple(dict.fromkeys(fold(" ".join(b.split())) for b in story.brands if b.strip())),
        account=account or AccountSignals(),
        similarity=similarity,
    )
    return {name: compute(context) for name, compute in SIGNALS.items()}


def logistic(x: float) -> float:
    if x >= 0:
        return 1 / (1 + math.exp(-x))
    z = math.exp(x)
    return z / (1 + z)


def combine(values: Mapping[str, float], model: Model) -> float:
    return logistic(model.intercept + sum(model.weights.get(name, 0.0) * value for name, value in values.items()))


def assess(
    story: StoryText,
    account: AccountSignals | None = None,
    others: Iterable[str | frozenset[str]] = (),
    model: Model | None = None,
) -> Assessment:
    """Score one story (0 = a lived experience, 1 = an advertisement) with the reasons why.
    `others` are the texts (or shingle sets) of other stories to check for near-duplicates."""
    model = model or shipped_model()
    similarity = max_similarity(f"{story.title}\n{story.body}", others)
    raw = signal_values(story, account, similarity)
    signals = tuple(Signal(name, value, model.weights.get(name, 0.0), reason) for name, (value, reason) in raw.items())
    return Assessment(score=combine({s.name: s.value for s in signals}, model), signals=signals)
