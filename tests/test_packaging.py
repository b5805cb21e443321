"""A non-editable install (a wheel) carries everything the site needs to run from anywhere."""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SMOKE = """
from cherclient_wiki import create_app
from flask_migrate import upgrade
import cherclient_wiki
app = create_app()
assert "site-packages" in cherclient_wiki.__file__ or "wheel-target" in cherclient_wiki.__file__, cherclient_wiki.__file__
with app.app_context():
    upgrade(revision="heads")
client = app.test_client()
home = client.get("/")
assert home.status_code == 200 and 'lang="fr"' in home.get_data(as_text=True)
english = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
assert "The collaborative wiki of customer relationship" in english
assert client.get("/static/css/site.css").status_code == 200
print("ok")
"""


LOCAL_STATE = (".git", ".venv", "build", "dist", "*.egg-info", "instance", "__pycache__", ".pytest_cache", ".benchmarks")


def test_wheel_contains_and_serves_templates_static_translations_and_migrations(tmp_path: Path) -> None:
    # Built from a copy without local state: setuptools reuses ./build, which would carry files
    # deleted since (an old migration) and hide what a fresh checkout builds.
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*LOCAL_STATE))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(source)],
        check=True,
        cwd=tmp_path,
    )
    wheel = next(tmp_path.glob("cherclient_wiki-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "cherclient_wiki/templates/base.html",
        "cherclient_wiki/static/css/site.css",
        "cherclient_wiki/translations/en/LC_MESSAGES/messages.mo",
        "cherclient_wiki/migrations/env.py",
        "cherclient_wiki/migrations/versions/0001_accounts.py",
    ):
        assert expected in names, expected
    seed_pages = {f"cherclient_wiki/pages/{path.name}" for path in (ROOT / "pages").glob("*.md")}
    assert len(seed_pages) >= 12 and seed_pages <= names

    target = tmp_path / "wheel-target"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)], check=True
    )
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", SMOKE],
        cwd=outside,
        env={"PYTHONPATH": str(target), "CHERCLIENT_INSTANCE_PATH": str(outside / "instance"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (outside / "instance" / "cherclient.sqlite3").exists()
