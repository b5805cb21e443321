"""The red/blue link choice, measured: resolving links at read time against the alternatives.

The site caches each revision's HTML with every wiki link rendered alike, and `links.resolve` marks
the missing ones red at read time with one indexed query. The alternatives would be re-rendering
the Markdown at every read, or re-rendering every page that links to a page when it is created
or deleted (cheap reads, but a write cost that grows with the page's backlinks).
"""
from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from typing import Any

import wiki_dataset
from sqlalchemy import func, select

from cherclient_wiki.core.db import db
from cherclient_wiki.core.markup import render_document
from cherclient_wiki.wiki import links
from cherclient_wiki.wiki.models import PageLink


def median_us(action: Callable[[], Any], repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter_ns()
        action()
        samples.append(time.perf_counter_ns() - start)
    return statistics.median(samples) / 1000


def source_with_links(count: int, total: int) -> str:
    """`count` wiki links, half to generated pages that exist, half to missing ones."""
    targets = [
        wiki_dataset.title(n % total) if n % 2 == 0 else f"Page absente {n}" for n in range(count)
    ]
    body = "\n\n".join(wiki_dataset.PARAGRAPHS * 2)
    return body + "\n\n" + " ".join(f"[[{target}]]" for target in targets)


def measure(total: int, repeats: int = 200) -> list[str]:
    """Lines of figures; call inside an app context on a site holding `total` generated pages."""
    lines = [f"Red/blue links on {total} pages (median of {repeats} runs, in-process):"]
    lines.append(f"  {'links in page':>14} {'resolve at read':>16} {'re-render at read':>18}")
    for count in (0, 6, 30, 100):
        source = source_with_links(count, total)
        html = render_document(source).html
        resolve = median_us(lambda: links.resolve(html), repeats)
        rerender = median_us(lambda: render_document(source), repeats)
        lines.append(f"  {count:>14} {resolve:>13.0f} µs {rerender:>15.0f} µs")
    referrers = db.session.execute(
        select(PageLink.target_slug, func.count()).group_by(PageLink.target_slug).order_by(func.count().desc()).limit(1)
    ).one()
    render_one = median_us(lambda: render_document(wiki_dataset.markdown(1, total, random.Random(0))), repeats // 4 or 1)
    lines.append(
        f"  Write-time alternative: creating the most wanted page ({referrers[0]}) would re-render its "
        f"{referrers[1]} referrers, about {referrers[1] * render_one / 1000:.1f} ms of Markdown "
        f"({render_one:.0f} µs per generated page); resolving at read time costs nothing at write time."
    )
    return lines

