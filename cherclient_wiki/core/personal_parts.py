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

A part marked `same_on_every_page` (the account menu) depends on nothing of the page for a
signed-in reader: while filling kept pages it is rendered once per reader (sign-in and CSRF token),
language and data version, then reused on the next pages until the data change.
"""
from __future__ import annotations

import re
import time
from collections.abc import Callable
from urllib.parse import quote, unquote

from flask import current_app, session
from flask_login import current_user
from markupsafe import Markup

from .hooks import hooks
from .i18n import current_locale
from .reader_cache import LOGIN_ID, token_reuse_seconds

PART = re.compile(r"<!--part:([\w-]+)((?: [^ >]*)*)-->.*?<!--/part-->", re.S)
SAME_ON_EVERY_PAGE = "same_on_every_page"
KEPT = "personal_parts"  # app.extensions: the parts kept per reader, in this process
KEPT_MAX = 5_000  # entries; a full store starts again (entries of older data versions are dead anyway)


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


def same_on_every_page(render_part: Callable[..., Markup]) -> Callable[..., Markup]:
    """Mark a part whose output, for a signed-in reader, depends on the reader and the data only."""
    setattr(render_part, SAME_ON_EVERY_PAGE, True)
    return render_part


def fill(page: str, version: str) -> str:
    """A kept page with each of its parts rendered for the current reader; `version`: the data
    version's stamp, read before anything was rendered."""
    reader = _reader(version)
    kept: dict[tuple[str, ...], tuple[Markup, float]] = current_app.extensions.setdefault(KEPT, {})
    oldest = time.time() - token_reuse_seconds()  # a kept part hands out the CSRF token of its first render

    def filled(found: re.Match[str]) -> str:
        name, arguments = found.group(1), [unquote(a) for a in found.group(2).split(" ")[1:]]
        if reader is None or not getattr(hooks().personal_parts.get(name), SAME_ON_EVERY_PAGE, False):
            return render(name, arguments)
        key = (name, *arguments, *reader)
        html, rendered_at = kept.get(key) or (None, 0.0)
        if html is None or rendered_at < oldest:
            html = render(name, arguments)
            if len(kept) >= KEPT_MAX:
                kept.clear()
            kept[key] = html, time.time()
        return html

    return PART.sub(filled, page)


def _reader(version: str) -> tuple[str, ...] | None:
    """What a part the same on every page depends on; None for a reader whose session holds no
    CSRF token yet (the part would write one: kept, it would hand a token of one session to another)."""
    token = session.get(current_app.config["WTF_CSRF_FIELD_NAME"])
    login_id = session.get(LOGIN_ID)
    if not (current_user.is_authenticated and isinstance(token, str) and isinstance(login_id, str)):
        return None
    return login_id, token, current_locale(), version
