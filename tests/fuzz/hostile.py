"""What an attacker sends: a systematic sweep, and hypothesis strategies for the rest.

Every probe starts from values the site accepts (so it reaches the code behind validation),
then replaces some with hostile ones: integers past the database's range, digits that only
Unicode calls digits, lone surrogates, control characters, url_for's own keyword names, deep or
ill-typed JSON, empty and very long values.

- `sweep`: for each parameter the route's view was seen reading, each class of hostile value in
  turn (one parameter at a time, so that no refusal of another one hides it), then each path
  variable, url_for's names, and the body as a whole (deep, ill-typed, empty, JSON on a form).
- `probe_strategy`: random mixes of all of it, several values hostile at once.
"""
from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from flask import Request
from hypothesis import strategies as st
from PIL import Image

from cherclient_wiki.core.inputs import BODY_METHODS

HUGE = "99999999999999999999999"
INTEGERS = [
    "0", "-1", "²", "٣", "１", "1e30", "1.5", "0x10", " 7", "+7", "1_000", "", "NaN",
    str(2**31 - 1), str(2**31), str(2**63), HUGE, "-" + HUGE, "9" * 5000,
]
TEXTS = [
    "", " ", "\x00", "a\x01b", "\x0b\x0c\x1b\x7f", "\ud800", "x\udfffy", "\ufffe\uffff", "\u202eevil",
    "é", "🙂🙂", "<script>alert(1)</script>", "{{ 7*7 }}", "../../etc/passwd", "%00", "a" * 300,
    "x" * 100_000, "null", "[]", "true", "Saab, " * 60, "[[Page]] [lien](javascript:alert(1))",
]
# url_for's own keywords: a view that passes the query string to url_for must not read them.
URL_FOR_NAMES = ["endpoint", "_method", "_external", "_scheme", "_anchor"]
URL_FOR_VALUES = ["x", "POST", "0", "https", "ftp", ""]

# Query parameters the views read, with values they accept.
QUERY = {
    "page": ["1", "2"], "q": ["client", "saab service"], "type": ["page", "story", "edit", "histoire"],
    "brand": ["saab"], "marque": ["saab"], "kind": ["love", "complaint"], "ending": ["loyal", "left"],
    "since": ["2010"], "sector": ["automobile"], "channel": ["phone"], "tri": ["date", "relevance"],
    "categorie": ["relation-client"], "next": ["/wiki/"], "title": ["Nouvelle page"], "name": ["victime"],
    "user": ["claire"], "from": ["1"], "to": ["2"], "redirected_from": ["ancienne"], "lang": ["fr"],
}

STORY_BODY = (
    "En mars, mon lave-linge a lâché deux jours avant le départ en vacances. Le conseiller a pris le "
    "temps de m'écouter et un technicien est passé le lendemain matin."
)
PASSWORD = "motdepasse-solide"
CURRENT = "current"  # a wiki form's base revision: replaced by the page's latest when sent, so saves go through

# Every field of every form, with values one of the forms accepts (several forms share a name:
# the first value suits them all where it can, e.g. a reason both a report and a moderator take).
FORM = {
    "login": ["victime", "victime@example.org"], "password": [PASSWORD], "remember": ["y"],
    "username": ["victime", "nouveau"], "email": ["nouveau@example.org"], "confirm": [PASSWORD],
    "role": ["customer", "practitioner", "moderator"], "current_password": [PASSWORD], "new_password": [PASSWORD],
    "name": ["jeton"], "title": ["Accueil client", "Une histoire de lave-linge"],
    "source": ["# Titre\n\nTexte avec [[Accueil client]]."], "summary": ["relecture"],
    "base_revision": [CURRENT, "0", "1"], "revision": ["1", "2"], "preview": ["", "Prévisualiser"],
    "save": ["Enregistrer"], "user": ["claire"], "type": ["edit"], "body": [STORY_BODY, "Merci !"],
    "brands": ["Saab", "Saab, Coolblue"], "kind": ["love", "complaint"], "satisfaction": ["1", "5"],
    "ending": ["loyal", "returned"], "year": ["2015", ""], "channel": ["phone", ""], "photo": [""],
    "brand_id": [""], "next": ["/stories/"], "reason": ["off_topic", "spam", "doublon signalé"],
    "details": ["Voir le deuxième paragraphe."], "decision": ["resolved", "dismissed"], "hidden": ["1", "0"],
    "active": ["1", "0"], "brand": ["Saab"], "domain": ["pub.example"], "story_ids": ["1"],
    "approve": ["selected"], "reject": ["selected"], "rename-name": ["Saab Automobile"],
    "rename-reason": ["coquille"], "details-sector": ["automobile"], "details-aliases": ["SAAB\nSaab AB"],
    "details-reason": ["précision"], "merge-target": ["Coolblue"], "merge-reason": ["doublon"],
    "synonyms": ["SAV, service après-vente"], "lang": ["fr", "en"], "protected": ["1", "0"], "alt": ["photo"],
}

# Every key of every JSON body, with values the API accepts.
JSON_BODY: dict[str, list[Any]] = {
    "markdown": ["# Titre\n\nUn texte."], "title": ["Accueil client", "Une histoire de lave-linge"],
    "summary": ["relecture"], "base_revision": [None, 1, 2], "revision": [1, 2], "body": [STORY_BODY],
    "brands": [["Saab"], ["Saab", "Coolblue"]], "kind": ["love"], "satisfaction": [4], "ending": ["loyal"],
    "year": [2015, None], "channel": ["phone", None], "photo": [None], "decision": ["approve", "reject"],
    "reason": ["off_topic", None], "role": ["customer", "practitioner"],
}
JSON_VALUES: list[Any] = [
    10**30, -(10**30), 2**31, 2**63, -1, 0, 1e30, 1.5, True, False, None, [], {}, [1, "a"], {"a": 1},
    "", "²", "٣", "\ud800", "a\x00b", "a\x01b", "x" * 100_000, ["\ud800"], {"\ud800": 1}, [[[[["profond"]]]]],
]
JSON_BODIES = [
    b"", b" ", b"null", b"[]", b'"texte"', b"42", b"1e400", b"{", b"{'a': 1}", b"\xff\xfe\x00",
    b"\xef\xbb\xbf{}", b'{"a": NaN, "b": Infinity}', b"[" * 5000 + b"]" * 5000,
    b'{"a":' * 5000 + b"1" + b"}" * 5000, b'{"markdown": "\\ud800", "summary": "\\udfff"}',
    b'{"markdown": "a\\u0000b\\u0001", "summary": "\\u0008"}', b'{"revision": 1e30, "base_revision": 1e30}',
    b'{"revision": ' + b"9" * 5000 + b"}",
]
# The sweep's classes of hostile values: for integer parameters, then for text ones.
INTEGER_ATTACKS: list[tuple[str, Any]] = [(HUGE, 10**30), ("²", "²"), (str(2**31), 2**31), ("-1", -1)]
TEXT_ATTACKS = ["a\x00\x01\x1bb", "a\ud800b\udfff", "x" * 20_000]
INTEGER_NAMES = {"page", "from", "to", "since", "base_revision", "revision", "satisfaction", "year", "story_ids", "brand_id", "approve", "reject", "photo"}
DEEP_JSON = [b"[" * 5000 + b"]" * 5000, b'{"a":' * 5000 + b"1" + b"}" * 5000]

AUTHORIZATIONS = ["Bearer", "Bearer ", "Bearer \x01", "Basic YTpi", "bearer cc_faux", "Bearer " + "x" * 10_000, "Bearer \xe9"]
CONTENT_TYPES = ["application/json", "application/json; charset=latin-7", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (2, 2), "teal").save(out, "PNG")
    return out.getvalue()


PNG = _png()
FILES = [PNG, b"", b"GIF89a" + b"\x00" * 20, b"<svg onload=alert(1)>", b"\x89PNG\r\n\x1a\n" + b"\xff" * 50]

VARIABLE = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


@dataclass(frozen=True)
class Route:
    """One rule and one method of the app's url_map."""

    rule: str
    method: str
    endpoint: str

    @property
    def variables(self) -> list[tuple[str, str]]:
        """(converter, name) of each path variable."""
        return [(converter or "default", name) for converter, name in VARIABLE.findall(self.rule)]

    @property
    def is_api(self) -> bool:
        return self.rule.startswith("/api/")

    def path(self, values: dict[str, str]) -> str:
        return VARIABLE.sub(lambda m: quote(values[m.group(2)], safe="", errors="surrogatepass"), self.rule)


@dataclass
class Probe:
    """One request, before the identity's cookie and token are added."""

    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str] = field(default_factory=dict)
    form: dict[str, Any] | None = None
    data: bytes | None = None
    content_type: str | None = None
    variables: dict[str, str] = field(default_factory=dict)  # the path's, unquoted

    def describe(self) -> str:
        body = repr(self.form) if self.form is not None else repr(self.data)
        query = "&".join(f"{k}={v!r}" for k, v in self.query)
        return f"{self.path}?{query} headers={self.headers!r} content_type={self.content_type!r} body={body}"[:700]


def _pick(valid: list[Any], hostile: list[Any]) -> st.SearchStrategy[Any]:
    """Mostly a valid value, so the request reaches the code behind validation."""
    if not valid:
        return st.sampled_from(hostile)
    return st.integers(0, 3).flatmap(lambda n: st.sampled_from(hostile if n == 0 else valid))


def _baselines(values: dict[str, list[Any]], count: int = 6) -> list[dict[str, Any]]:
    """A few complete, valid bodies (the n-th accepted value of every field), drawn in one step."""
    return [{name: choices[n % len(choices)] for name, choices in values.items()} for n in range(count)]


def _mutated(values: dict[str, list[Any]], hostile: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A valid body with a few keys given hostile values (url_for's names among them) or dropped."""
    names = st.sampled_from(sorted(values) + URL_FOR_NAMES)
    return st.tuples(
        st.sampled_from(_baselines(values)),
        st.dictionaries(names, hostile, max_size=3),
        st.lists(st.sampled_from(sorted(values)), max_size=3),
    ).map(lambda parts: {k: v for k, v in {**parts[0], **parts[1]}.items() if k not in parts[2] or k in parts[1]})


HOSTILE_TEXT = st.one_of(
    st.sampled_from(INTEGERS), st.sampled_from(TEXTS), st.sampled_from(URL_FOR_VALUES),
    st.text(st.characters(codec=None, categories=["Cc", "Cs", "Nd", "No", "Lo", "Zs", "So"]), max_size=12),
)
HOSTILE_JSON = st.one_of(
    st.sampled_from(JSON_VALUES), HOSTILE_TEXT, st.integers(), st.floats(),
    st.recursive(
        st.none() | st.booleans() | st.integers() | HOSTILE_TEXT,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(HOSTILE_TEXT, inner, max_size=3),
        max_leaves=6,
    ),
)
QUERY_PAIRS = st.lists(
    st.one_of(
        st.sampled_from([(name, value) for name, values in QUERY.items() for value in values]),
        st.tuples(st.sampled_from(sorted(QUERY) + URL_FOR_NAMES), HOSTILE_TEXT),
        st.tuples(st.sampled_from(URL_FOR_NAMES), st.sampled_from(URL_FOR_VALUES)),
    ),
    max_size=5,
)
FORM_BODY = _mutated(FORM, HOSTILE_TEXT)
FORM_WITH_FILE = st.tuples(FORM_BODY, st.sampled_from(FILES), st.one_of(st.just("photo.png"), HOSTILE_TEXT)).map(
    lambda parts: {**parts[0], "image": (parts[1], parts[2])}
)
_VALID_JSON = _mutated(JSON_BODY, HOSTILE_JSON).map(lambda body: json.dumps(body).encode())
JSON_DATA = st.integers(0, 3).flatmap(lambda n: st.sampled_from(JSON_BODIES) if n == 0 else _VALID_JSON)
ODD_BODIES = st.tuples(st.sampled_from([b"", b"a=1&b", b"\xff" * 10, b"--x\r\n"]), st.sampled_from(CONTENT_TYPES))


def probe_strategy(route: Route, path_values: dict[str, list[str]]) -> st.SearchStrategy[Probe]:
    """Requests for one route: valid or hostile path values, a query string, a body fit for the
    method (a form on web pages, JSON on the API, and now and then the other one), odd headers."""
    variables = {
        name: _pick(path_values.get(name, []), INTEGERS if converter == "int" else TEXTS + INTEGERS + URL_FOR_NAMES)
        for converter, name in route.variables
    }
    sends_body = route.method in BODY_METHODS

    @st.composite
    def build(draw: st.DrawFn) -> Probe:
        values = {name: draw(strategy) for name, strategy in variables.items()}
        probe = Probe(route.path(values), draw(QUERY_PAIRS), variables=values)
        if draw(st.integers(0, 9)) == 0:
            probe.headers["Authorization"] = draw(st.sampled_from(AUTHORIZATIONS))
        if draw(st.integers(0, 14)) == 0:
            probe.headers["Accept-Language"] = draw(st.sampled_from(["en", "*", "\x00", "fr;q=NaN", "x" * 5000]))
        shape = draw(st.integers(0, 9)) if sends_body else 10 + draw(st.integers(0, 9))
        if shape < 7 and route.is_api or shape == 7 and not route.is_api or shape == 19:
            probe.data, probe.content_type = draw(JSON_DATA), "application/json"
        elif shape < 7:
            probe.form = draw(FORM_WITH_FILE if route.endpoint.startswith("uploads.") else FORM_BODY)
        elif shape == 7:
            probe.form = draw(FORM_BODY)
        elif shape == 8:
            probe.form = draw(FORM_WITH_FILE)
        elif shape == 9:  # empty, or a body that does not match its content type
            probe.data, probe.content_type = draw(ODD_BODIES)
        return probe  # shapes 10-18: a GET without a body

    return build()


# ---- the sweep ------------------------------------------------------------------------------


class ReadNames:
    """The query and form parameters the app read during a request (the sweep attacks those)."""

    names: set[str] = set()


def recording(request_class: type[Request]) -> type[Request]:
    """`request_class` whose query and form parameters note each name the app asks for."""
    storage: Any = request_class.parameter_storage_class

    class Recording(storage):  # type: ignore[misc,valid-type]
        def __contains__(self, key: object) -> bool:
            ReadNames.names.add(str(key))
            return super().__contains__(key)  # type: ignore[no-any-return]

        def __getitem__(self, key: str) -> Any:
            ReadNames.names.add(key)
            return super().__getitem__(key)

        def get(self, key: str, *args: Any, **kwargs: Any) -> Any:
            ReadNames.names.add(key)
            return super().get(key, *args, **kwargs)

        def getlist(self, key: str, *args: Any, **kwargs: Any) -> Any:
            ReadNames.names.add(key)
            return super().getlist(key, *args, **kwargs)

    return type("RecordingRequest", (request_class,), {"parameter_storage_class": Recording})



def baseline(route: Route, path_values: dict[str, list[str]]) -> Probe:
    """Valid everywhere: every known query parameter, and the body the route expects."""
    variables = {name: (path_values.get(name) or ["x"])[0] for _converter, name in route.variables}
    probe = Probe(route.path(variables), [(name, values[0]) for name, values in QUERY.items()], variables=variables)
    if route.method in BODY_METHODS:
        if route.is_api:
            probe.data, probe.content_type = json.dumps(_baselines(JSON_BODY)[0]).encode(), "application/json"
        else:
            probe.form = dict(_baselines(FORM)[0])
            if route.endpoint.startswith("uploads."):
                probe.form["image"] = (PNG, "photo.png")
    return probe


def _variant(base: Probe, *, name: str | None = None, value: Any = None, **changes: Any) -> Probe:
    """`base` with `name` set to `value` in the query and in the form, or other fields replaced."""
    probe = Probe(base.path, list(base.query), dict(base.headers), dict(base.form) if base.form is not None else None, base.data, base.content_type, dict(base.variables))
    if name is not None:
        probe.query = [(key, old) for key, old in probe.query if key != name] + [(name, value)]
        if probe.form is not None:
            probe.form[name] = value
    for key, new in changes.items():
        setattr(probe, key, new)
    return probe


def _json(base: Probe, values: dict[str, Any]) -> Probe:
    return _variant(base, data=json.dumps({**_baselines(JSON_BODY)[0], **values}).encode())


def sweep(route: Route, path_values: dict[str, list[str]], read: set[str]) -> list[Probe]:
    """Systematic probes for one route, given the query and form parameters its view read when
    sent `baseline` (an identity turned away early reads none, and gets few probes)."""
    base = baseline(route, path_values)
    probes = [
        _variant(base, name=name, value=value)
        for name in sorted(read - {"csrf_token", "image"})  # the file is probed below
        for value in ([text for text, _number in INTEGER_ATTACKS] if name in INTEGER_NAMES else TEXT_ATTACKS)
    ]
    probes.append(_variant(base, query=base.query + [(name, "POST") for name in URL_FOR_NAMES]))
    for converter, name in route.variables:
        for hostile in [HUGE, "²", str(2**31)] if converter == "int" else ["a\x00\x01b", "x" * 10_000, "\ud800", "_method"]:
            values = {**base.variables, name: hostile}
            probes.append(_variant(base, path=route.path(values), variables=values))
    if base.data is not None:  # JSON: every integer key, then every text key, of one class at a time
        text_keys = [key for key in JSON_BODY if key not in INTEGER_NAMES]
        probes += [_json(base, {key: number for key in JSON_BODY if key in INTEGER_NAMES}) for _text, number in INTEGER_ATTACKS]
        probes += [_json(base, {key: text for key in text_keys}) for text in TEXT_ATTACKS]
        probes += [_json(base, {key: [] for key in JSON_BODY}), _json(base, {key: {"a": 1} for key in JSON_BODY})]
        probes += [_variant(base, data=data) for data in [*DEEP_JSON, b"[]", b"", b"{"]]
    elif base.form is not None:  # a form: sent as JSON instead, empty, and with hostile file names
        fields = {key: value for key, value in base.form.items() if key != "image"}
        as_json = [fields, {key: 5 for key in fields}, {key: [1, 2] for key in fields}, [], 42]
        probes += [_variant(base, form=None, data=json.dumps(body).encode(), content_type="application/json") for body in as_json]
        probes += [_variant(base, form=None, data=DEEP_JSON[0], content_type="application/json"), _variant(base, form={})]
        if "image" in base.form:
            probes += [_variant(base, form=base.form | {"image": (PNG, f"photo{text}.png")}) for text in TEXT_ATTACKS]
    return probes
