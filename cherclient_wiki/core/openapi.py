"""The API's contract, from the code: each /api/v1 route is an `operation` declaring its query, body
and answer as pydantic models (core.schemas). The decorator validates the request with them (422
with `fields` in French), shapes the answer with them, and the OpenAPI 3.1 document served at
/api/v1/openapi.json is generated from the same models and the url map: there is no second
description to keep in step. /api/docs renders that document as plain HTML from our own origin
(no script, no CDN).

Why pydantic and our own ~200 lines rather than flask-smorest or flask-openapi3: those frameworks
impose their own error body and their own blueprint, while the API's error shape
(`{"error": {"code", "message"}, "fields"}`, French messages) and the web forms' validation must be
ours and shared; pydantic gives the validation and JSON Schema 2020-12 (OpenAPI 3.1's dialect).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import wraps
from http import HTTPStatus
from typing import Any, TypeVar

from flask import Flask, Response, current_app, has_request_context, jsonify, render_template, request
from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import models_json_schema
from werkzeug.routing import Rule

from .api import api_bp, json_body
from .errors import InputError
from .schemas import validate

F = TypeVar("F", bound=Callable[..., Any])

API_TITLE = "CherClient.wiki API"
API_VERSION = "1"
AUTH_MARK = "__api_role__"  # set by the bearer-token decorator (accounts.bearer) on a view
LIMIT_MARK = "__api_limited__"  # set on views that a rate limit guards
REF = "#/components/schemas/{model}"


@dataclass(frozen=True)
class Operation:
    summary: str
    tag: str
    query: type[BaseModel] | None = None
    body: type[BaseModel] | None = None
    response: Any = None  # a model, a list of models, or None (no JSON body)
    status: int = 200
    errors: tuple[int, ...] = ()
    aliases: Mapping[str, str] = field(default_factory=dict)  # domain field -> request field
    description: str = ""
    also: tuple[int, ...] = ()  # other success statuses, with the same answer (201 created / 200 saved)
    media_type: str = ""  # a file answered instead of JSON (a zip): the view returns a ready Response


def operation(summary: str, tag: str, *, query: type[BaseModel] | None = None, body: type[BaseModel] | None = None,
              response: Any = None, status: int = 200, errors: Sequence[int] = (),
              aliases: Mapping[str, str] | None = None, also: Sequence[int] = (), media_type: str = "") -> Callable[[F], F]:
    """Declare, validate and shape one API route. The view receives `query=` and `body=` (the
    validated models) besides its path variables, and returns a model (answered with `status`), a
    list of models, or a ready Response (a file of `media_type`). An InputError it raises is answered as 422 with
    `fields`, renamed through `aliases` (the domain's "source" is the API's "markdown")."""

    def decorate(view: F) -> F:
        spec = Operation(summary, tag, query, body, response, status, tuple(errors), dict(aliases or {}),
                         (view.__doc__ or "").strip(), tuple(also), media_type)

        @wraps(view)
        def wrapped(**path: Any) -> Any:
            try:
                if spec.query is not None:
                    path["query"] = validate(spec.query, _query_values(spec.query))
                if spec.body is not None:
                    path["body"] = validate(spec.body, json_body())
                result = view(**path)
            except InputError as error:
                return error.response(spec.aliases)
            return _answer(result, spec.status)

        wrapped.__api_operation__ = spec  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorate


def _query_values(model: type[BaseModel]) -> dict[str, Any]:
    """The query string as the model reads it: lists for list fields (?type=a&type=b)."""
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key not in request.args:
            continue
        is_list = getattr(info.annotation, "__origin__", None) is list
        values[key] = request.args.getlist(key) if is_list else request.args.get(key)
    return values


def _answer(result: Any, status: int) -> Any:
    if isinstance(result, tuple) and result and isinstance(result[0], BaseModel):
        result, status = result[0], result[1]
    if isinstance(result, BaseModel):
        response = current_app.response_class(result.model_dump_json(by_alias=True), mimetype="application/json")
        response.status_code = status
        return response
    if isinstance(result, list) and all(isinstance(item, BaseModel) for item in result):
        return jsonify([item.model_dump(mode="json", by_alias=True) for item in result]), status
    return result


# ---- the document --------------------------------------------------------------------------------


ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
        },
        "fields": {"type": "object", "additionalProperties": {"type": "string"},
                   "description": "Un message en français par champ refusé."},
    },
}


def _path_parameter(rule: Rule, name: str) -> dict[str, Any]:
    converter = rule._converters.get(name)  # noqa: SLF001 (werkzeug keeps them there)
    if converter is not None and converter.__class__.__name__.endswith("IntConverter") or name.endswith("_id"):
        schema: dict[str, Any] = {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}
    else:
        schema = {"type": "string"}
    return {"name": name, "in": "path", "required": True, "schema": schema}


def _response_schema(response: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    if isinstance(response, type) and issubclass(response, BaseModel):
        return {"$ref": REF.format(model=response.__name__)}
    schema = TypeAdapter(response).json_schema(ref_template=REF, mode="serialization")
    definitions.update(schema.pop("$defs", {}))
    return schema


def _models(operations: list[Operation]) -> list[tuple[type[BaseModel], str]]:
    found: dict[tuple[type[BaseModel], str], None] = {}
    for spec in operations:
        for model, mode in ((spec.query, "validation"), (spec.body, "validation"), (spec.response, "serialization")):
            if isinstance(model, type) and issubclass(model, BaseModel):
                found[(model, mode)] = None
    return list(found)


def api_operations(app: Flask) -> list[tuple[Rule, str, Operation | None]]:
    """Every (rule, method) of the API, with its declared operation (None: undeclared)."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(api_bp.url_prefix or "/api/v1"):
            continue
        view = app.view_functions[rule.endpoint]
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((rule, method, getattr(view, "__api_operation__", None)))
    return found


def document(app: Flask) -> dict[str, Any]:
    """The OpenAPI 3.1 description of every /api/v1 route."""
    listed = api_operations(app)
    specs = [spec for _rule, _method, spec in listed if spec is not None]
    _keys, schema = models_json_schema(_models(specs), ref_template=REF)
    definitions: dict[str, Any] = dict(schema.get("$defs", {}))
    paths: dict[str, Any] = {}
    for rule, method, spec in listed:
        if spec is None:
            continue
        view = app.view_functions[rule.endpoint]
        path = rule.rule.replace("<int:", "<").replace("<", "{").replace(">", "}")
        entry: dict[str, Any] = {
            "operationId": f"{method.lower()}_{rule.endpoint.removeprefix('api.')}",
            "summary": spec.summary,
            "tags": [spec.tag],
            "parameters": [_path_parameter(rule, name) for name in sorted(rule.arguments)],
        }
        if spec.description:
            entry["description"] = spec.description
        if spec.query is not None:
            for name, info in spec.query.model_fields.items():
                field_schema = definitions.get(spec.query.__name__, {}).get("properties", {}).get(info.alias or name, {})
                entry["parameters"].append({
                    "name": info.alias or name, "in": "query", "required": info.is_required(),
                    "schema": field_schema, **({"description": info.description} if info.description else {}),
                })
        if spec.body is not None:
            entry["requestBody"] = {"required": True, "content": {"application/json": {"schema": {"$ref": REF.format(model=spec.body.__name__)}}}}
        responses: dict[str, Any] = {}
        success: dict[str, Any] = {"description": HTTPStatus(spec.status).phrase}
        if spec.response is not None:
            success["content"] = {"application/json": {"schema": _response_schema(spec.response, definitions)}}
        elif spec.media_type:
            success["content"] = {spec.media_type: {"schema": {"type": "string", "contentMediaType": spec.media_type}}}
        for status in (spec.status, *spec.also):
            responses[str(status)] = {**success, "description": HTTPStatus(status).phrase}
        role = getattr(view, AUTH_MARK, None)
        errors = set(spec.errors)
        if role is not None:
            entry["security"] = [{"bearer": []}]
            errors |= {401, 403} if role != "customer" else {401}
        if spec.query is not None or spec.body is not None:
            errors.add(422)
        if spec.body is not None:
            errors.add(400)
        if getattr(view, LIMIT_MARK, False):
            errors.add(429)
        for status in sorted(errors):
            responses[str(status)] = {"description": HTTPStatus(status).phrase,
                                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        entry["responses"] = responses
        paths.setdefault(path, {})[method.lower()] = entry
    definitions["Error"] = ERROR_SCHEMA
    return {
        "openapi": "3.1.0",
        "info": {"title": API_TITLE, "version": API_VERSION,
                 "description": "L'API JSON de CherClient.wiki : lecture libre, écriture avec un jeton personnel."},
        "servers": [{"url": request.host_url.rstrip("/") if has_request_context() else "/"}],
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": dict(sorted(definitions.items())),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": "Jeton personnel créé depuis la page de profil."}},
        },
    }


@api_bp.get("/openapi.json")
@operation("La description OpenAPI 3.1 de cette API", "API", response=dict[str, Any])
def openapi_document() -> Response:
    return jsonify(document(current_app))


def api_docs() -> str:
    """The reference, readable: every operation with its parameters, body, answers and errors."""
    return render_template("api/docs.html", spec=document(current_app))


def init_app(app: Flask) -> None:
    app.add_url_rule("/api/docs", "api_docs", api_docs)
