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
from pathlib import Path

from cherclient_wiki.core.config import DEFAULTS
from cherclient_wiki.moderation import evaluation, evaluation_set


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
                     evaluation.site(examples, args.threshold, offline)))
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
