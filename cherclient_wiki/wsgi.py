"""The production entry point: `gunicorn "cherclient_wiki.wsgi:app"`.

Once the application is built, everything it holds (some 120,000 objects: modules, functions,
templates, catalogs) lives as long as the process. `gc.freeze()` moves them out of the garbage
collector's reach, so that a full collection, which any request may trigger, scans only what
requests create: about 60 ms per full collection otherwise, a few microseconds after (measured on
this app, see the leaderboard note in bench/README.md). With `--preload` it also keeps those pages
shared between gunicorn's workers instead of copied on write.
"""
from __future__ import annotations

import gc

from . import create_app

app = create_app()
gc.collect()  # what is garbage now must not be frozen with the rest
gc.freeze()
