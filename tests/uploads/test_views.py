from __future__ import annotations

import io
import random
from pathlib import Path
from typing import Any

from PIL import Image
from sqlalchemy import func, select

from cherclient_wiki.accounts import users
from cherclient_wiki.accounts.roles import Role
from cherclient_wiki.core.db import db
from cherclient_wiki.uploads.models import Upload
from tests.conftest import PASSWORD


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 0, 255)).save(out, format="PNG")
    return out.getvalue()


def test_upload_then_serve_then_use_in_markdown(app: Any, client: Any, auth: Any, claire: Any) -> None:
    auth.login()
    response = client.post("/uploads/", data={"image": (io.BytesIO(png()), "bleu.png"), "alt": "Un carré bleu"}, content_type="multipart/form-data")
    body = response.get_data(as_text=True)
    assert response.status_code == 201
    name = body.split('src="/uploads/')[1].split('"')[0]
    assert f"![Un carré bleu](/uploads/{name})" in body
    with client.get(f"/uploads/{name}") as served:
        assert served.status_code == 200 and served.content_type == "image/png" and "immutable" in served.headers["Cache-Control"]
        assert served.headers["X-Content-Type-Options"] == "nosniff"
        assert served.data == (Path(app.instance_path) / "uploads" / name).read_bytes()
    rendered = client.post("/api/v1/render", json={"markdown": f"![Un carré bleu](/uploads/{name})"}).get_json()["html"]
    assert f'<img alt="Un carré bleu" src="/uploads/{name}">' in rendered


def test_an_image_uploaded_through_one_server_is_served_by_another(app_factory: Any, tmp_path: Path) -> None:
    """Two app servers with their own instance folders and one shared UPLOAD_FOLDER."""
    shared = tmp_path / "shared-uploads"
    first, second = app_factory(UPLOAD_FOLDER=str(shared)), app_factory(UPLOAD_FOLDER=str(shared))
    with first.app_context():
        users.create_user("claire", "claire@example.org", PASSWORD, Role.CUSTOMER)
    client = first.test_client()
    client.post("/auth/login", data={"login": "claire", "password": PASSWORD})
    body = client.post("/uploads/", data={"image": (io.BytesIO(png()), "bleu.png")}, content_type="multipart/form-data").get_data(as_text=True)
    name = body.split('src="/uploads/')[1].split('"')[0]
    with second.test_client().get(f"/uploads/{name}") as served:
        assert served.status_code == 200 and served.data == (shared / name).read_bytes()
    assert not (Path(first.instance_path) / "uploads" / name).exists()


def test_refused_upload_explains_and_anonymous_cannot_upload(client: Any, auth: Any, claire: Any) -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    assert client.post("/uploads/", data={"image": (io.BytesIO(svg), "x.svg")}, content_type="multipart/form-data").status_code == 302
    auth.login()
    response = client.post("/uploads/", data={"image": (io.BytesIO(svg), "x.svg")}, content_type="multipart/form-data")
    assert response.status_code == 422 and "pas de SVG" in response.get_data(as_text=True)
    assert client.post("/uploads/", data={}, content_type="multipart/form-data").status_code == 422


def test_serving_only_hash_names(client: Any) -> None:
    assert client.get("/uploads/..%2Fsecret_key").status_code == 404
    assert client.get("/uploads/" + "a" * 64 + ".png").status_code == 404
    assert client.get("/uploads/").status_code == 200


FRENCH_429 = "Vous êtes allé un peu vite"


def noise(seed: int, side: int = 64) -> bytes:
    """A PNG that compresses badly (about 12 KB at 64 x 64): distinct per seed."""
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), random.Random(seed).randbytes(side * side * 3)).save(out, format="PNG")
    return out.getvalue()


def send(client: Any, data: bytes, name: str = "image.png") -> Any:
    return client.post("/uploads/", data={"image": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def text_of(response: Any) -> str:
    """The page with French typography's narrow no-break spaces read as spaces."""
    return " ".join(response.get_data(as_text=True).replace("\u202f", " ").split())


def test_uploads_are_limited_per_account(app_factory: Any) -> None:
    app = app_factory(UPLOAD_LIMIT_PER_ACCOUNT="2 per hour")
    with app.app_context():
        users.create_user("claire", "claire@example.org", PASSWORD)
        client = app.test_client()
        client.post("/auth/login", data={"login": "claire", "password": PASSWORD})
        statuses = [send(client, noise(seed, 8)).status_code for seed in range(3)]
        assert statuses == [201, 201, 429]
        refused = send(client, b"not even an image")  # refused images cost CPU too: they count
        assert refused.status_code == 429 and FRENCH_429 in refused.get_data(as_text=True)
        assert client.get("/uploads/").status_code == 200  # looking at the gallery is free
        assert db.session.scalar(select(func.count()).select_from(Upload)) == 2


def test_uploads_are_limited_per_address_across_accounts(app_factory: Any) -> None:
    app = app_factory(UPLOAD_LIMIT_PER_IP="2 per hour")
    with app.app_context():
        statuses = []
        for seed, name in enumerate(("anne", "bruno", "chloe")):
            users.create_user(name, f"{name}@example.org", PASSWORD)
            client = app.test_client()
            client.post("/auth/login", data={"login": name, "password": PASSWORD})
            statuses.append(send(client, noise(seed, 8)).status_code)
        assert statuses == [201, 201, 429]


def test_each_account_keeps_images_up_to_its_quota_and_is_told_where_it_stands(app_factory: Any) -> None:
    app = app_factory(UPLOAD_QUOTA_BYTES=20_000)
    with app.app_context():
        users.create_user("claire", "claire@example.org", PASSWORD)
        client = app.test_client()
        client.post("/auth/login", data={"login": "claire", "password": PASSWORD})
        assert send(client, noise(1)).status_code == 201
        used = db.session.scalar(select(Upload.size))
        assert 10_000 < used < 20_000
        shown = text_of(client.get("/uploads/"))
        assert f"Vos images occupent {-(-used // 1024)} ko sur les 20 ko autorisés" in shown

        too_much = send(client, noise(2))
        body = text_of(too_much)
        assert too_much.status_code == 413
        assert f"vous utilisez {-(-used // 1024)} ko sur 20 ko autorisés" in body and "dépasserait" in body
        assert send(client, noise(1)).status_code == 201  # an image already stored costs nothing
        assert send(client, png()).status_code == 201  # a small one still fits
        assert db.session.scalar(select(func.count()).select_from(Upload)) == 2

        app.config["UPLOAD_QUOTA_BYTES"] = used  # now full: refused before any decoding
        full = send(client, b"\x89PNG garbage that would otherwise be decoded")
        assert full.status_code == 413 and "est plein" in full.get_data(as_text=True)


def test_moderators_have_no_upload_quota(app_factory: Any) -> None:
    app = app_factory(UPLOAD_QUOTA_BYTES=20_000)
    with app.app_context():
        users.create_user("modo", "modo@example.org", PASSWORD, Role.MODERATOR)
        client = app.test_client()
        client.post("/auth/login", data={"login": "modo", "password": PASSWORD})
        assert [send(client, noise(seed)).status_code for seed in range(3)] == [201, 201, 201]
        assert "autorisés" not in client.get("/uploads/").get_data(as_text=True)
