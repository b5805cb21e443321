"""French analysis and lenient query reading, without an index."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cherclient_wiki.search.analysis import fold, match_key, stems
from cherclient_wiki.search.index import build_schema
from cherclient_wiki.search.query import MAX_UNITS, parse
from cherclient_wiki.search.synonyms import default_text
from cherclient_wiki.search.synonyms import parse as parse_list
from tests.search.conftest import whoosh_format

SYNONYMS = [(("sav",), ("service", "apres", "vente")), (("hotline",), ("assistance", "telephonique"))]


def test_folding_removes_accents_and_case() -> None:
    assert fold("Fidélité À l'ŒUVRE") == "fidelite a l'oeuvre"


@pytest.mark.parametrize(
    ("one", "other"),
    [("fidélité", "fidelite"), ("réclamations", "réclamation"), ("conseillers", "conseiller"), ("traitées", "traité")],
)
def test_forms_of_a_word_share_a_stem(one: str, other: str) -> None:
    assert set(stems(one)) & set(stems(other))


def test_synonym_terms_are_matched_on_stems() -> None:
    assert match_key("téléconseillers") == match_key("teleconseiller")


def test_words_are_units_and_stop_words_drop() -> None:
    parsed = parse("la fidélité des clients", [])
    assert [unit.alternatives for unit in parsed.units] == [(("fidélité",),), (("clients",),)]


def test_only_stop_words_are_kept_rather_than_nothing() -> None:
    assert parse("le la", []).units


def test_phrases_exclusions_and_filters() -> None:
    parsed = parse('"bien traitée" -hotline type:histoire marque:"Cycles Lemoine" catégorie:Réclamations', [])
    assert [unit.alternatives for unit in parsed.units] == [(("bien", "traitée"),)]
    assert [unit.alternatives for unit in parsed.excluded] == [(("hotline",),)]
    assert parsed.types == ["story"]
    assert parsed.brands == ["cycles-lemoine"]
    assert parsed.categories == ["reclamations"]


def test_a_synonym_term_becomes_one_unit_with_every_alternative() -> None:
    parsed = parse("SAV rapide", SYNONYMS)
    assert parsed.units[0].alternatives == (("sav",), ("service", "apres", "vente"))
    assert parse("service après-vente", SYNONYMS).units[0].alternatives == (("service", "après", "vente"), ("sav",))


@pytest.mark.parametrize("text", ['"unclosed', "(((", "title:", "*", "[a TO", "a:b:c", '"', "-", "---", "type:", "marque:"])
def test_malformed_input_is_read_as_words(text: str) -> None:
    parse(text, SYNONYMS)  # never raises


def test_unknown_filters_and_types_are_plain_words_or_ignored() -> None:
    assert [unit.alternatives for unit in parse("title:fidélité", []).units] == [(("title",),), (("fidélité",),)]
    assert parse("type:inconnu", []).types == []


def test_length_and_term_caps() -> None:
    parsed = parse(" ".join(f"mot{i}" for i in range(500)), [])
    assert parsed.truncated
    assert len(parsed.units) == MAX_UNITS


def test_shipped_synonym_list_parses() -> None:
    lines = parse_list(default_text())
    assert "SAV, service après-vente, service après vente" in lines
    assert all("#" not in line for line in lines)


PAGES = Path(__file__).resolve().parents[2] / "pages"
TEXTS = [
    "",
    "Fidélité, FIDÉLITÉ et fidelite : les conseillères répondent aux réclamations !",
    "Le service client de la SNCF m'a rappelé le jour même ; l'attente était de 3 min.",
    "Straße STRASSE Œuvre cœur Æsir naïve Noël 1,5 3.14 e.mail a.b.c _x_ __ l'œil",
    "anticonstitutionnellement intergouvernementalisations " * 3,
    "de la le les des du un une et à au aux " * 4,
    "İstanbul ﬁdèle Ⅻ ²³ x² ½ ǅ ß ẞ ﬀ",
    "\u00a0\u2009mot\u200bmot\ttab\nligne\r\nfin",
]


@pytest.mark.parametrize("field", ["title", "title_exact", "title_prefix", "body", "body_exact", "tags"])
def test_indexing_in_one_pass_gives_the_chains_postings(field: str) -> None:
    """Our formats count the analyzers' one-pass terms (search.formats); Whoosh's own format runs
    the analyzer chain, token by token: the same terms, frequencies, weights and positions, for
    the seed pages and for texts with accents, ligatures, case folds, numbers and stop words."""
    schema = build_schema()
    format_, analyzer = schema[field].format, schema[field].analyzer
    stock = whoosh_format(format_)
    pages = [path.read_text(encoding="utf-8") for path in sorted(PAGES.glob("*.md"))]
    assert pages
    for text in TEXTS + pages:
        assert list(format_.word_values(text, analyzer, mode="index")) == list(stock.word_values(format_, text, analyzer, mode="index"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_indexing_in_one_pass_holds_for_any_text(text: str) -> None:
    """The same on any text (hypothesis), for each analyzer."""
    schema = build_schema()
    for field in ("title", "title_prefix", "body_exact"):
        format_, analyzer = schema[field].format, schema[field].analyzer
        stock = whoosh_format(format_)
        assert list(format_.word_values(text, analyzer, mode="index")) == list(stock.word_values(format_, text, analyzer, mode="index"))
