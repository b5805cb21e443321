"""Red and blue links, backlinks, wanted and orphan pages, categories, random page."""
from __future__ import annotations

from typing import Any

from cherclient_wiki.wiki import links, pages


def test_links_turn_blue_when_the_page_is_created_and_red_when_deleted(write: Any) -> None:
    html = write("accueil", "Voir [[Écoute active]] et [[Accueil]].").revision.html
    assert '<a class="wikilink new" href="/wiki/ecoute-active">' in links.resolve(html)
    assert '<a class="wikilink" href="/wiki/accueil">' in links.resolve(html)
    write("ecoute-active", "Écouter.", title="Écoute active")
    assert 'class="wikilink new"' not in links.resolve(html)
    pages.set_deleted(pages.by_slug("ecoute-active"), True)
    assert '<a class="wikilink new" href="/wiki/ecoute-active">' in links.resolve(html)


def test_a_link_to_an_old_name_stays_blue_and_counts_as_a_backlink(write: Any, claire: Any) -> None:
    write("ancien", "Contenu", title="Ancien")
    source = write("source", "Lien vers [[Ancien]].").revision.html
    page = pages.rename(pages.by_slug("ancien"), "Nouveau", claire).page
    assert 'class="wikilink new"' not in links.resolve(source)
    assert [p.slug for p in links.backlinks(page)] == ["source"]


def test_backlinks_follow_the_current_text_only(write: Any) -> None:
    target = write("cible", "Cible").page
    write("a", "[[Cible]]", title="A")
    write("b", "[[Cible|la cible]] et [[cible]]", title="B")
    assert [p.slug for p in links.backlinks(target)] == ["a", "b"]
    write("a", "Plus de lien", base=1)
    assert [p.slug for p in links.backlinks(target)] == ["b"]


def test_wanted_and_orphan_pages(write: Any) -> None:
    write("accueil", "[[Fidélité]] [[Fidélité|encore]] [[Réclamations]] [[Guide]]", title="Accueil")
    write("autre", "[[Fidélité]]", title="Autre")
    write("guide", "Rien", title="Guide")
    wanted = links.wanted_pages()
    assert [(w.slug, w.count) for w in wanted] == [("fidelite", 2), ("reclamations", 1)]
    assert [p.slug for p in links.orphan_pages()] == ["accueil", "autre"]
    write("guide", "Retour à l'[[Accueil]]", base=1)
    assert [p.slug for p in links.orphan_pages()] == ["autre"]


def test_categories_from_tags(write: Any) -> None:
    write("a", "Texte\n\n[[Catégorie:Fidélité]] [[Catégorie:Écoute]]", title="A")
    write("b", "Texte [[catégorie: fidélité]]", title="B")
    assert [(c.slug, c.count) for c in links.categories()] == [("ecoute", 1), ("fidelite", 2)]
    category, members = links.category("fidelite")
    assert category is not None and [p.slug for p in members] == ["a", "b"]
    assert [c.name for c in pages.by_slug("a").categories] == ["Fidélité", "Écoute"]
    write("b", "Plus classée", base=1)
    assert [p.slug for p in links.category("fidelite")[1]] == ["a"]
    assert links.category("inconnue") == (None, [])


def test_random_page_is_a_live_page(write: Any) -> None:
    assert links.random_page() is None
    write("a", "A", title="A")
    write("b", "B", title="B")
    pages.set_deleted(pages.by_slug("b"), True)
    assert {links.random_page().slug for _ in range(20)} == {"a"}
