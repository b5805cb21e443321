"""Generated wiki pages for the benchmarks, written through the real save path (`save_revision`).

Each page is about 3 KB of French Markdown with a heading, paragraphs, a list, a table, a footnote,
six wiki links (four to existing pages, two red) and a category, so a page view reads and resolves
what a real page would.
"""
from __future__ import annotations

import random

from cherclient_wiki.accounts.models import User
from cherclient_wiki.wiki import pages

PARAGRAPHS = [
    "Un client qui appelle deux fois pour la même question coûte deux fois plus cher, et il le sait.",
    "La fidélité se mesure au comportement : rachat, recommandation, retour après un incident.",
    "Le conseiller qui peut décider sans escalade résout plus de demandes au premier contact.",
    "Une réclamation bien traitée rend souvent le client plus attaché qu'avant l'incident.",
    "Les signaux faibles arrivent par les verbatims, les désabonnements et les silences.",
    "Répondre en public sur les réseaux sociaux, c'est aussi répondre à ceux qui regardent.",
]


def title(number: int) -> str:
    return f"Fiche {number:05d} relation client"


def slug(number: int) -> str:
    """Must match `title` through the site's slugify (bench/wiki_load.lua builds the same)."""
    return f"fiche-{number:05d}-relation-client"


def markdown(number: int, total: int, rng: random.Random, edit: int = 0) -> str:
    neighbours = [title(rng.randrange(total)) for _ in range(4)]
    body = "\n\n".join(rng.choice(PARAGRAPHS) * 3 for _ in range(5))
    return (
        f"# {title(number)}\n\n{body}\n\n"
        f"## À retenir\n\n- {rng.choice(PARAGRAPHS)}\n- {rng.choice(PARAGRAPHS)}\n- voir [[{neighbours[0]}]]\n\n"
        "| Indicateur | Avant | Après |\n|---|--:|--:|\n| Résolution au premier contact | 61 % | 78 % |\n"
        "| Clients revenus | 12 % | 19 % |\n\n"
        f"Voir aussi [[{neighbours[1]}]], [[{neighbours[2]}|une fiche voisine]] et [[{neighbours[3]}]], "
        f"ainsi que [[Page à écrire {number}]] et [[Idée {number % 97}]][^1].\n\n"
        f"[^1]: Révision {edit} de la fiche.\n\n[[Catégorie:Thème {number % 25}]]\n"
    )


def generate(author: User, start: int, stop: int, total: int, seed: int = 42) -> None:
    """Create pages start..stop-1; links point anywhere in 0..total-1 (red while not yet created)."""
    rng = random.Random(seed + start)
    for number in range(start, stop):
        pages.save_revision(slug(number), markdown(number, total, rng), author, title=title(number), summary="généré")
