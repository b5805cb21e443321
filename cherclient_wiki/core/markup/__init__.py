"""The one rendering pipeline: Markdown to HTML, then nh3 sanitising with a strict allow-list.

Pages, stories, comments and previews all go through `render_document`; nothing else turns user
text into HTML. The Markdown engine is pulldown-cmark (through pyromark), chosen because it parses
any input in linear time: Python-Markdown, named on the original card, took 10 s on 8,000 `[` and
minutes on 50 KB (bench/render_bench.py). Our own writer (markup.html) turns its events into HTML;
raw HTML in the source is shown as text, never interpreted, so every element in the output comes
from Markdown syntax, and nh3 (the maintained successor of the end-of-life bleach) then removes
anything outside the allow-list as a second, independent line of defence.

Every render has a time budget (RENDER_BUDGET_SECONDS): past it the text is refused with
`RenderTooSlow`, so that no input, and no future engine, can hold a worker.
"""
from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any

import nh3
import pyromark

from .html import EXTERNAL_REL, TEXT_BREAK, WIKI_PREFIX, HtmlWriter, RenderTooSlow, heading_id, wiki_href

RENDER_BUDGET_SECONDS = 2.0
PARSER_OPTIONS = (
    pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_FOOTNOTES | pyromark.Options.ENABLE_WIKILINKS
)

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "img", "li", "ol", "p", "pre", "span", "strong", "sup", "table", "tbody",
    "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "title"},
    "a": {"href", "class", "rel"},
    "img": {"src", "alt"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
    "div": {"class"},
    "span": {"class"},
    "code": {"class"},
}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
OUR_CLASSES = {"new", "wikilink", "footnote", "footnote-ref", "footnote-backref", "toc"}


@dataclass(frozen=True)
class Rendered:
    """What a save needs from one rendering: the safe HTML and what the text points at."""

    html: str
    links: frozenset[str]  # slugs of the wiki pages linked to
    categories: tuple[str, ...]  # category names, in order of first appearance


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    if attribute == "class":
        kept = [name for name in value.split() if name in OUR_CLASSES or name.startswith("language-")]
        return " ".join(kept) or None
    if attribute == "rel":
        return value if value == EXTERNAL_REL else None
    return value


def sanitise(html: str) -> str:
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes=ALLOWED_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    return clean.replace(TEXT_BREAK, "") if TEXT_BREAK in clean else clean


_parsers: tuple[int, ThreadPoolExecutor] | None = None


def _parser_pool() -> ThreadPoolExecutor:
    """The parser runs beside the request's thread (pyromark releases the GIL), so a stuck parse
    cannot keep the request past its budget. One small pool per process: threads do not survive a
    fork, and gunicorn forks its workers after the app is built."""
    global _parsers
    if _parsers is None or _parsers[0] != os.getpid():
        _parsers = (os.getpid(), ThreadPoolExecutor(max_workers=4, thread_name_prefix="markdown"))
    return _parsers[1]


def _parse(source: str, deadline: float) -> list[Any]:
    future = _parser_pool().submit(pyromark.events, source, options=PARSER_OPTIONS)
    try:
        return future.result(timeout=max(deadline - time.monotonic(), 0.0))
    except FutureTimeout:
        future.cancel()
        raise RenderTooSlow from None


def render_document(source: str, budget: float | None = None) -> Rendered:
    """User Markdown to safe HTML plus its wiki links and categories. Pure and deterministic:
    callers cache the result per revision (links are all rendered alike; `wiki.links.resolve`
    marks the missing ones red at read time). Raises RenderTooSlow past `budget` seconds."""
    deadline = time.monotonic() + (RENDER_BUDGET_SECONDS if budget is None else budget)
    writer = HtmlWriter(deadline)
    html = writer.write(_parse(source, deadline))
    if time.monotonic() > deadline:
        raise RenderTooSlow
    clean = sanitise(html)
    if time.monotonic() > deadline:
        raise RenderTooSlow
    return Rendered(clean, frozenset(writer.links), tuple(writer.categories))


def render(source: str) -> str:
    """User Markdown to safe HTML (stories, comments, previews)."""
    return render_document(source).html


__all__ = [
    "ALLOWED_TAGS", "EXTERNAL_REL", "RENDER_BUDGET_SECONDS", "WIKI_PREFIX", "RenderTooSlow", "Rendered",
    "heading_id", "render", "render_document", "sanitise", "wiki_href",
]
