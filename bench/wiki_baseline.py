"""The baseline: a bare Flask app rendering a Jinja template of the same size as a wiki page.

It does what any Flask page costs (routing, a template with autoescaped loops, a response) and
nothing of ours (no database, session, locale, security headers), so the ratio to it shows what
the wiki adds. BASELINE_BYTES (environment) sets the size to match; gunicorn loads `app`.
"""
from __future__ import annotations

import os

from flask import Flask, render_template
from jinja2 import DictLoader

TEMPLATE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>{{ title }}</title>
<link rel="stylesheet" href="/static/site.css"></head>
<body><header><nav><ul>{% for item in nav %}<li><a href="/{{ item|lower }}">{{ item }}</a></li>{% endfor %}</ul></nav></header>
<main><article><h1>{{ title }}</h1>
{% for paragraph in paragraphs %}<p id="p{{ loop.index }}">{{ paragraph }}</p>
{% endfor %}</article></main><footer><p>{{ title }}</p></footer></body></html>"""

SENTENCE = "La fidélité se mesure au comportement : rachat, recommandation, retour après un incident. "


def paragraphs_for(size: int) -> list[str]:
    """Enough paragraphs for the rendered page to weigh about `size` bytes."""
    count = max(1, size // (len((SENTENCE * 4).encode()) + 16))
    return [SENTENCE * 4] * count


def create_app(size: int) -> Flask:
    app = Flask(__name__)
    app.jinja_loader = DictLoader({"page.html": TEMPLATE})  # compiled once and cached, like ours
    paragraphs = paragraphs_for(size)
    nav = ["Wiki", "Histoires", "Classement", "Observatoire", "Recherche"]

    @app.get("/page/<slug>")
    def page(slug: str) -> str:
        return render_template("page.html", title=slug, nav=nav, paragraphs=paragraphs)

    return app


app = create_app(int(os.environ.get("BASELINE_BYTES", "12000")))
