"""Export and import: every page as Markdown with front matter, plus its full history as JSON.

`<slug>.md` is for people (the current text, readable and editable anywhere); `<slug>.json` is for
machines (every revision, verbatim). Import replays the JSON through `save_revision`, so links,
categories and hooks are rebuilt exactly as for an edit. A folder of plain `.md` files with front
matter (title, categories) imports too: that is how the seed pages are loaded.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import frontmatter
from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts import users
from ..db import db
from ..markup import render_document
from ..slugs import slugify
from .models import Page, PageRedirect, Revision
from .pages import Kind, by_slug, save_revision

FORMAT_VERSION = 1


class TransferError(ValueError):
    pass


def _json_path(folder: Path, slug: str) -> Path:
    return folder / f"{slug}.json"


def export_site(folder: Path) -> int:
    """Write every page (deleted ones too: their history is kept); return how many."""
    folder.mkdir(parents=True, exist_ok=True)
    exported = 0
    for page in db.session.scalars(select(Page).order_by(Page.slug)):
        revisions = list(db.session.scalars(select(Revision).where(Revision.page_id == page.id).order_by(Revision.number)))
        if not revisions:
            continue
        current = revisions[-1]
        post = frontmatter.Post(
            current.source,
            title=page.title,
            slug=page.slug,
            categories=[category.name for category in page.categories],
            revision=current.number,
        )
        (folder / f"{page.slug}.md").write_text(frontmatter.dumps(post, sort_keys=False) + "\n", encoding="utf-8")
        redirects = sorted(db.session.scalars(select(PageRedirect.slug).where(PageRedirect.page_id == page.id)))
        history = {
            "format": FORMAT_VERSION,
            "slug": page.slug,
            "title": page.title,
            "protected": page.protected,
            "deleted_at": page.deleted_at.isoformat() if page.deleted_at else None,
            "redirects": redirects,
            "revisions": [
                {
                    "number": rev.number,
                    "kind": rev.kind,
                    "title": rev.title,
                    "summary": rev.summary,
                    "author": rev.author_name,
                    "created_at": rev.created_at.isoformat(),
                    "markdown": rev.source,
                }
                for rev in revisions
            ],
        }
        _json_path(folder, page.slug).write_text(json.dumps(history, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        exported += 1
    return exported


@dataclass(frozen=True)
class ImportReport:
    created: int
    skipped: int


def import_site(folder: Path, *, skip_existing: bool = False) -> ImportReport:
    """Restore pages from `folder`. Into an empty site unless `skip_existing` (the seed loader's
    mode: a page already there is left alone, so running it twice adds nothing)."""
    if not folder.is_dir():
        raise TransferError(_("Dossier introuvable : %(path)s", path=str(folder)))
    if not skip_existing and db.session.scalar(select(Page.id).limit(1)) is not None:
        raise TransferError(_("L'import se fait dans un site vide : ce site contient déjà des pages."))
    created = skipped = 0
    for item in _items(folder):
        if by_slug(item.slug) is not None:
            skipped += 1
            continue
        item.restore()
        created += 1
    return ImportReport(created, skipped)


@dataclass(frozen=True)
class _Item:
    slug: str
    history: dict[str, Any] | None
    post: frontmatter.Post | None

    def restore(self) -> None:
        if self.history is not None:
            _restore_history(self.history)
        else:
            assert self.post is not None
            _restore_markdown(self.slug, self.post)


def _items(folder: Path) -> Iterator[_Item]:
    for path in sorted(folder.glob("*.md")):
        json_path = path.with_suffix(".json")
        if json_path.exists():
            history = json.loads(json_path.read_text(encoding="utf-8"))
            if history.get("format") != FORMAT_VERSION:
                raise TransferError(_("Format d'historique inconnu dans %(path)s", path=str(json_path)))
            yield _Item(history["slug"], history, None)
            continue
        post = frontmatter.load(path)
        title = str(post.get("title") or path.stem.replace("-", " "))
        slug = slugify(str(post.get("slug") or title))
        if not slug:
            raise TransferError(_("Titre invalide dans %(path)s", path=str(path)))
        post["title"] = title
        yield _Item(slug, None, post)


def _restore_history(history: dict[str, Any]) -> None:
    slug = history["slug"]
    for rev in history["revisions"]:
        author = users.by_username(rev["author"])
        save_revision(
            slug, rev["markdown"], author, title=rev["title"], summary=rev["summary"],
            kind=Kind(rev["kind"]), author_name=rev["author"], created_at=datetime.fromisoformat(rev["created_at"]),
        )
    page = by_slug(slug)
    assert page is not None
    page.protected = bool(history.get("protected"))
    deleted_at = history.get("deleted_at")
    page.deleted_at = datetime.fromisoformat(deleted_at) if deleted_at else None
    db.session.add_all(PageRedirect(slug=old, page_id=page.id) for old in history.get("redirects", []))
    db.session.commit()


def _restore_markdown(slug: str, post: frontmatter.Post) -> None:
    """A page written by hand: front-matter categories become [[Catégorie:…]] tags in the text."""
    source = post.content.rstrip() + "\n"
    listed = post.get("categories") or []
    if isinstance(listed, str):
        listed = [listed]
    present = {slugify(name) for name in render_document(source).categories}
    tags = [f"[[Catégorie:{name}]]" for name in map(str, listed) if slugify(name) not in present]
    if tags:
        source += "\n" + "\n".join(tags) + "\n"
    save_revision(slug, source, None, title=str(post["title"]), summary=_("Page importée"))
