"""French first, English on request: the visitor's choice beats the browser's Accept-Language."""
from __future__ import annotations

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import Babel

from .resources import PACKAGE_DIR

babel = Babel()


def select_locale() -> str:
    languages: list[str] = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands and background jobs speak the default language.
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(PACKAGE_DIR / "translations"),
    )
