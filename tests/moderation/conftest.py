"""Moderation fixtures: accounts with each role, their API tokens, and two submissions — a
disguised advertisement and a lived story — written for these tests."""
from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from cherclient_wiki.accounts.models import User
from cherclient_wiki.accounts.roles import Role
from cherclient_wiki.accounts.tokens import create_token
from cherclient_wiki.core.db import db, utcnow
from cherclient_wiki.moderation import evaluation_set

AD = {
    "title": "Le meilleur climatiseur du marché !!!",
    "body": "Le climatiseur Kliméa Pro est tout simplement le meilleur : silencieux, économique, ultra puissant. "
            "Profitez de -30 % avec le code KLIM30 sur www.klimea-boutique.fr, livraison offerte. "
            "Commandez vite, les stocks partent !",
    "brands": ["Kliméa"], "kind": "love", "satisfaction": 5, "ending": "loyal",
}
LIVED = {
    "title": "Le technicien revenu un samedi",
    "body": "En mars, notre lave-vaisselle est tombé en panne. Le technicien est venu le mardi, mais la pièce "
            "manquait ; il est revenu lui-même le samedi matin pour la poser. Ma femme lui a offert un café. "
            "Ce n'était pas donné, pourtant je suis resté client.",
    "brands": ["Darty"], "kind": "love", "satisfaction": 4, "ending": "loyal",
}


@pytest.fixture(autouse=True)
def stand_in_test_split(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The frozen test split is measured a counted number of times, by hand, in aggregate: no test
    ever reads it. Commands that report on it (`report`, `refit`) see this small stand-in."""
    path = tmp_path / "stand-in-test.json"
    items = [
        {"id": "t-a1", "label": "ad", "writer": "w1", "difficulty": "obvious", **{k: AD[k] for k in ("title", "body", "brands")}},
        {"id": "t-g1", "label": "genuine", "writer": "w2", "register": "neutral", **{k: LIVED[k] for k in ("title", "body", "brands")}},
    ]
    path.write_text(json.dumps({"split": "stand-in", "items": items}, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setitem(evaluation_set.PATHS, evaluation_set.TEST, path)
    return path


def aged(user: User, days: float) -> User:
    """Backdate an account: most tests are not about brand-new accounts."""
    user.created_at = utcnow() - timedelta(days=days)
    db.session.commit()
    return user


@pytest.fixture
def claire(make_user: Any) -> User:
    return aged(make_user("claire", Role.CUSTOMER), 400)


@pytest.fixture
def modo(make_user: Any) -> User:
    return aged(make_user("modo", Role.MODERATOR), 400)


def bearer(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(user, 'test')}"}
