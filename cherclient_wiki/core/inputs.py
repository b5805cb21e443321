"""The one gate for what clients send, so that a hostile value is a 4xx here rather than a 500
in whichever view happens to read it.

- Integers: path variables, query, form and JSON values are read as ASCII digits within the
  database's INTEGER range ("²" and "٣" pass `str.isdigit()`, and 10**30 overflows every id
  column); anything else is refused where it is read (`parse_int`, `database_int`, and the
  `<int:…>` converter, which makes an out-of-range id a 404).
- Text: the characters XML 1.0 forbids (C0 controls but tab and newlines, lone surrogates,
  U+FFFE/U+FFFF) are removed from every query, form and JSON string and from upload file names,
  before any view sees them; nothing stored can then break an Atom feed, and PostgreSQL never
  receives a NUL. Path variables holding one match no route (404).
- JSON: nested at most MAX_JSON_DEPTH levels (5,000 levels crashed the decoder); deeper is a 400.
- Web pages read HTML forms only: a JSON body there (which Flask-WTF would otherwise feed to the
  form, numbers and lists included) gets a 415.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from flask import Flask, Request, abort, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.datastructures import FileStorage, ImmutableMultiDict, iter_multi_items
from werkzeug.routing import IntegerConverter, Map, UnicodeConverter

# PostgreSQL's INTEGER, the type of every id and number column (SQLite's range is wider).
DB_INT_MIN, DB_INT_MAX = -(2**31), 2**31 - 1
MAX_JSON_DEPTH = 20
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

# ASCII digits only; more than 20 could never fit, and int() of thousands of digits takes time.
_INTEGER = re.compile(r"\s*[+-]?[0-9]{1,20}\s*")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# ---- integers -------------------------------------------------------------------------------


def parse_int(value: Any, *, minimum: int = DB_INT_MIN, maximum: int = DB_INT_MAX) -> int | None:
    """`value` as an int in [minimum, maximum] (never wider than the database's), from JSON (an
    int; booleans and floats are not numbers here) or from text (ASCII digits); None otherwise."""
    if isinstance(value, str) and _INTEGER.fullmatch(value):
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        return None
    return value if max(minimum, DB_INT_MIN) <= value <= min(maximum, DB_INT_MAX) else None


def database_int(value: Any) -> int:
    """parse_int for the callers that expect a ValueError: `request.args.get(type=…)` then falls
    back to its default, and WTForms' `coerce=` reports the field as invalid."""
    number = parse_int(value)
    if number is None:
        raise ValueError(f"not an integer the database can hold: {value!r:.40}")
    return number


class DatabaseIntConverter(IntegerConverter):
    """`<int:…>` in every route: ASCII digits within the database's range, or no match (404)."""

    regex = r"[0-9]+"

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None, max: int | None = None, signed: bool = False) -> None:  # noqa: A002 (werkzeug's names)
        low = DB_INT_MIN if min is None and signed else min
        super().__init__(map, fixed_digits, low, DB_INT_MAX if max is None else max, signed)


# ---- text -----------------------------------------------------------------------------------


def clean_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot carry (tab, newlines and the rest are kept)."""
    return _XML_ILLEGAL.sub("", text)


def has_illegal_characters(text: str) -> bool:
    return _XML_ILLEGAL.search(text) is not None


class CleanTextConverter(UnicodeConverter):
    """The default `<name>` converter: a segment holding a character XML forbids names nothing
    (404, whatever the method: refused by the pattern itself, not after a match)."""

    def __init__(self, map: Map, minlength: int = 1, maxlength: int | None = None, length: int | None = None) -> None:  # noqa: A002 (werkzeug's names)
        super().__init__(map, minlength, maxlength, length)
        self.regex = self.regex.replace("[^/]", "[^/\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean_value(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, FileStorage) and value.filename:
        value.filename = clean_text(value.filename)
    return value


class CleanMultiDict(ImmutableMultiDict[str, Any]):
    """Query and form parameters (and upload file names), cleaned as they are parsed."""

    def __init__(self, mapping: Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None) -> None:
        pairs = [(clean_text(key), _clean_value(value)) for key, value in iter_multi_items(mapping or ())]
        super().__init__(pairs)


class InputRequest(Request):
    parameter_storage_class = CleanMultiDict


# ---- JSON -----------------------------------------------------------------------------------


class JsonTooDeep(ValueError):
    """Refused like malformed JSON (a 400), whether the decoder or our walk noticed."""


def _cleaned(value: Any, depth: int = 1) -> Any:
    """Strings cleaned at every level; recursion is bounded because depth is checked first."""
    if depth > MAX_JSON_DEPTH:
        raise JsonTooDeep(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    if type(value) is str:  # not Markup, which the session may hold
        return clean_text(value)
    if isinstance(value, list):
        return [_cleaned(item, depth + 1) for item in value]
    if isinstance(value, dict):
        return {clean_text(key): _cleaned(item, depth + 1) for key, item in value.items()}
    return value


class InputJSONProvider(DefaultJSONProvider):
    """Flask's JSON, except what it reads: depth-bounded and cleaned. Every JSON body goes
    through here (`request.get_json`, hence the API's json_body and Flask-WTF alike)."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            value = super().loads(s, **kwargs)
        except RecursionError:  # the C decoder's own limit, met before our walk could be
            raise JsonTooDeep(f"JSON nested deeper than {MAX_JSON_DEPTH} levels") from None
        return _cleaned(value)


# ---- web forms ------------------------------------------------------------------------------


def _html_forms_only() -> None:
    if request.url_rule is not None and request.method in BODY_METHODS and request.is_json and not request.path.startswith("/api/"):
        abort(415)


def init_app(app: Flask) -> None:
    """Before any blueprint registers a route: the converters are read as rules are added."""
    app.request_class = InputRequest
    app.json = InputJSONProvider(app)
    app.url_map.converters["int"] = DatabaseIntConverter
    app.url_map.converters["default"] = CleanTextConverter
    app.url_map.converters["string"] = CleanTextConverter
    app.before_request(_html_forms_only)
