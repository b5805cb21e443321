"""French first, English on request: the visitor's choice beats the browser's Accept-Language."""
from __future__ import annotations

from functools import lru_cache

from babel import support
from flask import Flask, current_app, has_request_context, request, request_started, session
from flask_babel import Babel, get_locale
from werkzeug.datastructures import LanguageAccept
from wtforms.i18n import messages_path

from .resources import PACKAGE_DIR

babel = Babel()


def select_locale() -> str:
    if not has_request_context():  # CLI commands and background jobs speak the default language.
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    return negotiate(request.accept_languages, session.get("lang"))


def negotiate(accept_languages: LanguageAccept, chosen: str | None = None) -> str:
    """The visitor's choice if the site speaks it, else the best of Accept-Language, else French.
    Also what the visitor door (core.visitor_cache) asks, before Flask opens any session."""
    languages: list[str] = current_app.config["LANGUAGES"]
    if chosen in languages:
        return chosen
    return accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def current_locale() -> str:
    """The language this request is answered in, as templates and parts name it."""
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


@lru_cache(maxsize=8)
def _wtforms_catalog(locale: str) -> support.NullTranslations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


def _share_wtforms_catalog(_app: Flask, **_extra: object) -> None:
    """Flask-WTF reads WTForms' own catalog (its built-in messages) from disk again in every
    request that builds a form; this hands it the one loaded per language instead. On the
    request_started signal rather than in a before_request hook: a hook answering first (a page
    shared with a signed-in reader, whose comment form is built after it) would skip it."""
    request.wtforms_translations = _wtforms_catalog(str(get_locale()))  # type: ignore[attr-defined]


def init_app(app: Flask) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(PACKAGE_DIR / "translations"),
    )
    request_started.connect(_share_wtforms_catalog, app)
