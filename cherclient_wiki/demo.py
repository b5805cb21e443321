"""Demo content for a new site. Each feature contributes a loader; each loader is idempotent."""
from __future__ import annotations

from collections.abc import Callable, Iterator

Loader = Callable[[], str]

LOADERS: list[Loader] = []


def load_demo() -> Iterator[str]:
    """Run every loader in order and yield what each one reports."""
    for loader in LOADERS:
        yield loader()
