"""Where the shipped data folders live, installed or not.

In a wheel, setup.py maps templates/, static/ and pages/ into the package; in a checkout (and under
`pip install -e .`, whose finder does not expose data-only folders) they sit next to the package.
"""
from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # cherclient_wiki/, not core/


def folder(name: str) -> Path:
    inside = PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    return PACKAGE_DIR.parent / name
