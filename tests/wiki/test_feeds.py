"""Atom feeds parse as Atom and point at the diffs."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(body: bytes) -> list[ET.Element]:
    root = ET.fromstring(body)
    assert root.tag == f"{ATOM}feed"
    return root.findall(f"{ATOM}entry")


def test_site_feed_lists_changes_newest_first(client: Any, write: Any) -> None:
    write("accueil", "Un", title="Accueil", summary="création")
    write("accueil", "Deux", base=1, summary="retouche <b>")
    response = client.get("/wiki/_recent.atom")
    assert response.content_type.startswith("application/atom+xml")
    items = entries(response.data)
    assert [e.findtext(f"{ATOM}summary") for e in items] == ["retouche <b>", "création"]
    assert items[0].find(f"{ATOM}link").get("href") == "http://localhost/wiki/accueil/diff?from=1&to=2"
    assert items[1].find(f"{ATOM}link").get("href") == "http://localhost/wiki/accueil/revisions/1"
    assert items[0].findtext(f"{ATOM}author/{ATOM}name") == "claire"


def test_filtered_and_per_page_feeds(client: Any, write: Any, paul: Any) -> None:
    write("accueil", "Un", title="Accueil")
    write("autre", "Un", author=paul, title="Autre")
    assert len(entries(client.get("/wiki/_recent.atom?user=paul").data)) == 1
    page_items = entries(client.get("/wiki/accueil/history.atom").data)
    assert [e.findtext(f"{ATOM}title") for e in page_items] == ["Accueil (révision 1)"]
    assert client.get("/wiki/inconnue/history.atom").status_code == 404
