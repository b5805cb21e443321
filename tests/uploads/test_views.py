from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image


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
