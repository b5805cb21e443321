from __future__ import annotations

from cherclient_wiki.wiki.diff import word_diff


def test_words_are_marked_and_html_is_escaped() -> None:
    lines = word_diff("Un client <b>fidèle</b>.\n", "Un client <b>heureux</b>.\nNouvelle ligne\n")
    changed = "".join(str(line.html) for line in lines if line.changed)
    assert "<del>fidèle</del><ins>heureux</ins>" in changed
    assert "&lt;b&gt;" in changed and "<b>" not in changed
    assert "Nouvelle ligne</ins>" in changed


def test_long_unchanged_stretches_are_folded() -> None:
    old = "\n".join(f"ligne {i}" for i in range(40))
    new = old.replace("ligne 20", "ligne vingt")
    lines = word_diff(old, new)
    folds = [line.folded for line in lines if line.html is None]
    assert folds == [20 - 2, 40 - 21 - 2]
    assert sum(1 for line in lines if line.changed) == 1
