"""The export holds every kind of data the account produced, made through the app and read back
from the zip: the web download, the API and the administrator's command give the same."""
from __future__ import annotations

import json
import zipfile
from io import BytesIO
from typing import Any

from flask.testing import FlaskClient

from tests.people.conftest import EMAIL, NAME, Footprint, bearer, png


def read(data: bytes) -> tuple[dict[str, Any], zipfile.ZipFile]:
    archive = zipfile.ZipFile(BytesIO(data))
    return json.loads(archive.read("data.json")), archive


def test_the_zip_holds_every_kind_of_data_with_its_texts_and_images(client: FlaskClient, footprint: Footprint) -> None:
    response = client.get("/api/v1/me/export", headers=bearer(footprint.token))
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    data, archive = read(response.data)

    assert data["account"]["username"] == NAME and data["account"]["email"] == EMAIL
    assert sorted(token["name"] for token in data["api_tokens"]) == ["mon script", "second script"]
    assert "hash" not in json.dumps(data["api_tokens"]) and "prefix" not in json.dumps(data["api_tokens"])

    [story] = data["stories"]
    assert story["title"] == "Mon conseiller Saab, suite" and story["brands"] == ["Saab"]
    assert [version["number"] for version in story["versions"]] == [1, 2]
    assert "écoutée longtemps" in archive.read(story["versions"][0]["file"]).decode()
    assert "rappelé le lendemain" in archive.read(story["versions"][1]["file"]).decode()

    [revision] = data["revisions"]
    assert (revision["page"], revision["number"], revision["summary"]) == ("accueil-client", 2, "Ajout de l'écoute")
    assert "écouter d'abord" in archive.read(revision["file"]).decode()

    [comment] = data["comments"]
    assert comment["target_type"] == "story" and comment["target_id"] == footprint.other_story_id
    assert archive.read(comment["file"]).decode() == "Bravo pour ce guichet."
    assert [(report["reason"], report["details"]) for report in data["reports"]] == [("spam", "Doublon ?")]
    assert [reaction["story"] for reaction in data["reactions"]] == [footprint.other_story_id]

    [upload] = data["uploads"]
    assert upload["original_name"] == "guichet.png" and upload["name"] == footprint.upload_name
    image = archive.read(upload["file"])
    assert image[:8] == png()[:8] and len(image) == upload["size"]
    assert data["exported_at"].endswith("Z")

    [suggestion] = data["suggestions"]
    assert suggestion["title"] == "Un rappel par SMS" and suggestion["brand"] == "Saab"
    assert "la veille du rendez-vous" in archive.read(suggestion["file"]).decode()
    assert len(data["supports"]) == 1
    assert {follow["type"] for follow in data["follows"]} >= {"page", "story", "suggestion"}  # hers followed by default


def test_the_web_download_is_mine_only(client: FlaskClient, footprint: Footprint) -> None:
    response = client.get("/me/export")
    assert response.status_code == 200
    data, _archive = read(response.data)
    assert data["account"]["username"] == NAME
    client.post("/auth/logout")
    assert client.get("/me/export").status_code in (302, 401)
    assert client.get("/api/v1/me/export").status_code == 401


def test_the_command_writes_the_same_zip(app: Any, footprint: Footprint, tmp_path: Any) -> None:
    target = tmp_path / "zoe.zip"
    result = app.test_cli_runner().invoke(args=["people", "export", NAME, "--output", str(target)])
    assert result.exit_code == 0, result.output
    data, archive = read(target.read_bytes())
    assert data["account"]["email"] == EMAIL and f"images/{footprint.upload_name}" in archive.namelist()
    unknown = app.test_cli_runner().invoke(args=["people", "export", "personne"])
    assert unknown.exit_code != 0 and "introuvable" in unknown.output
