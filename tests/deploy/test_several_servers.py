"""Several app servers behind one address (docs/deploy.md), proven with real processes: node A and
node B are gunicorn servers with their own instance folders, sharing PostgreSQL (the PostgreSQL
search backend), Redis (rate limits), the secret key and the upload folder. What a visitor or a
writer does through one is seen through the other; a server killed mid-save loses nothing that
was acknowledged; a server that joins with an empty instance folder searches at once.

PostgreSQL leg only: skipped without CHERCLIENT_TEST_DATABASE_URL=postgresql://..., a Redis server
on 127.0.0.1:6379 or gunicorn (`pip install -e ".[test]"` brings it).
"""
from __future__ import annotations

import importlib.util
import io
import os
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
import requests
from flask import Flask
from PIL import Image

from cherclient_wiki.accounts import users
from cherclient_wiki.accounts.roles import Role
from cherclient_wiki.accounts.tokens import create_token
from cherclient_wiki.core.db import db
from cherclient_wiki.search.backends import backend
from tests.conftest import PASSWORD, build_app, empty_database
from tests.deploy.cluster import FLASK, ROOT, Cluster, Node

PORTS = {"a": 5150, "b": 5151, "c": 5152}
REDIS_URL = "redis://127.0.0.1:6379/5"
VISIBLE_WITHIN = 2.0  # seconds, the promise
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SETTINGS = {
    # The detector is not under test: every story is published.
    "CHERCLIENT_AD_SCORE_THRESHOLD": "2",
    # Everything comes from 127.0.0.1 here: only the limit under test may bite.
    "CHERCLIENT_LOGIN_LIMIT_PER_IP": "1000 per minute",
    "CHERCLIENT_LOGIN_LIMIT_PER_ACCOUNT": "3 per minute",
    "CHERCLIENT_EDIT_LIMIT_PER_IP": "10000 per minute",
    "CHERCLIENT_EDIT_LIMIT_PER_ACCOUNT": "10000 per minute",
    # As docs/deploy.md runs them: background work (the e-mail sender, and the Whoosh index when it
    # is used) in the worker only, never in a web server or after a response.
    "CHERCLIENT_WORKER": "external",
    # As docs/deploy.md runs them, behind docs/nginx.conf (direct requests keep their own address).
    "CHERCLIENT_PROXY_COUNT": "1",
}
NGINX_PORTS = {"443": 5160, "80": 5161}


@pytest.fixture(scope="module")
def site(migrated_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The database side, in this process: accounts to act with, checks, and the cleaning after."""
    if not migrated_database.startswith("postgresql"):
        pytest.skip("several app servers share a PostgreSQL database: set CHERCLIENT_TEST_DATABASE_URL")
    if importlib.util.find_spec("gunicorn") is None:
        pytest.skip("gunicorn is not installed")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip("no Redis server answers on 127.0.0.1:6379")
    app = build_app(tmp_path_factory.mktemp("site"), migrated_database, SEARCH_BACKEND="postgresql")
    with app.app_context():
        yield app
        db.session.remove()
        empty_database()
        db.engine.dispose()


@pytest.fixture(scope="module")
def cluster(site: Flask, migrated_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    cluster = Cluster(tmp_path_factory.mktemp("cluster"), migrated_database, REDIS_URL, SETTINGS)
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="module")
def worker(cluster: Cluster) -> Any:
    """The deployment's one background worker, beside the app servers."""
    return cluster.process("worker", [FLASK, "--app", "cherclient_wiki", "worker"])


@pytest.fixture(scope="module")
def a(cluster: Cluster, worker: Any) -> Node:
    return cluster.node("a", PORTS["a"])


@pytest.fixture(scope="module")
def b(cluster: Cluster) -> Node:
    return cluster.node("b", PORTS["b"])


@pytest.fixture(scope="module")
def token(site: Flask) -> str:
    editor = users.create_user("claire", "claire@example.org", PASSWORD, Role.MODERATOR)
    return create_token(editor, "cluster")


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def within(seconds: float, found: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + seconds
    while True:
        if found():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


def searched(node: Node, word: str) -> list[str]:
    return [hit["title"] for hit in requests.get(f"{node.url}/api/v1/search", params={"q": word}, timeout=5).json()["results"]]


def save_page(node: Node, token: str, slug: str, markdown: str, title: str | None = None) -> requests.Response:
    body = {"markdown": markdown, **({"title": title} if title else {})}
    return requests.put(f"{node.url}/api/v1/pages/{slug}", json=body, headers=bearer(token), timeout=10)


def test_a_page_saved_on_a_is_served_and_found_on_b_within_two_seconds(a: Node, b: Node, token: str) -> None:
    saved = save_page(a, token, "accueil-telephonique", "Le décroché en moins de trois sonneries, toujours.", "Accueil téléphonique")
    assert saved.status_code == 201
    assert within(VISIBLE_WITHIN, lambda: requests.get(f"{b.url}/wiki/accueil-telephonique", timeout=5).status_code == 200)
    assert within(VISIBLE_WITHIN, lambda: searched(b, "sonnerie") == ["Accueil téléphonique"])


def test_an_image_uploaded_on_a_is_served_by_b(a: Node, b: Node, token: str) -> None:
    pixels = io.BytesIO()
    Image.new("RGB", (6, 6), (200, 30, 30)).save(pixels, format="PNG")
    visitor = requests.Session()
    _login(visitor, a, "claire")
    form = visitor.get(f"{a.url}/uploads/", timeout=5).text
    sent = visitor.post(f"{a.url}/uploads/", data={"csrf_token": _csrf(form)}, files={"image": ("rouge.png", pixels.getvalue())}, timeout=10)
    assert sent.status_code == 201
    name = sent.text.split('src="/uploads/')[1].split('"')[0]
    served = requests.get(f"{b.url}/uploads/{name}", timeout=5)
    assert served.status_code == 200 and served.headers["Content-Type"] == "image/png"


def test_a_story_posted_on_a_moves_the_leaderboard_on_b(a: Node, b: Node, token: str) -> None:
    def stories_of(slug: str) -> int:
        board = requests.get(f"{b.url}/api/v1/leaderboard", timeout=5).json()["brands"]
        return next((entry["stories"] for entry in board if entry["slug"] == slug), 0)

    before = stories_of("velocite")  # B has computed, and cached, its board
    story = {
        "title": "Un vélo réparé avant mon départ", "brands": ["Vélocité"], "kind": "love", "satisfaction": 5, "ending": "loyal",
        "body": "Le mécanicien a réglé mon dérailleur la veille de mon voyage, sans rendez-vous, et m'a expliqué comment le faire seul.",
    }
    posted = requests.post(f"{a.url}/api/v1/stories", json=story, headers=bearer(token), timeout=10)
    assert posted.status_code == 201, posted.text
    assert stories_of("velocite") == before + 1  # B's next request


def test_a_session_opened_on_a_is_valid_on_b(a: Node, b: Node, token: str) -> None:
    visitor = requests.Session()  # cookies do not depend on the port: one browser, two servers
    _login(visitor, a, "claire")
    profile = visitor.get(f"{b.url}/auth/profile", allow_redirects=False, timeout=5)
    assert profile.status_code == 200 and "claire" in profile.text
    # A form served by A is accepted by B: the CSRF token is signed with the shared key.
    form = visitor.get(f"{a.url}/uploads/", timeout=5).text
    logout = visitor.post(f"{b.url}/auth/logout", data={"csrf_token": _csrf(form)}, allow_redirects=False, timeout=5)
    assert logout.status_code == 302
    assert visitor.get(f"{a.url}/auth/profile", allow_redirects=False, timeout=5).status_code == 302


def test_a_rate_limit_hit_on_a_holds_on_b(site: Flask, a: Node, b: Node) -> None:
    users.create_user("bruno", "bruno@example.org", PASSWORD, Role.CUSTOMER)
    visitor = requests.Session()
    for _ in range(3):  # LOGIN_LIMIT_PER_ACCOUNT: 3 per minute
        assert _login(visitor, a, "bruno", "pas le bon").status_code == 401
    assert _login(visitor, b, "bruno").status_code == 429


def test_a_server_killed_during_a_burst_loses_no_acknowledged_save(cluster: Cluster, site: Flask, a: Node, b: Node, token: str) -> None:
    acknowledged: list[int] = []
    stop = threading.Event()

    def writer(first: int) -> None:
        number = first
        while not stop.is_set():
            try:
                answer = save_page(a, token, f"rafale-{number}", f"Rafale numéro {number} : le mot témoin est cerfvolant{number}.", f"Rafale {number}")
            except requests.RequestException:
                return  # A is gone: this save was never acknowledged
            if answer.status_code == 201:
                acknowledged.append(number)
            number += 4

    threads = [threading.Thread(target=writer, args=(first,)) for first in range(4)]
    for thread in threads:
        thread.start()
    assert within(30, lambda: len(acknowledged) >= 12)
    a.kill()  # SIGKILL to gunicorn's master and workers, saves in flight
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert requests.get(f"{b.url}/wiki/accueil-telephonique", timeout=5).status_code == 200  # B keeps serving
    for number in acknowledged:
        assert requests.get(f"{b.url}/api/v1/pages/rafale-{number}", timeout=5).status_code == 200
        assert searched(b, f"cerfvolant{number}") == [f"Rafale {number}"]
    restarted = cluster.node("a", PORTS["a"])
    assert searched(restarted, f"cerfvolant{acknowledged[0]}") == [f"Rafale {acknowledged[0]}"]
    assert backend().check() == []  # what `flask index check` prints: nothing differs


def test_a_server_joining_with_an_empty_instance_folder_searches_at_once(cluster: Cluster, a: Node, b: Node, token: str) -> None:
    assert save_page(a, token, "le-nouveau-venu", "Un serveur arrive : il répond tout de suite, rien à reconstruire.", "Le nouveau venu").status_code == 201
    c = cluster.node("c", PORTS["c"])
    assert not (Path(c.env["CHERCLIENT_INSTANCE_PATH"]) / "search").exists()
    assert searched(c, "reconstruire") == ["Le nouveau venu"]
    assert searched(c, "sonneries") == ["Accueil téléphonique"]


def test_the_documented_nginx_spreads_requests_and_passes_the_headers(cluster: Cluster, a: Node, b: Node, tmp_path: Path) -> None:
    """docs/nginx.conf as shipped, but for its addresses, ports and a self-signed certificate."""
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx is None or shutil.which("openssl") is None:
        pytest.skip("nginx and openssl are needed (apt-get install nginx)")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=cherclient.example",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:cherclient.example",
                    "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")], check=True, capture_output=True)
    site = (ROOT / "docs" / "nginx.conf").read_text()
    site = re.sub(r"server 10\.0\.0\.11:8000", f"server 127.0.0.1:{a.port}", site)
    site = re.sub(r"server 10\.0\.0\.12:8000", f"server 127.0.0.1:{b.port}", site)
    site = site.replace("listen 443 ", f"listen 127.0.0.1:{NGINX_PORTS['443']} ").replace("listen 80;", f"listen 127.0.0.1:{NGINX_PORTS['80']};")
    site = site.replace("/etc/letsencrypt/live/cherclient.example/fullchain.pem", str(tmp_path / "cert.pem"))
    site = site.replace("/etc/letsencrypt/live/cherclient.example/privkey.pem", str(tmp_path / "key.pem"))
    (tmp_path / "logs").mkdir()
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read this test's private folder
    (tmp_path / "nginx.conf").write_text(
        f"{user}pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\naccess_log {tmp_path}/access.log;\nclient_body_temp_path {tmp_path};\nproxy_temp_path {tmp_path};\n{site}\n}}\n"
    )
    proxy = cluster.process("nginx", [nginx, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"])
    try:
        base, certificate = f"https://127.0.0.1:{NGINX_PORTS['443']}", str(tmp_path / "cert.pem")
        assert within(10, lambda: _answers(base, certificate)), proxy.output()
        redirect = requests.get(f"http://127.0.0.1:{NGINX_PORTS['80']}/wiki/", headers={"Host": "cherclient.example"},
                                allow_redirects=False, timeout=5)
        assert redirect.headers["Location"] == "https://cherclient.example/wiki/"
        # The application builds its absolute links from the forwarded scheme and host.
        feed = requests.get(f"{base}/wiki/accueil-telephonique/history.atom", headers={"Host": "cherclient.example"}, verify=certificate, timeout=5)
        assert feed.status_code == 200 and "https://cherclient.example/wiki/accueil-telephonique" in feed.text
        # A client cannot choose its address: nginx overwrites X-Forwarded-For with the real one.
        for _ in range(4):
            assert requests.get(f"{base}/api/v1/search?q=sonnerie", verify=certificate, timeout=5).json()["total"] == 1
    finally:
        proxy.stop()


def _answers(base: str, certificate: str) -> bool:
    try:
        return requests.get(f"{base}/api/v1/search/titles?q=a", verify=certificate, timeout=2).status_code == 200
    except requests.RequestException:
        return False


def _csrf(html: str) -> str:
    found = CSRF.search(html)
    assert found, html[:500]
    return found.group(1)


def _login(visitor: requests.Session, node: Node, login: str, password: str = PASSWORD) -> Any:
    form = visitor.get(f"{node.url}/auth/login", timeout=5).text
    return visitor.post(f"{node.url}/auth/login", data={"login": login, "password": password, "csrf_token": _csrf(form)},
                        allow_redirects=False, timeout=5)



def test_the_worker_mails_what_a_server_queued(cluster: Cluster, site: Flask, a: Node, b: Node, token: str) -> None:
    """A reader follows a page through B, an editor saves it through A: neither server sends the
    e-mail (they leave it to the worker), and the worker writes it within a few seconds."""
    reader = users.create_user("lecteur", "lecteur@example.org", PASSWORD, Role.CUSTOMER)
    reader_token = create_token(reader, "cluster")
    assert save_page(a, token, "guide-du-releve", "Relever son compteur soi-même.", title="Guide du relevé").status_code == 201
    followed = requests.post(f"{b.url}/api/v1/follows", json={"type": "page", "slug": "guide-du-releve"},
                             headers=bearer(reader_token), timeout=10)
    assert followed.status_code in (200, 201), followed.text
    assert save_page(a, token, "guide-du-releve", "Relever son compteur soi-même, photo datée à l'appui.").status_code == 200
    mail = cluster.root / "worker" / "mail"
    assert within(10, lambda: any("lecteur@example.org" in path.read_text(errors="replace") for path in mail.glob("*.eml")))
    assert not any((cluster.root / name / "mail").exists() for name in ("a", "b"))
