"""The package's layering (pyproject.toml's import-linter contracts): features depend downward only,
so a new import from a lower feature to a higher one fails the build here."""
from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from cherclient_wiki import FEATURES

ROOT = Path(__file__).resolve().parent.parent


def contracts() -> list[dict]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]


def test_import_contracts_are_kept() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert f"{len(contracts())} kept, 0 broken" in result.stdout


def test_features_start_in_the_order_of_their_layers() -> None:
    """create_app initialises the features lowest first (the demo loads in that order too): the
    list and the contract must agree, and every feature must be in the contract."""
    layers = next(c["layers"] for c in contracts() if c["type"] == "layers")
    height = {name.strip().removeprefix("cherclient_wiki."): len(layers) - level
              for level, layer in enumerate(layers) for name in layer.split("|")}
    assert set(FEATURES) <= set(height), set(FEATURES) - set(height)
    heights = [height[feature] for feature in FEATURES]
    assert heights == sorted(heights)
