"""Markdown events to HTML, in one pass: the only place where our HTML is written.

The parser (pulldown-cmark, through pyromark) turns the source into a flat list of events in time
linear in its length, whatever the input (it was chosen for that, see the README); this writer
walks that list once. It writes what the product needs on top of CommonMark: heading anchors and
the [TOC] marker, footnotes, `[[wiki links]]` and `[[Catégorie:…]]`, the link policy (every URL read
as a browser reads it, by markup.urls), raw HTML shown as text. Nesting deeper than MAX_DEPTH is
flattened: the sanitiser's HTML parser is quadratic in nesting depth (100,000 nested quotes took
it 35 s), and no reader follows 40 levels of quotes anyway.
"""
from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from html import escape
from typing import Any

from flask_babel import lazy_gettext as _l

from ..slugs import slugify
from .urls import Target, classify

MAX_DEPTH = 40
DEADLINE_MASK = 511  # the clock is read once every 512 events
WIKI_PREFIX = "/wiki/"
EXTERNAL_REL = "nofollow ugc noopener"
CATEGORY_PREFIX_RE = re.compile(r"^\s*cat[ée]gor(?:ie|y)\s*:\s*", re.IGNORECASE)
TOC_MARKER = "[TOC]"
AMPERSAND_RUN = 256
TEXT_BREAK = "<span></span>"
BACKLINK_TITLE = "Retour au texte (note %d)"

_HEADING_ID_DROP = re.compile(r"[^\w\s-]")
_HEADING_ID_SPACES = re.compile(r"[-\s]+")
_ID_COUNT = re.compile(r"^(.*)_([0-9]+)$")
_ALIGN = {"Left": ' align="left"', "Center": ' align="center"', "Right": ' align="right"'}


class RenderTooSlow(ValueError):
    """The render went past its time budget: the text is refused rather than the worker held.
    `message` tells the writer what to do, in French; every write path shows it on the field."""

    message = _l(
        "Ce texte est trop complexe à mettre en forme (imbrications ou répétitions inhabituelles). "
        "Simplifiez sa mise en forme ou découpez-le, puis réessayez : rien de ce que vous avez écrit n'est perdu."
    )

    def __str__(self) -> str:
        return str(self.message)


def wiki_href(slug: str) -> str:
    return WIKI_PREFIX + slug


@lru_cache(maxsize=1024)
def heading_id(text: str) -> str:
    """Heading anchors as the site always made them ("Le centre d'appels" -> "le-centre-dappels"),
    so that links into old pages keep working."""
    ascii_text = text if text.isascii() else unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _HEADING_ID_SPACES.sub("-", _HEADING_ID_DROP.sub("", ascii_text).strip().lower())


class _Anchors:
    """Distinct heading ids: a repeated id gets _1, _2... as it always did. Each search resumes
    where the last one from the same id stopped (every id before it is taken for good), so a
    thousand "Notes" headings cost linear time, not quadratic."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.resume: dict[str, tuple[str, int]] = {}

    def take(self, wanted: str) -> str:
        candidate = wanted
        if candidate in self.used or not candidate:
            prefix, number = self.resume.get(wanted) or _numbered(wanted)
            while True:
                number += 1
                candidate = f"{prefix}_{number}"
                if candidate not in self.used:
                    break
            self.resume[wanted] = (prefix, number)
        self.used.add(candidate)
        return candidate


def _numbered(anchor: str) -> tuple[str, int]:
    """"notes_2" -> ("notes", 2); "notes" -> ("notes", 0)."""
    counted = _ID_COUNT.match(anchor)
    return (counted.group(1), int(counted.group(2))) if counted else (anchor, 0)


def _break_ampersand_runs(escaped: str) -> str:
    """nh3 takes time quadratic in the number of '&' in one text node (200,000 '&' took 0.4 s,
    800,000 6 s): an empty element every AMPERSAND_RUN of them splits the node, and `sanitise`
    removes those markers afterwards (its output never holds that string otherwise: user text
    comes out escaped, and this writer writes no span)."""
    pieces = escaped.split("&")
    return "&".join(
        piece + TEXT_BREAK if i % AMPERSAND_RUN == AMPERSAND_RUN - 1 else piece for i, piece in enumerate(pieces)
    )


def _attr(value: str) -> str:
    return escape(value, quote=True)


class HtmlWriter:
    """Writes the events of one document; `links` and `categories` are what the text points at."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.out: list[str] = []
        self.closers: list[tuple[str, Any]] = []  # (kind, data) for every open Start
        self.depth = 0  # elements actually written and still open
        self.capture: list[list[str]] | None = None  # plain text of headings and image alts
        self.muted = 0  # > 0 inside an image (alt text only) or a category tag
        self.links: set[str] = set()
        self.categories: list[str] = []
        self.anchors = _Anchors()
        self.headings: list[tuple[int, str, str]] = []  # level, id, plain text (for the TOC)
        self.toc_slot: int | None = None  # where the first [TOC] marker stood
        self.footnote_defs: dict[str, str] = {}
        self.footnote_order: list[str] = []
        self.footnote_refs: dict[str, list[Any]] = {}  # label -> [number, times cited so far, escaped]
        self.saved_out: list[list[str]] = []
        self.table_head = False
        self.table_body = False
        self.alignments: tuple[str, ...] = ()
        self.cell = 0
        self._openers = {name[5:]: getattr(self, name) for name in dir(self) if name.startswith("open_")}
        self._closers = {name[6:]: getattr(self, name) for name in dir(self) if name.startswith("close_")}

    # -- the walk -------------------------------------------------------------------------------

    def write(self, events: Iterable[Any]) -> str:
        deadline, count = self.deadline, 0
        handlers: dict[str, Callable[[Any], None]] = {
            "Code": self.code,
            "Html": self.raw_html,
            "InlineHtml": self.raw_html,
            "FootnoteReference": self.footnote_reference,
        }
        simple = {"SoftBreak": "\n", "HardBreak": "<br />\n", "Rule": "<hr />\n"}
        openers, closers, stack = self._openers, self._closers, self.closers
        for event in events:
            count += 1
            if not count & DEADLINE_MASK and time.monotonic() > deadline:
                raise RenderTooSlow
            if event.__class__ is str:
                if not self.muted:
                    self.out.append(simple.get(event, ""))
                continue
            for name, value in event.items():  # one pair: the event's kind and its value
                if name == "Text":
                    self.text(value)
                elif name == "Start":
                    if value.__class__ is str:
                        tag, detail = value, None
                    else:
                        ((tag, detail),) = value.items()
                    opener = openers.get(tag)
                    stack.append((tag, opener(detail) if opener is not None else None))
                elif name == "End":
                    tag, data = stack.pop()
                    closer = closers.get(tag)
                    if closer is not None:
                        closer(data)
                else:
                    handler = handlers.get(name)
                    if handler is not None:
                        handler(value)
        return self.finish()

    def _open(self, html: str) -> bool:
        """Write an opening tag unless nesting is already too deep; say whether it was written."""
        if self.depth >= MAX_DEPTH:
            return False
        self.depth += 1
        self.out.append(html)
        return True

    def _close(self, written: bool, html: str) -> None:
        if written:
            self.depth -= 1
            self.out.append(html)

    # -- inline content --------------------------------------------------------------------------

    def text(self, value: str) -> None:
        if self.capture is not None:
            self.capture[-1].append(value)
        if not self.muted:
            if "&" in value or "<" in value or ">" in value:
                value = escape(value, quote=False)
                if value.count("&") > AMPERSAND_RUN:
                    value = _break_ampersand_runs(value)
            self.out.append(value)

    def code(self, value: str) -> None:
        if self.capture is not None:
            self.capture[-1].append(value)
        if not self.muted:
            self.out.append(f"<code>{escape(value, quote=False)}</code>")

    def raw_html(self, value: str) -> None:
        """Users write Markdown only: raw HTML is shown as the text it is."""
        self.text(value.rstrip("\n") if self.closers and self.closers[-1][0] == "HtmlBlock" else value)

    def footnote_reference(self, label: str) -> None:
        if self.muted:
            return
        known = self.footnote_refs.get(label)
        if known is None:
            self.footnote_order.append(label)
            known = self.footnote_refs[label] = [len(self.footnote_order), 0, _attr(label)]
        known[1] += 1
        number, seen, safe = known
        ref_id = f"fnref:{safe}" if seen == 1 else f"fnref{seen}:{safe}"
        self.out.append(f'<sup id="{ref_id}"><a class="footnote-ref" href="#fn:{safe}">{number}</a></sup>')

    # -- elements ---------------------------------------------------------------------------------

    def open_Paragraph(self, _value: None) -> int:  # noqa: N802 (named after the event)
        self.out.append("<p>")
        return len(self.out) - 1

    def close_Paragraph(self, start: int) -> None:  # noqa: N802
        inside = "".join(self.out[start + 1:])
        if not inside.strip():  # only category tags were in it
            del self.out[start:]
        elif inside == TOC_MARKER:  # one table of contents: a copy per marker would grow
            del self.out[start:]  # the output as markers x headings
            if self.toc_slot is None:
                self.toc_slot = len(self.out)
                self.out.append("")
        else:
            self.out.append("</p>\n")

    def open_HtmlBlock(self, _value: None) -> None:  # noqa: N802
        self.out.append("<p>")

    def close_HtmlBlock(self, _data: None) -> None:  # noqa: N802
        self.out.append("</p>\n")

    def open_Heading(self, value: dict[str, Any]) -> tuple[int, int]:  # noqa: N802
        level = int(value["level"][1:])
        self.out.append("")  # the opening tag, written once the text (hence the id) is known
        self._push_capture()
        return level, len(self.out) - 1

    def close_Heading(self, data: tuple[int, int]) -> None:  # noqa: N802
        level, slot = data
        plain = self._pop_capture()
        anchor = self.anchors.take(heading_id(plain))
        self.out[slot] = f'<h{level} id="{anchor}">'  # [a-z0-9_-] only: nothing to escape
        self.out.append(f"</h{level}>\n")
        self.headings.append((level, anchor, plain))

    def open_BlockQuote(self, _value: Any) -> bool:  # noqa: N802
        return self._open("<blockquote>\n")

    def close_BlockQuote(self, written: bool) -> None:  # noqa: N802
        self._close(written, "</blockquote>\n")

    def open_List(self, first: int | None) -> tuple[bool, str]:  # noqa: N802
        if first is None:
            return self._open("<ul>\n"), "</ul>\n"
        return self._open("<ol>\n" if first == 1 else f'<ol start="{first}">\n'), "</ol>\n"

    def close_List(self, data: tuple[bool, str]) -> None:  # noqa: N802
        self._close(*data)

    def open_Item(self, _value: None) -> bool:  # noqa: N802
        return self._open("<li>")

    def close_Item(self, written: bool) -> None:  # noqa: N802
        self._close(written, "</li>\n")

    def open_Emphasis(self, _value: None) -> bool:  # noqa: N802
        return not self.muted and self._open("<em>")

    def close_Emphasis(self, written: bool) -> None:  # noqa: N802
        self._close(written, "</em>")

    def open_Strong(self, _value: None) -> bool:  # noqa: N802
        return not self.muted and self._open("<strong>")

    def close_Strong(self, written: bool) -> None:  # noqa: N802
        self._close(written, "</strong>")

    def open_CodeBlock(self, kind: Any) -> None:  # noqa: N802
        language = kind.get("Fenced", "").split(maxsplit=1) if isinstance(kind, dict) else []
        css = f' class="language-{_attr(language[0])}"' if language else ""
        self.out.append(f"<pre><code{css}>")

    def close_CodeBlock(self, _data: None) -> None:  # noqa: N802
        self.out.append("</code></pre>\n")

    def open_Table(self, alignments: tuple[str, ...]) -> None:  # noqa: N802
        self.alignments, self.table_body = tuple(alignments), False
        self.out.append("<table>\n")

    def close_Table(self, _data: None) -> None:  # noqa: N802
        self.out.append("</tbody>\n</table>\n" if self.table_body else "</table>\n")

    def open_TableHead(self, _value: None) -> None:  # noqa: N802
        self.table_head, self.cell = True, 0
        self.out.append("<thead>\n<tr>\n")

    def close_TableHead(self, _data: None) -> None:  # noqa: N802
        self.table_head = False
        self.out.append("</tr>\n</thead>\n")

    def open_TableRow(self, _value: None) -> None:  # noqa: N802
        self.cell = 0
        self.out.append("<tr>\n" if self.table_body else "<tbody>\n<tr>\n")
        self.table_body = True

    def close_TableRow(self, _data: None) -> None:  # noqa: N802
        self.out.append("</tr>\n")

    def open_TableCell(self, _value: None) -> str:  # noqa: N802
        tag = "th" if self.table_head else "td"
        align = _ALIGN.get(self.alignments[self.cell], "") if self.cell < len(self.alignments) else ""
        self.cell += 1
        self.out.append(f"<{tag}{align}>")
        return tag

    def close_TableCell(self, tag: str) -> None:  # noqa: N802
        self.out.append(f"</{tag}>\n")

    def open_FootnoteDefinition(self, label: str) -> str:  # noqa: N802
        self.saved_out.append(self.out)
        self.out = []
        return label

    def close_FootnoteDefinition(self, label: str) -> None:  # noqa: N802
        self.footnote_defs.setdefault(label, "".join(self.out))
        self.out = self.saved_out.pop()

    def open_Image(self, value: dict[str, str]) -> dict[str, str]:  # noqa: N802
        self.muted += 1
        self._push_capture()
        return value

    def close_Image(self, value: dict[str, str]) -> None:  # noqa: N802
        self.muted -= 1
        alt = self._pop_capture()
        link = classify(value["dest_url"])
        if self.muted or link.target is not Target.INTERNAL:
            return  # images from other sites are dropped: no request leaves for a third party
        title = f' title="{_attr(value["title"])}"' if value["title"] else ""
        self.out.append(f'<img alt="{_attr(alt)}" src="{_attr(link.href)}"{title} />')

    def open_Link(self, value: dict[str, Any]) -> tuple[str, bool]:  # noqa: N802
        if self.muted:
            return "", False
        link_type = value["link_type"]
        if isinstance(link_type, dict) and "WikiLink" in link_type:
            return self._open_wiki_link(value["dest_url"], link_type["WikiLink"]["has_pothole"])
        link = classify(value["dest_url"])
        attrs = ""
        if link.target is not Target.REFUSED:
            attrs = f' href="{_attr(link.href)}"'
            if link.target is Target.EXTERNAL:
                attrs += f' rel="{EXTERNAL_REL}"'
        if value["title"]:
            attrs += f' title="{_attr(value["title"])}"'
        return "</a>", self._open(f"<a{attrs}>")

    def close_Link(self, data: tuple[str, bool]) -> None:  # noqa: N802
        closer, written = data
        if closer == "category":
            self.muted -= 1
        elif closer.startswith("wiki:"):  # a link without a label shows the page's name
            self.muted -= 1
            self.out.append(escape(closer[5:], quote=False) + "</a>")
            self.depth -= 1
        else:
            self._close(written, closer)

    def _open_wiki_link(self, target: str, labelled: bool) -> tuple[str, bool]:
        """[[Page]], [[Page|label]], [[Page#section|label]]; [[Catégorie:Nom]] files the page."""
        target = target.strip()
        category = CATEGORY_PREFIX_RE.match(target)
        if category:
            name = " ".join(target[category.end():].split())
            if name and name not in self.categories:
                self.categories.append(name)
            self.muted += 1
            return "category", False
        page, _sep, anchor = target.partition("#")
        slug = slugify(page)
        if not slug or self.depth >= MAX_DEPTH:
            self.out.append(escape("[[" + target + ("|" if labelled else ""), quote=False))
            return "]]", True
        self.links.add(slug)
        href = wiki_href(slug) + (f"#{heading_id(anchor)}" if anchor else "")
        self.depth += 1
        self.out.append(f'<a class="wikilink" href="{_attr(href)}">')
        if labelled:
            return "</a>", True
        self.muted += 1
        return "wiki:" + page.strip(), True

    # -- text capture (heading ids, image alts) --------------------------------------------------

    def _push_capture(self) -> None:
        if self.capture is None:
            self.capture = []
        self.capture.append([])

    def _pop_capture(self) -> str:
        assert self.capture is not None
        plain = "".join(self.capture.pop())
        if self.capture:
            self.capture[-1].append(plain)
        else:
            self.capture = None
        return plain

    # -- the end of the document -----------------------------------------------------------------

    def finish(self) -> str:
        if self.toc_slot is not None:
            self.out[self.toc_slot] = self._toc()
        if self.footnote_order:
            self.out.append(self._footnotes())
        return "".join(self.out).strip()

    def _toc(self) -> str:
        parts, levels = ['<div class="toc">\n'], []
        for level, anchor, plain in self.headings:
            while levels and levels[-1] > level:
                parts.append("</li>\n</ul>\n")
                levels.pop()
            if levels and levels[-1] == level:
                parts.append("</li>\n")
            elif len(levels) < MAX_DEPTH // 2:
                parts.append("<ul>\n")
                levels.append(level)
            parts.append(f'<li><a href="#{_attr(anchor)}">{escape(plain, quote=False)}</a>')
        parts.extend("</li>\n</ul>\n" for _level in levels)
        parts.append("</div>\n")
        return "".join(parts)

    def _footnotes(self) -> str:
        parts = ['<div class="footnote">\n<hr />\n<ol>\n']
        for number, label in enumerate(self.footnote_order, start=1):
            back = (
                f'&#160;<a class="footnote-backref" href="#{_attr("fnref:" + label)}" '
                f'title="{_attr(BACKLINK_TITLE % number)}">&#8617;</a>'
            )
            body = self.footnote_defs.get(label, "")
            if body.endswith("</p>\n"):
                body = body[: -len("</p>\n")] + back + "</p>\n"
            else:
                body += f"<p>{back}</p>\n"
            parts.append(f'<li id="{_attr("fn:" + label)}">\n{body}</li>\n')
        parts.append("</ol>\n</div>\n")
        return "".join(parts)
