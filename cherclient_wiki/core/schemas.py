"""One way to validate what clients send, web forms and API alike: pydantic models.

A feature describes each input once (a story, a page, a comment...) as a `Schema`; the web view
feeds it the form's fields, the API its JSON body, and both get the same checks and the same
French messages (`validate` raises core.errors.InputError, one message per field). The same
models describe the API's answers, and /api/v1/openapi.json is generated from them.

Also here: the one date serialiser (`Timestamp`: stored naive UTC, sent as ISO 8601 with "Z"),
database-sized integers, and text that is stripped and bounded.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Annotated, Any, NoReturn, TypeVar

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StrictInt,
    StringConstraints,
    TypeAdapter,
    ValidationError,
)
from pydantic_core import PydanticCustomError

from .errors import InputError
from .inputs import DB_INT_MAX, DB_INT_MIN, parse_int

M = TypeVar("M", bound=BaseModel)


class Schema(BaseModel):
    """What a client sends: unknown fields are ignored (forms carry buttons and CSRF tokens)."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    @classmethod
    def missing_message(cls, field: str) -> str | None:
        """What to tell someone who left `field` out (None: the general "Champ obligatoire.")."""
        return None


class Output(BaseModel):
    """What the API answers."""

    model_config = ConfigDict(from_attributes=True, populate_by_name=True)


def iso_utc(moment: datetime) -> str:
    """The one date format of the API: stored naive UTC, written ISO 8601 with "Z"."""
    return moment.isoformat() + "Z" if moment.tzinfo is None else moment.isoformat()


def from_iso_utc(text: str) -> datetime:
    """iso_utc read back (older files without "Z" too) as the naive UTC the database stores."""
    moment = datetime.fromisoformat(text)
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo is not None else moment


Timestamp = Annotated[datetime, PlainSerializer(iso_utc, return_type=str, when_used="json")]


def _integer(value: Any) -> Any:
    """ASCII digits or a JSON integer (never a boolean, a float or "²"), within the database's
    range: what core.inputs.parse_int accepts."""
    if value is None or value == "":
        return value
    number = parse_int(value)
    if number is None:
        raise PydanticCustomError("integer", str(_("Nombre entier attendu.")))
    return number


# An integer from a query string or a form (text), or from JSON where numbers are typed: JsonInt
# refuses "3", booleans and floats, as a JSON API should.
DbInt = Annotated[int, BeforeValidator(_integer), Field(ge=DB_INT_MIN, le=DB_INT_MAX)]
JsonInt = Annotated[StrictInt, Field(ge=DB_INT_MIN, le=DB_INT_MAX)]


def bounded_text(min_length: int = 0, max_length: int | None = None) -> Any:
    """Text stripped of surrounding spaces, with length bounds (in characters)."""
    return Annotated[str, StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length)]


def refuse(message: str) -> NoReturn:
    """Inside a validator: this field is refused with this French message, kept as it is."""
    raise PydanticCustomError("refused", str(message))


def clean_title(value: Any, empty: str, shortest: int, longest: int) -> str:
    """A title as every form takes it: spaces collapsed, required (`empty` says what to write),
    between `shortest` and `longest` characters."""
    text = " ".join(value.split()) if isinstance(value, str) else ""
    if not text:
        refuse(empty)
    if not shortest <= len(text) <= longest:
        refuse(_("Le titre doit faire entre %(min)d et %(max)d caractères.", min=shortest, max=longest))
    return text


# French messages for pydantic's error types; a custom validator's own message is kept as it is.
MESSAGES = {
    "missing": _l("Ce champ est obligatoire."),
    "string_type": _l("Texte attendu."),
    "string_too_short": _l("Au moins %(min_length)s caractères."),
    "string_too_long": _l("Au plus %(max_length)s caractères."),
    "int_type": _l("Nombre entier attendu."),
    "int_parsing": _l("Nombre entier attendu."),
    "int_from_float": _l("Nombre entier attendu."),
    "bool_type": _l("Vrai ou faux attendu (true ou false)."),
    "bool_parsing": _l("Vrai ou faux attendu (true ou false)."),
    "greater_than_equal": _l("Au moins %(ge)s."),
    "less_than_equal": _l("Au plus %(le)s."),
    "greater_than": _l("Plus de %(gt)s."),
    "less_than": _l("Moins de %(lt)s."),
    "too_short": _l("Au moins %(min_length)s éléments."),
    "too_long": _l("Au plus %(max_length)s éléments."),
    "list_type": _l("Liste attendue."),
    "dict_type": _l("Objet JSON attendu."),
    "model_type": _l("Objet JSON attendu."),
    "model_attributes_type": _l("Objet JSON attendu."),
    "literal_error": _l("Valeur inconnue ; possibles : %(expected)s."),
    "enum": _l("Valeur inconnue ; possibles : %(expected)s."),
}


def _message(error: Mapping[str, Any]) -> str:
    if error["type"] in ("string_too_short", "too_short") and (error.get("ctx") or {}).get("min_length") == 1:
        return str(MESSAGES["missing"])  # an empty text is a missing one
    template = MESSAGES.get(error["type"])
    if template is None:
        return str(error["msg"])
    context = {key: str(value).replace("'", "").replace(" or ", ", ") for key, value in (error.get("ctx") or {}).items()}
    return str(template) % context if "%(" in str(template) else str(template)


def errors_of(invalid: ValidationError, model: type[BaseModel] | None = None) -> dict[str, str]:
    """One French message per field ("brands.2" for the third brand), the first one found."""
    fields: dict[str, str] = {}
    for error in invalid.errors():
        name = ".".join(str(part) for part in error["loc"])
        custom = None
        if error["type"] == "missing" and model is not None and issubclass(model, Schema):
            custom = model.missing_message(name)
        fields.setdefault(name, str(custom) if custom else _message(error))
    return fields


def validate(model: type[M], data: Mapping[str, Any]) -> M:
    """`data` checked against `model`, or an InputError (422) with a French message per field."""
    try:
        return model.model_validate(data)
    except ValidationError as invalid:
        raise InputError.of(errors_of(invalid, model)) from None


def validate_value(kind: Any, value: Any, field: str) -> Any:
    """One value checked against an annotated type (a story's body after a merge), or an
    InputError on `field`."""
    try:
        return TypeAdapter(kind).validate_python(value)
    except ValidationError as invalid:
        raise InputError(_message(invalid.errors()[0]), field) from None
