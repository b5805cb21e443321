"""A folder of generated wiki pages for `flask import` (bench/import_bench.py): Markdown files with
front matter, the same ~3 KB pages as bench/wiki_dataset.py (links, a table, a footnote, a category)."""
from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import wiki_dataset  # noqa: E402


def write(folder: Path, count: int, seed: int = 42) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for number in range(count):
        text = wiki_dataset.markdown(number, count, rng)
        (folder / f"{wiki_dataset.slug(number)}.md").write_text(
            f"---\ntitle: {wiki_dataset.title(number)}\n---\n{text}", encoding="utf-8"
        )


if __name__ == "__main__":
    write(Path(sys.argv[1]), int(sys.argv[2]))
