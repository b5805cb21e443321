"""Brand administration: rename (old slug redirects, old name still tags), aliases, merge."""
from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from cherclient_wiki.accounts.models import User
from cherclient_wiki.accounts.roles import Role
from cherclient_wiki.brands.models import Brand, BrandRepresentative
from cherclient_wiki.brands.names import brand_by_slug, find_brand, get_or_create_brand
from cherclient_wiki.core.audit import AuditEntry
from cherclient_wiki.core.db import db
from cherclient_wiki.core.errors import InputError
from cherclient_wiki.core.hooks import hooks
from cherclient_wiki.leaderboard import admin
from cherclient_wiki.stories import writing
from cherclient_wiki.stories.models import Story

BODY = "Un récit assez long pour passer la validation : le service client a rappelé le lendemain, comme promis."


def tell(author: User, *brands: str, title: str = "Une histoire") -> Story:
    return writing.create_story(author, {"title": title, "body": BODY, "brands": list(brands), "kind": "love", "satisfaction": 4, "ending": "loyal"})


@pytest.fixture(autouse=True)
def no_detector(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hooks(), "screeners", [])


def login(client: FlaskClient, name: str) -> None:
    client.post("/auth/login", data={"login": name, "password": "motdepasse-solide"})


def test_a_rename_never_takes_the_address_of_another_page(claire: User, mod: User) -> None:
    brand = tell(claire, "Frigolux").brands[0]
    admin.rename_brand(brand, "Listening", mod)
    assert brand.slug == "listening-2"  # /brands/listening is the listening index


def test_rename_keeps_the_old_slug_and_the_old_name_working(claire: User, mod: User) -> None:
    story = tell(claire, "Frigolux")
    brand = story.brands[0]
    admin.rename_brand(brand, "Frigelux Électroménager", mod)
    assert brand.slug == "frigelux-electromenager"
    assert brand_by_slug("frigolux") == (brand, True)
    assert find_brand("FRIGOLUX") is brand and get_or_create_brand("frigolux").id == brand.id
    assert db.session.scalars(db.select(AuditEntry.action)).all() == ["brand.rename"]
    admin.rename_brand(brand, "Frigolux", mod)  # back to the first name: its slug is free again
    assert brand.slug == "frigolux" and brand_by_slug("frigelux-electromenager") == (brand, True)


def test_a_name_that_means_another_brand_is_refused(claire: User, mod: User) -> None:
    tell(claire, "Saab")
    volvo = tell(claire, "Volvo", title="Autre").brands[0]
    with pytest.raises(InputError) as caught:
        admin.rename_brand(volvo, "SAAB", mod)
    assert "fusionnez" in caught.value.message
    with pytest.raises(InputError):
        admin.update_brand(volvo, "automobile", ["saab"], mod)
    with pytest.raises(InputError) as unknown:
        admin.update_brand(volvo, "astrologie", [], mod)
    assert unknown.value.field == "sector"


def test_aliases_and_sector_are_replaced_as_a_whole(claire: User, mod: User) -> None:
    vw = tell(claire, "Volkswagen").brands[0]
    admin.update_brand(vw, "automobile", ["VW", "V.W.", "Volks", ""], mod)
    assert vw.sector == "automobile" and {a.label for a in vw.aliases} == {"Volks", "VW"}
    assert find_brand("vw") is vw
    admin.update_brand(vw, "automobile", ["Volks"], mod)
    assert [a.label for a in vw.aliases] == ["Volks"] and find_brand("vw") is None


def test_merge_moves_stories_without_duplicates_and_redirects(claire: User, mod: User, make_user: Any) -> None:
    only_a = tell(claire, "Telvia", title="Seulement A")
    both = tell(claire, "Telvia", "Telvya", title="Les deux")
    only_b = tell(claire, "Telvya", title="Seulement B")
    source, target = only_a.brands[0], only_b.brands[0]
    admin.update_brand(source, "telecoms", ["TLV"], mod)
    rep = make_user("porte_parole")
    db.session.add(BrandRepresentative(user_id=rep.id, brand_id=source.id))
    db.session.commit()
    source_id = source.id
    admin.merge_brands(source, target, mod, "doublon")
    assert db.session.get(Brand, source_id) is None
    for story in (only_a, both, only_b):
        assert [b.name for b in db.session.get(Story, story.id).brands] == ["Telvya"]
    assert brand_by_slug("telvia") == (target, True)
    assert find_brand("Telvia") is target and find_brand("tlv") is target
    assert db.session.scalar(db.select(BrandRepresentative.brand_id).where(BrandRepresentative.user_id == rep.id)) == target.id
    assert db.session.scalars(db.select(AuditEntry.action).order_by(AuditEntry.id)).all() == ["brand.update", "brand.merge"]
    with pytest.raises(InputError):
        admin.merge_brands(target, target, mod)


def test_management_pages_are_for_moderators_only(client: FlaskClient, claire: User, mod: User) -> None:
    tell(claire, "Saab")
    assert client.get("/brands/saab/manage").status_code == 302  # to the login page
    login(client, "claire")
    assert client.get("/brands/saab/manage").status_code == 403
    assert client.get("/admin/brands").status_code == 403
    for action in ("rename", "details", "merge"):
        assert client.post(f"/brands/saab/{action}", data={}).status_code == 403
    assert find_brand("saab").name == "Saab"


def test_a_moderator_renames_then_merges_through_the_forms(client: FlaskClient, claire: User, mod: User) -> None:
    tell(claire, "Saab")
    tell(claire, "Saab Automobiles", title="Autre")
    login(client, "modo")
    assert "Saab" in client.get("/admin/brands?q=SAAB").get_data(as_text=True)
    page = unescape(client.get("/brands/saab/manage").get_data(as_text=True))
    assert '<label for="rename-name">' in page and '<label for="merge-target">' in page
    refused = client.post("/brands/saab/rename", data={"rename-name": "saab automobiles"})
    assert refused.status_code == 422 and "désigne déjà la marque Saab Automobiles" in unescape(refused.get_data(as_text=True))
    assert 'value="saab automobiles"' in refused.get_data(as_text=True)
    renamed = client.post("/brands/saab/rename", data={"rename-name": "Saab France", "rename-reason": "nom officiel"})
    assert renamed.status_code == 302 and renamed.location.endswith("/brands/saab-france/manage")
    assert client.get("/brands/saab/manage").location.endswith("/brands/saab-france/manage")
    missing = client.post("/brands/saab-france/merge", data={"merge-target": "Volvo"})
    assert missing.status_code == 422 and "Aucune marque ne porte ce nom." in unescape(missing.get_data(as_text=True))
    merged = client.post("/brands/saab-france/merge", data={"merge-target": "saab-automobiles"})
    assert merged.status_code == 302 and merged.location.endswith("/brands/saab-automobiles/manage")
    target = find_brand("Saab France")
    assert target is not None and target.slug == "saab-automobiles"
    assert re.search(r"saab-automobiles", client.get("/brands/saab/manage").location)
    bad_sector = client.post("/brands/saab-automobiles/details", data={"details-sector": "astrologie", "details-aliases": "SA"})
    assert bad_sector.status_code == 422


def test_brand_changes_need_the_csrf_token(app_factory: Any, make_user: Any) -> None:
    app: Flask = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        tell(make_user("claire"), "Saab")
        make_user("modo", Role.MODERATOR)
        client = app.test_client()
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/auth/login").get_data(as_text=True)).group(1)  # type: ignore[union-attr]
        client.post("/auth/login", data={"login": "modo", "password": "motdepasse-solide", "csrf_token": token})
        assert client.post("/brands/saab/rename", data={"rename-name": "Saab France"}).status_code == 400
        assert client.post("/brands/saab/merge", data={"merge-target": "Volvo"}).status_code == 400
        assert client.post("/brands/saab/details", data={"details-sector": "automobile"}).status_code == 400
        assert find_brand("saab").name == "Saab"
        renamed = client.post("/brands/saab/rename", data={"rename-name": "Saab France", "rename-csrf_token": token})
        assert renamed.status_code == 302 and find_brand("saab").name == "Saab France"
