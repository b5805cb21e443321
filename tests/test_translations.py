"""Every French UI string has its English translation, and the shipped .mo matches the .po."""
from __future__ import annotations

from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "cherclient_wiki" / "translations" / "en" / "LC_MESSAGES"


def _msgid(message) -> str:  # type: ignore[no-untyped-def]
    return message.id if isinstance(message.id, str) else message.id[0]


def _msgstr(message) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    """The translation as a tuple: .po files give plural forms as a tuple, .mo files as a list."""
    return (message.string,) if isinstance(message.string, str) else tuple(message.string)


def test_every_ui_string_is_translated_to_english(tmp_path: Path) -> None:
    pot = tmp_path / "messages.pot"
    CommandLineInterface().run(
        ["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-k", "_l", "-o", str(pot), str(ROOT)]
    )
    with pot.open("rb") as handle:
        extracted = {_msgid(m) for m in read_po(handle) if m.id}
    with (CATALOG / "messages.po").open("rb") as handle:
        english = {_msgid(m): m for m in read_po(handle) if m.id}
    missing = sorted(extracted - english.keys())
    untranslated = sorted(key for key in extracted & english.keys() if not english[key].string or english[key].fuzzy)
    assert not missing, f"run pybabel update: {missing[:10]}"
    assert not untranslated, f"translate: {untranslated[:10]}"


def test_compiled_catalog_matches_its_source() -> None:
    with (CATALOG / "messages.po").open("rb") as handle:
        source = {(_msgid(m), _msgstr(m)) for m in read_po(handle) if m.id and not m.fuzzy}
    with (CATALOG / "messages.mo").open("rb") as handle:
        compiled = {(_msgid(m), _msgstr(m)) for m in read_mo(handle) if m.id}
    assert compiled == source, "run pybabel compile -d cherclient_wiki/translations"
