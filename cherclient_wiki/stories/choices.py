"""The closed lists a story is described with; values are stored, labels are shown (in French)."""
from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Kind(StrEnum):
    LOVE = "love"
    COMPLAINT = "complaint"
    BRAVO = "bravo"


class Ending(StrEnum):
    LOYAL = "loyal"
    LEFT = "left"
    RETURNED = "returned"
    UNDECIDED = "undecided"


class Channel(StrEnum):
    PHONE = "phone"
    SHOP = "shop"
    WEB = "web"
    SOCIAL = "social"
    MAIL = "mail"
    IN_PERSON = "in_person"


class Status(StrEnum):
    PUBLISHED = "published"
    PENDING = "pending"
    REJECTED = "rejected"


LABELS = {
    Kind.LOVE: _l("Histoire d'amour"),
    Kind.COMPLAINT: _l("Réclamation"),
    Kind.BRAVO: _l("Bravo"),
    Ending.LOYAL: _l("Toujours fidèle"),
    Ending.LEFT: _l("Parti"),
    Ending.RETURNED: _l("Revenu"),
    Ending.UNDECIDED: _l("Pas encore décidé"),
    Channel.PHONE: _l("Téléphone"),
    Channel.SHOP: _l("Magasin"),
    Channel.WEB: _l("Site web"),
    Channel.SOCIAL: _l("Réseaux sociais"),
    Channel.MAIL: _l("Courrier ou e-mail"),
    Channel.IN_PERSON: _l("En personne"),
    Status.PUBLISHED: _l("Publiée"),
    Status.PENDING: _l("En attente de modération"),
    Status.REJECTED: _l("Refusée"),
}

# Endings that mean the customer stayed (or came back): the numerator of every loyalty rate.
KEPT = (Ending.LOYAL, Ending.RETURNED)


def label(value: StrEnum) -> str:
    return str(LABELS[value])
