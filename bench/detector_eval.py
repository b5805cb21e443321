"""Measure the ad detector on a labelled split, per stratum (genuine very short / medium / long /
informal / angry, ads obvious / medium / hard) and per writer, in both modes (offline with a
brand-new account; end to end through the API of a fresh site), with the "obvious signals only"
baseline (a link, contacts or a promo code: what a keyword filter catches) in the same run.

    .venv/bin/python bench/detector_eval.py                        # development split, both modes
    .venv/bin/python bench/detector_eval.py --file stories.json    # any file in the writers' format
    .venv/bin/python bench/detector_eval.py --split independent-test   # the frozen test split: aggregate
                                                                   # figures only, never its errors
    .venv/bin/python bench/detector_eval.py --show-errors --mode offline   # development errors, with reasons
"""
from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cherclient_wiki.core.config import DEFAULTS
from cherclient_wiki.moderation import evaluation, evaluation_set


def site(examples: Sequence[evaluation_set.Example], threshold: float, baseline: Sequence[evaluation.Outcome] | None = None) -> list[evaluation.Outcome]:
    """Post every story to a fresh site. `baseline` (offline outcomes of the same examples) gives
    the baseline column; it is computed when not given."""
    from flask_migrate import upgrade

    from cherclient_wiki import create_app
    from cherclient_wiki.accounts import users
    from cherclient_wiki.accounts.roles import Role
    from cherclient_wiki.accounts.tokens import create_token
    from cherclient_wiki.core.db import db
    from cherclient_wiki.demo import load_demo

    baseline = baseline or evaluation.offline(examples, threshold)
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="detector-eval-") as folder:
        previous = os.environ.get("CHERCLIENT_INSTANCE_PATH")
        os.environ["CHERCLIENT_INSTANCE_PATH"] = folder
        try:
            app = create_app({"DATABASE_URL": "sqlite:///" + str(Path(folder) / "site.sqlite3"),
                              "SERVER_NAME": "localhost", "AD_SCORE_THRESHOLD": threshold})
        finally:
            if previous is None:
                del os.environ["CHERCLIENT_INSTANCE_PATH"]
            else:
                os.environ["CHERCLIENT_INSTANCE_PATH"] = previous
        with app.app_context():
            upgrade(revision="heads")
            for _line in load_demo():
                pass
            client = app.test_client()
            for number, (example, base) in enumerate(zip(examples, baseline)):
                author = users.create_user(f"evaluateur{number}", f"evaluateur{number}@example.org",
                                           "motdepasse-solide", Role.CUSTOMER)
                headers = {"Authorization": f"Bearer {create_token(author, 'evaluation')}"}
                payload = {"kind": "love", "satisfaction": 4, "ending": "loyal", **example.submission()}
                address = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
                response = client.post("/api/v1/stories", json=payload, headers=headers,
                                       environ_base={"REMOTE_ADDR": address})
                outcomes.append(_site_outcome(example, response.status_code, response.get_json(), base.baseline))
            db.session.remove()
            db.engine.dispose()
    return outcomes


def _site_outcome(example: evaluation_set.Example, status: int, body: Any, baseline: bool) -> evaluation.Outcome:
    if status == 201:
        return evaluation.Outcome(example, float(body["ad_score"]), body["status"] != "published", baseline, tuple(body["ad_reasons"]))
    errors = body.get("errors", body) if isinstance(body, dict) else {}
    return evaluation.Outcome(example, 1.0, True, baseline, (f"{status}: {errors}",), refused=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=evaluation_set.SPLITS, default=evaluation_set.DEVELOPMENT)
    parser.add_argument("--file", type=Path, help="a JSON list of stories instead of a split")
    parser.add_argument("--mode", choices=("offline", "site", "both"), default="both")
    parser.add_argument("--threshold", type=float, default=DEFAULTS["AD_SCORE_THRESHOLD"])
    parser.add_argument("--show-errors", action="store_true", help="list false positives and negatives (not on the test split)")
    args = parser.parse_args()
    if args.show_errors and args.split == evaluation_set.TEST and not args.file:
        parser.error("the frozen test split is measured in aggregate only: its errors are never listed")
    examples = evaluation_set.load_file(args.file) if args.file else evaluation_set.load(args.split)
    name = str(args.file) if args.file else args.split
    offline = evaluation.offline(examples, args.threshold)
    runs = []
    if args.mode in ("offline", "both"):
        runs.append((f"{name}, offline (new account, near-duplicates among earlier stories)", offline))
    if args.mode in ("site", "both"):
        runs.append((f"{name}, end to end (fresh site, POST /api/v1/stories, one new account each)",
                     site(examples, args.threshold, offline)))
    for title, outcomes in runs:
        print("\n".join(evaluation.lines(title, outcomes)))
        if args.show_errors:
            for outcome in outcomes:
                if outcome.held != outcome.example.is_ad:
                    kind = "false positive" if outcome.held else "false negative"
                    print(f"  {kind}: {outcome.example.id} score {outcome.score:.3f} {outcome.example.story.title!r}")
                    for reason in outcome.reasons:
                        print(f"      - {reason}")


if __name__ == "__main__":
    main()
