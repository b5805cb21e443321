"""Genuine suggestions against the detector: suggestions are screened by the same model as stories
(their text and the account's age only), with the stories' threshold. This measures how many
ordinary customers' suggestions would wait for a moderator, for a brand-new and a year-old account.

    .venv/bin/python bench/detector_suggestions.py [FILE.json]   # default: bench/data/suggestions-genuine.json

The default file: 60 suggestions written on 6 December 2026 by an independent writer (a helper
with customer personas who never saw the code or the detector)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from cherclient_wiki import create_app
from cherclient_wiki.moderation.detector import AccountSignals, StoryText, assess

DEFAULT = Path(__file__).resolve().parent / "data" / "suggestions-genuine.json"


def main() -> None:
    items = json.loads(Path(sys.argv[1] if len(sys.argv) > 1 else DEFAULT).read_text(encoding="utf-8"))
    app = create_app()
    with app.app_context():
        threshold = float(app.config["AD_SCORE_THRESHOLD"])
        for age in (0, 365):
            scores = [assess(StoryText(item["title"], item["body"], tuple(item["brands"])), AccountSignals(account_age_days=age)).score
                      for item in items]
            held = sum(score >= threshold for score in scores)
            print(f"account {age} days old: {held} of {len(items)} held at {threshold:.2f} "
                  f"({held / len(items):.1%}); highest score {max(scores):.2f}")


if __name__ == "__main__":
    main()
