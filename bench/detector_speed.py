"""How long screening one story takes in the detector itself, as a function of how many other
stories it is compared with for near-duplicates (signals.py passes up to 400 stored MinHash
signatures: 300 about the same brands + 100 newest). Baseline in the same run: scoring with no
comparison. Budget: under 20 ms per story.

    .venv/bin/python bench/detector_speed.py [--repeat 5]
"""
from __future__ import annotations

import argparse
import time

from cherclient_wiki.moderation import evaluation_set
from cherclient_wiki.moderation.detector import assess, fingerprint_bytes


def per_story_ms(examples: list[evaluation_set.Example], others: list[bytes], repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        for example in examples:
            assess(example.story, example.account, others)
    return 1000 * (time.perf_counter() - start) / (repeat * len(examples))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    examples = evaluation_set.load(evaluation_set.DEVELOPMENT)
    corpus = [fingerprint_bytes(f"{e.story.title}\n{e.story.body}") for e in examples]
    baseline = per_story_ms(examples, [], args.repeat)
    print(f"no comparison (baseline): {baseline:.2f} ms per story")
    for size in (100, 400):
        others = (corpus * (size // len(corpus) + 1))[:size]
        took = per_story_ms(examples, others, args.repeat)
        print(f"{size} stored signatures: {took:.2f} ms per story ({took / baseline:.1f}x baseline)")


if __name__ == "__main__":
    main()
