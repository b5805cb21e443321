"""Demo content for a new site: each feature adds its loader to the `demo_loaders` hook
(core.hooks); each loader is idempotent."""
from __future__ import annotations

from collections.abc import Iterator

from .core.hooks import hooks


def load_demo() -> Iterator[str]:
    """Run every loader in order and yield what each one reports."""
    for loader in hooks().demo_loaders:
        yield loader()
