from __future__ import annotations

from cherclient_wiki.core.merge import three_way

BASE = "Titre\n\nPremier paragraphe.\n\nDeuxième paragraphe.\n\nTroisième paragraphe.\n"


def test_changes_in_different_places_merge_cleanly() -> None:
    mine = BASE.replace("Premier", "Tout premier")
    theirs = BASE.replace("Troisième", "Dernier")
    result = three_way(BASE, mine, theirs)
    assert not result.conflicted
    assert "Tout premier paragraphe." in result.text and "Dernier paragraphe." in result.text


def test_the_same_line_changed_twice_is_a_conflict_with_markers() -> None:
    result = three_way(BASE, BASE.replace("Deuxième", "Second"), BASE.replace("Deuxième", "2e"))
    assert result.conflicted
    assert "<<<<<<< votre version" in result.text and ">>>>>>> version actuelle" in result.text


def test_identical_edits_and_one_sided_edits() -> None:
    same = BASE + "Ajout.\n"
    assert three_way(BASE, same, same) == three_way(BASE, same, BASE)
    assert three_way(BASE, BASE, same).text == same and not three_way(BASE, BASE, same).conflicted


def test_two_creations_from_nothing_conflict() -> None:
    assert three_way("", "Ma page\n", "Sa page\n").conflicted
