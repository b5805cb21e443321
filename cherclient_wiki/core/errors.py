"""One place turns every failure into a French page, or JSON under /api/: never a traceback."""
from __future__ import annotations

from flask import Flask, Response, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, InternalServerError

from .api import ApiError, error_response

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


def handle_unexpected(error: Exception) -> Response | tuple[str, int]:
    current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
    return handle_http_error(InternalServerError())


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(ApiError, handle_api_error)
    app.register_error_handler(Exception, handle_unexpected)
