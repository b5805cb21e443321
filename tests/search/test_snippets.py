"""Snippets, without an index: a word is marked exactly when the index matched it, in short
passages of its text, everything else escaped."""
from __future__ import annotations

import re

from cherclient_wiki.search.analysis import stems
from cherclient_wiki.search.snippets import BETWEEN, Marker, marker, snippet

WIDTH = 220


def query(*words: str) -> Marker:
    found = marker(stem for word in words for stem in stems(word))
    assert found is not None
    return found


def marked(html: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", html)


def test_every_form_the_index_matches_is_marked_and_nothing_else() -> None:
    text = "Les FIDÉLITÉS se gagnent ; la fidelite aussi, et la Fidélité. Un client infidèle reste un client."
    assert marked(snippet(text, query("fidélité"), WIDTH)) == ["FIDÉLITÉS", "fidelite", "Fidélité"]


def test_a_word_whose_stem_is_not_its_beginning_is_marked() -> None:
    """The French stemmer turns "indicateurs" into indiqu, "concurrence" into concurrent, and
    "payer" into pai."""
    text = "Les indicateurs de la concurrence : payer moins, pas plus."
    assert marked(snippet(text, query("indiquer", "concurrent", "paie"), WIDTH)) == ["indicateurs", "concurrence", "payer"]


def test_a_word_is_marked_only_where_the_index_saw_a_word() -> None:
    """The tokenizer keeps underscores and single dots inside words: « relation_client » and
    « crm.client » were indexed whole, so their « client » is not marked."""
    text = "Le client, la relation_client et crm.client. Client fidèle, client."
    assert marked(snippet(text, query("client"), WIDTH)) == ["client", "Client", "client"]


def test_small_words_are_never_marked() -> None:
    assert snippet("Nous sommes là pour vous.", query("client"), WIDTH) == ""


def test_the_text_is_escaped_and_only_the_words_are_marked() -> None:
    html = snippet('Le client <script>alert("x")</script> & le client', query("client"), WIDTH)
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp;" in html
    assert marked(html) == ["client", "client"]


def test_two_passages_in_the_order_of_the_text_each_within_the_width() -> None:
    filler = "Un conseiller répond au téléphone et note la demande. " * 4  # under EXCERPT_CHARS in all
    text = f"La réclamation arrive. {filler} Une autre réclamation suit. {filler} Enfin la réclamation et la fidélité."
    html = snippet(text, query("réclamation", "fidélité"), WIDTH)
    passages = html.split(BETWEEN)
    assert len(passages) == 2
    assert "fidélité" in passages[1] and "suit" not in html  # the richest passages, not the first ones
    assert all(len(re.sub("</?mark>", "", passage)) <= WIDTH for passage in passages)
    assert re.match(r"\w", passages[1]) and passages[1].endswith("fidélité</mark>.")  # cut between words


def test_a_long_text_is_snippeted_where_its_first_matching_word_is() -> None:
    filler = "Un conseiller répond au téléphone et note la demande du client. " * 80
    text = f"{filler}La Fidélisation des Zéphyrines se gagne à chaque appel. {filler}"
    html = snippet(text, query("zéphyrine"), WIDTH)
    assert "des <mark>Zéphyrines</mark> se gagne" in html


def test_passages_never_show_a_piece_of_text_twice() -> None:
    text = "« Le client », dit-il. Le client! " * 3
    shown = re.sub("</?mark>", "", snippet(text, query("client"), 60)).replace("&#39;", "'")
    assert shown.count("dit-il") <= text.count("dit-il")


def test_a_long_text_crowded_with_look_alike_words_is_looked_at_a_bounded_number_of_times(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """"paie" is looked for as words starting with "pai" or "pay": a 200,000-character text of
    such words that never match is read no further than MAX_CANDIDATES of them."""
    from cherclient_wiki.search import snippets

    found = query("paie")
    checked: list[str] = []
    real_stems = snippets.stems
    monkeypatch.setattr(snippets, "stems", lambda word: checked.append(word) or real_stems(word))
    text = "paillasson paysage " * 11_000 + "Il faut payer."
    assert snippet(text, found, WIDTH) == ""  # the lead of the text is shown instead
    assert len(checked) <= snippets.MAX_CANDIDATES + 200  # the look for the first match, then the excerpt's words
