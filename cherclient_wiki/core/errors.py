"""One place turns every failure into a French page, or JSON under /api/: never a traceback.

Two exception types cover what the code refuses on purpose:
- `InputError`: what someone sent breaks a rule — French messages per field, and the status to
  answer (422 unless the rule says 403, 404 or 409). Domain code raises it; forms show it on
  their fields (`show_on_form`); the API answers `{"error": {"code", "message"}, "fields"}`.
- `ApiError`: an API answer that is not about a field (a missing token, an unknown page, a
  conflict carrying the current version), with a stable machine-readable `code`.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, InternalServerError

MESSAGES = {
    400: (_l("Requête invalide"), _l("La requête n'a pas pu être comprise. Si vous envoyiez un formulaire, rechargez la page et réessayez : le jeton de sécurité a peut-être expiré.")),
    401: (_l("Authentification requise"), _l("Connectez-vous pour continuer.")),
    403: (_l("Accès refusé"), _l("Votre compte n'a pas les droits nécessaires pour cette action.")),
    404: (_l("Page introuvable"), _l("Cette adresse ne mène nulle part. Essayez la recherche ou revenez à l'accueil.")),
    405: (_l("Méthode non autorisée"), _l("Cette action ne peut pas se faire de cette façon.")),
    409: (_l("Conflit"), _l("Le contenu a changé entre-temps.")),
    413: (_l("Envoi trop volumineux"), _l("Le contenu envoyé dépasse la taille autorisée.")),
    415: (_l("Format non pris en charge"), _l("Cette page attend un formulaire, pas du JSON ; l'API JSON se trouve sous /api/v1/.")),
    422: (_l("Données invalides"), _l("Certains champs sont invalides.")),
    429: (_l("Trop de requêtes"), _l("Vous êtes allé un peu vite. Patientez un moment avant de réessayer.")),
    500: (_l("Erreur interne"), _l("Une erreur inattendue s'est produite. L'équipe en est informée ; réessayez dans un instant.")),
}


CODES = {400: "bad_request", 403: "forbidden", 404: "not_found", 409: "conflict", 413: "too_large", 422: "validation_error"}


class InputError(ValueError):
    """A rule broken by what someone sent. `fields` maps each input to its French message; the
    key "" stands for the request as a whole."""

    def __init__(self, message: str, field: str | None = None, status: int = 422) -> None:
        super().__init__(message)
        self.message = str(message)
        self.field = field
        self.status = status
        self.fields: dict[str, str] = {field or "": self.message}

    @classmethod
    def of(cls, fields: Mapping[str, str], status: int = 422) -> InputError:
        """Several inputs refused at once (a whole form checked before anything is written)."""
        first_field, first_message = next(iter(fields.items()))
        error = cls(first_message, first_field or None, status)
        error.fields = {name: str(message) for name, message in fields.items()}
        return error

    def message_for(self, field: str) -> str | None:
        return self.fields.get(field)

    def response(self, aliases: Mapping[str, str] | None = None) -> Response:
        """The API's answer; `aliases` renames the domain's fields to the request's (source ->
        markdown)."""
        named = {(aliases or {}).get(name, name): message for name, message in self.fields.items() if name}
        summary = self.fields.get("") or (_("Certains champs sont invalides.") if len(named) > 1 else self.message)
        extra = {"fields": named} if named else {}
        return error_response(self.status, CODES.get(self.status, "invalid"), summary, **extra)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = str(message)
        self.extra = extra

    def response(self) -> Response:
        return error_response(self.status, self.code, self.message, **self.extra)


def error_response(status: int, code: str, message: str, **extra: Any) -> Response:
    response = jsonify({"error": {"code": code, "message": str(message)}, **extra})
    response.status_code = status
    return response


def show_on_form(form: Any, error: InputError, default: str) -> None:
    """Each message under its field of the web form (the `default` one when the field is not on
    the form), so that nothing typed is lost and the reader sees where to look."""
    for name, message in error.fields.items():
        field = getattr(form, name, None) if name else None
        if field is None or not hasattr(field, "errors"):
            field = getattr(form, default)
        field.errors = [*field.errors, message]  # a tuple until the form was validated


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def handle_http_error(error: HTTPException) -> Response | tuple[str, int]:
    status = error.code or 500
    title, message = MESSAGES.get(status, (error.name, error.description or ""))
    if _wants_json():
        response = error_response(status, error.name.lower().replace(" ", "_"), str(message))
    else:
        response = current_app.make_response(
            (render_template("error.html", status=status, title=title, message=message), status)
        )
    for header in ("Retry-After", "Allow", "WWW-Authenticate"):
        original = error.get_response().headers.get(header)
        if original:
            response.headers[header] = original
    return response


def handle_api_error(error: ApiError) -> Response:
    return error.response()


def handle_input_error(error: InputError) -> Response | tuple[str, int]:
    """What no view caught: the API's JSON, or the error page with the rule's message."""
    if _wants_json():
        return error.response()
    title, _message = MESSAGES.get(error.status, MESSAGES[422])
    return render_template("error.html", status=error.status, title=title, message=error.message), error.status


def handle_unexpected(error: Exception) -> Response | tuple[str, int]:
    current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
    return handle_http_error(InternalServerError())


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(ApiError, handle_api_error)
    app.register_error_handler(InputError, handle_input_error)
    app.register_error_handler(Exception, handle_unexpected)
