"""The parts of a shared page that belong to its reader.

A page kept for visitors (core.visitor_cache) is what every reader sees but for a few parts: the
account menu, the edit tabs, the follow button, the comment form and each comment's tools. A
template names such a part with `{{ part("follow", "page", page.id) }}`, and the function a feature
registered under that name (hooks `personal_parts`) renders it for the current reader. In a page
kept for visitors each part is wrapped in markers that name it and its arguments; a signed-in
reader of a view that shares its visitors' page with them (`for_visitors(readers=...)`) then gets
the kept bytes with each part rendered again for them: a few small macros instead of the whole
template. A part function answers from its arguments and the current user only, so that both
ways give the same bytes (tests/test_personal_parts.py compares them).
"""
from __future__ import annotations

import re
from urllib.parse import quote, unquote

from markupsafe import Markup

from .hooks import hooks

PART = re.compile(r"<!--part:([\w-]+)((?: [^ >]*)*)-->.*?<!--/part-->", re.S)


def render(name: str, arguments: list[str]) -> Markup:
    """The part for the current reader; a part no feature registered is empty."""
    render_part = hooks().personal_parts.get(name)
    return render_part(*arguments) if render_part else Markup("")


def part(name: str, *arguments: object, marked: bool) -> Markup:
    """The part, wrapped in its markers when `marked` (the page is being kept for visitors).
    Arguments are passed as strings either way: they travel in the markers."""
    texts = [str(argument) for argument in arguments]
    html = render(name, texts)
    if not marked:
        return html
    marker = "".join(" " + quote(text, safe="") for text in texts)
    return Markup(f"<!--part:{name}{marker}-->") + html + Markup("<!--/part-->")


def fill(page: str) -> str:
    """A kept page with each of its parts rendered for the current reader."""
    return PART.sub(lambda found: render(found.group(1), [unquote(a) for a in found.group(2).split(" ")[1:]]), page)
