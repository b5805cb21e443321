"""Rendering pathological Markdown at the largest accepted size: today's pipeline against the one
it replaced (Python-Markdown with the same extensions and our wiki-link pattern), in one run.

    .venv/bin/pip install markdown          # only for the "before" column
    .venv/bin/python bench/render_bench.py [--size 200000] [--before-timeout 20]

Each case is rendered by `cherclient_wiki.core.markup.render_document` (parse, HTML writer, nh3),
best of three, without the 2-second budget so that every figure is a real time. The "before"
column runs in a child process stopped after --before-timeout seconds; where it did not finish,
the 8,000-character time is shown to give the scale. Last line: the worst case against the
300 ms goal and against a baseline: the seed wiki pages, repeated to the same size.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pathological import CASES  # noqa: E402
from cherclient_wiki.core.markup import render_document  # noqa: E402

GOAL_MS = 300.0
SEED_PAGES = Path(__file__).resolve().parent.parent / "pages"


def after_ms(source: str) -> tuple[float, float]:
    """Best of three, wall-clock and CPU time: on a shared machine the wall clock also counts the
    time other processes held the cores, the CPU time only the render's own work."""
    wall = cpu = float("inf")
    for _ in range(3):
        start, start_cpu = time.perf_counter(), time.process_time()
        render_document(source, budget=3600)
        wall, cpu = min(wall, time.perf_counter() - start), min(cpu, time.process_time() - start_cpu)
    return wall * 1000, cpu * 1000


def _python_markdown(source: str) -> None:
    """The replaced pipeline: Python-Markdown, the same extensions, [[wiki links]], then nh3."""
    import markdown
    import nh3
    from markdown.inlinepatterns import InlineProcessor

    class WikiLinks(InlineProcessor):
        def handleMatch(self, m, data):  # type: ignore[no-untyped-def]  # noqa: N802
            return m.group(0), m.start(0), m.end(0)

    class Wiki(markdown.extensions.Extension):
        def extendMarkdown(self, md):  # type: ignore[no-untyped-def]  # noqa: N802
            md.preprocessors.deregister("html_block")
            md.inlinePatterns.deregister("html")
            md.inlinePatterns.register(WikiLinks(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]", md), "wikilinks", 175)

    md = markdown.Markdown(extensions=["tables", "fenced_code", "footnotes", "toc", "sane_lists", Wiki()])
    nh3.clean(md.convert(source))


def _timed_child(source: str, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    start = time.perf_counter()
    try:
        _python_markdown(source)
    except Exception as error:  # noqa: BLE001 (what the old pipeline did is the measurement)
        queue.put(type(error).__name__)
        return
    queue.put((time.perf_counter() - start) * 1000)


def before_ms(source: str, timeout: float) -> float | str | None:
    """Python-Markdown's time, the name of the exception it raised (a 500 on the old site), or
    None when it had not finished after `timeout` seconds."""
    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    child = multiprocessing.Process(target=_timed_child, args=(source, queue))
    child.start()
    child.join(timeout)
    if child.is_alive():
        child.terminate()
        child.join()
        return None
    return queue.get() if not queue.empty() else None


def describe(took: float | str | None, timeout: float) -> str:
    if took is None:
        return f"> {timeout:.0f} s"
    if isinstance(took, str):
        return f"crash ({took})"
    return f"{took:.0f} ms" if took < 1000 else f"{took / 1000:.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=200_000, help="characters per case (the wiki's maximum)")
    parser.add_argument("--before-timeout", type=float, default=20.0)
    parser.add_argument("--only", help="a regular expression on case names")
    args = parser.parse_args()
    try:
        import markdown  # noqa: F401

        have_before = True
    except ImportError:
        have_before = False
        print("Python-Markdown is not installed: the 'before' column is skipped (pip install markdown).")

    pages = "\n\n".join(path.read_text(encoding="utf-8") for path in sorted(SEED_PAGES.glob("*.md")))
    baseline, baseline_cpu = after_ms((pages * (args.size // len(pages) + 1))[: args.size])
    print(f"| case | chars | before (Python-Markdown) | after | after, CPU | after / goal {GOAL_MS:.0f} ms |")
    print("| --- | --: | --: | --: | --: | --: |")
    worst = ("", 0.0, 0.0)
    for name, make in CASES.items():
        if args.only and not re.search(args.only, name):
            continue
        source = make(args.size)
        after, cpu = after_ms(source)
        worst = max(worst, (name, after, cpu), key=lambda item: item[1])
        before = "–"
        if have_before:
            took = before_ms(source, args.before_timeout)
            before = describe(took, args.before_timeout)
            if took is None:
                before += f" (8,000 chars: {describe(before_ms(make(8_000), args.before_timeout), args.before_timeout)})"
        print(f"| {name} | {len(source):,} | {before} | {after:.0f} ms | {cpu:.0f} ms | {after / GOAL_MS:.2f} |")
    print(f"\nbaseline, the seed pages repeated to {args.size:,} chars: {baseline:.0f} ms (CPU {baseline_cpu:.0f} ms)")
    print(f"worst case: {worst[0]} {worst[1]:.0f} ms (CPU {worst[2]:.0f} ms) = {worst[1] / baseline:.1f}x baseline, "
          f"{worst[1] / GOAL_MS:.2f}x the goal; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
