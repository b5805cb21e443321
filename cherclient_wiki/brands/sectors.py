"""The sectors a brand can belong to: values are stored, French labels are shown."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

OTHER = "autre"

SECTORS: dict[str, LazyString] = {
    "automobile": _l("Automobile"),
    "banque": _l("Banque"),
    "assurance": _l("Assurance"),
    "telecoms": _l("Télécoms"),
    "distribution": _l("Distribution"),
    "e-commerce": _l("E-commerce"),
    "transport": _l("Transport"),
    "energie": _l("Énergie"),
    "restauration": _l("Restauration"),
    "hotellerie": _l("Hôtellerie"),
    "electromenager": _l("Électroménager"),
    "services-publics": _l("Services publics"),
    "ameublement": _l("Ameublement"),
    "mode": _l("Mode et habillement"),
    "loisirs": _l("Loisirs et culture"),
    "sante": _l("Santé"),
    OTHER: _l("Autre"),
}


def sector_label(value: str) -> str:
    """The French label; an unknown value (an old sector) is shown as it is stored."""
    label = SECTORS.get(value)
    return str(label) if label is not None else value
