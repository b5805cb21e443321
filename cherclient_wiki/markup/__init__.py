"""The one rendering pipeline: Markdown to HTML, then nh3 sanitising with a strict allow-list.

Pages, stories, comments and previews all go through `render`; nothing else turns user text into
HTML. Raw HTML in the source is shown as text, never interpreted, so every element in the output
comes from Markdown syntax; nh3 (the maintained successor of the end-of-life bleach) then removes
anything outside the allow-list as a second, independent line of defence.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from .slugs import slugify

MARKDOWN_EXTENSIONS = ["tables", "fenced_code", "footnotes", "toc", "sane_lists"]
MARKDOWN_CONFIG = {
    "toc": {"permalink": False},
    "tables": {"use_align_attribute": True},  # The CSP forbids inline style attributes.
    "footnotes": {"BACKLINK_TITLE": "Retour au texte (note %d)"},
}

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
EXTERNAL_REL = "nofollow ugc noopener"
OUR_CLASSES = {"new", "wikilink", "footnote", "footnote-ref", "footnote-backref", "toc"}

# Wiki links: [[Page]], [[Page|label]], [[Page#section|label]]; [[Catégorie:Nom]] files the page.
WIKI_PREFIX = "/wiki/"
WIKILINK_RE = r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]"
CATEGORY_PREFIX_RE = re.compile(r"^\s*cat[ée]gor(?:ie|y)\s*:\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Rendered:
    """What a save needs from one rendering: the safe HTML and what the text points at."""

    html: str
    links: frozenset[str]  # slugs of the wiki pages linked to
    categories: tuple[str, ...]  # category names, in order of first appearance


def wiki_href(slug: str) -> str:
    return WIKI_PREFIX + slug


class _WikiLinks(InlineProcessor):
    """Turns [[...]] into links marked `wikilink` and records targets and categories on the parser."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(WIKILINK_RE, md)

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element | str, int, int]:  # noqa: N802
        target, label = m.group(1).strip(), (m.group(2) or "").strip()
        category = CATEGORY_PREFIX_RE.match(target)
        if category:
            name = " ".join(target[category.end():].split())
            if name and name not in self.md.wiki_categories:  # type: ignore[attr-defined]
                self.md.wiki_categories.append(name)  # type: ignore[attr-defined]
            return "", m.start(0), m.end(0)
        page, _sep, anchor = target.partition("#")
        slug = slugify(page)
        if not slug:
            return m.group(0), m.start(0), m.end(0)
        self.md.wiki_links.add(slug)  # type: ignore[attr-defined]
        link = etree.Element("a", {"class": "wikilink", "href": wiki_href(slug) + (f"#{slugify(anchor)}" if anchor else "")})
        link.text = label or page.strip()
        return link, m.start(0), m.end(0)


class _DropEmptyParagraphs(Treeprocessor):
    """A line holding only category tags would leave an empty paragraph behind."""

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag == "p" and not (child.text or "").strip() and len(child) == 0:
                    parent.remove(child)


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


class _LinkPolicy(Treeprocessor):
    """External links are marked as user content; external images are dropped (no third-party request)."""

    def run(self, root: etree.Element) -> None:
        for link in root.iter("a"):
            href = link.get("href", "")
            if is_external(href) and not href.startswith("mailto:"):
                link.set("rel", EXTERNAL_REL)
        for parent in list(root.iter()):
            for image in [child for child in parent if child.tag == "img"]:
                if is_external(image.get("src", "")):
                    parent.remove(image)


class CherClientExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        # Raw HTML is escaped, not passed through: users write Markdown only.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.inlinePatterns.register(_WikiLinks(md), "wikilinks", 175)
        md.treeprocessors.register(_LinkPolicy(md), "cherclient_links", 1)
        md.treeprocessors.register(_DropEmptyParagraphs(md), "cherclient_empty_p", 0)


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    if attribute == "class":
        kept = [name for name in value.split() if name in OUR_CLASSES or name.startswith("language-")]
        return " ".join(kept) or None
    if attribute == "rel":
        return value if value == EXTERNAL_REL else None
    return value


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes=ALLOWED_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def render_document(source: str) -> Rendered:
    """User Markdown to safe HTML plus its wiki links and categories. Pure and deterministic:
    callers cache the result per revision (links are all rendered alike; `wiki.links.resolve`
    marks the missing ones red at read time)."""
    md = markdown.Markdown(
        extensions=[*MARKDOWN_EXTENSIONS, CherClientExtension()],
        extension_configs=MARKDOWN_CONFIG,
        output_format="html",
    )
    md.wiki_links = set()  # type: ignore[attr-defined]
    md.wiki_categories = []  # type: ignore[attr-defined]
    html = md.convert(source)
    return Rendered(sanitise(html), frozenset(md.wiki_links), tuple(md.wiki_categories))  # type: ignore[attr-defined]


def render(source: str) -> str:
    """User Markdown to safe HTML (stories, comments, previews)."""
    return render_document(source).html
