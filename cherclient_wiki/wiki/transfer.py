"""Export and import: every page as Markdown with front matter, plus its full history as JSON.

`<slug>.md` is for people (the current text, readable and editable anywhere); `<slug>.json` is for
machines (every revision, verbatim). Import replays the JSON through the save path (`add_revision`,
in batches of pages per transaction), so links, categories and hooks are rebuilt exactly as for an
edit. A folder of plain `.md` files with front
matter (title, categories) imports too: that is how the seed pages are loaded.
"""
from __future__ import annotations

import json
import multiprocessing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import frontmatter
from flask import Flask, current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from ..accounts import users
from ..core.db import db
from ..core.errors import InputError
from ..core.hooks import hooks
from ..core.markup import render_document
from ..core.schemas import from_iso_utc, iso_utc
from ..core.slugs import slugify
from .models import Page, PageRedirect, Revision
from .pages import Kind, add_revision, by_slug, resolve

FORMAT_VERSION = 1
BATCH_SIZE = 200  # pages per transaction: a few commits, and the index written as the import goes


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
            "deleted_at": iso_utc(page.deleted_at) if page.deleted_at else None,
            "redirects": redirects,
            "revisions": [
                {
                    "number": rev.number,
                    "kind": rev.kind,
                    "title": rev.title,
                    "summary": rev.summary,
                    "author": rev.author_name,
                    "created_at": iso_utc(rev.created_at),
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
    """Restore pages from `folder`, BATCH_SIZE pages per transaction (a page that cannot be saved
    stops the import there: the batches before it stay, its own is rolled back), the search index
    following batch by batch. Into an empty site unless `skip_existing` (the seed loader's mode:
    a page already there, or renamed away from that address, is left alone, so running it twice
    adds nothing). Two pages of the folder that would share an address (« Aïe » and « Aie »
    both fold to `aie`) refuse the whole import, every collision listed, before anything is
    written: a page is never dropped quietly, nor given an address its title does not lead to."""
    if not folder.is_dir():
        raise InputError(_("Dossier introuvable : %(path)s", path=str(folder)))
    if not skip_existing and db.session.scalar(select(Page.id).limit(1)) is not None:
        raise InputError(_("L'import se fait dans un site vide : ce site contient déjà des pages."))
    items = list(_items(folder))
    collisions = _collisions(items)
    if collisions:
        raise InputError("\n".join([
            ngettext(
                "Import refusé, rien n'a été importé : une adresse serait prise par plusieurs pages. "
                "Donnez-leur des titres distincts (ou un « slug » distinct dans l'en-tête), puis recommencez.",
                "Import refusé, rien n'a été importé : %(num)d adresses seraient prises par plusieurs pages. "
                "Donnez-leur des titres distincts (ou un « slug » distinct dans l'en-tête), puis recommencez.",
                len(collisions),
            ),
            *collisions,
        ]))
    created = skipped = 0
    with _Follower(in_parallel=len(items) > BATCH_SIZE) as follower:
        for start in range(0, len(items), BATCH_SIZE):
            try:
                for item in items[start:start + BATCH_SIZE]:
                    if skip_existing and resolve(item.slug) is not None:  # else the site was empty, the folder has no collision
                        skipped += 1
                        continue
                    item.restore()
                    created += 1
                db.session.commit()
            except BaseException:
                db.session.rollback()
                raise
            follower.batch_committed()
    return ImportReport(created, skipped)


class _Follower:
    """Runs the `batch_committed` hooks (the search index) after each batch. For an import of
    several batches, in a child process while this one writes the next batch: the index of batch
    k is written on the other processor during the database writes of batch k+1, one child at a
    time, each waited for before the next starts and before the import returns."""

    def __init__(self, in_parallel: bool) -> None:
        self.in_parallel = in_parallel
        self.child: multiprocessing.process.BaseProcess | None = None

    def __enter__(self) -> _Follower:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._wait()

    def batch_committed(self) -> None:
        if not self.in_parallel:
            _run_hooks()
            return
        self._wait()
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        self.child = multiprocessing.get_context("fork").Process(target=_run_hooks_in_child, args=(app,), daemon=True)
        self.child.start()

    def _wait(self) -> None:
        if self.child is not None:
            self.child.join()
            if self.child.exitcode:
                raise RuntimeError(f"the batch follower (search index) exited with status {self.child.exitcode}")
            self.child = None


def _run_hooks() -> None:
    for hook in hooks().batch_committed:
        hook()


def _run_hooks_in_child(app: Flask) -> None:
    """In the forked child: database connections of its own, the parent's are left untouched."""
    with app.app_context():
        db.engine.dispose(close=False)
        _run_hooks()
        db.session.remove()


@dataclass(frozen=True)
class _Item:
    """One page of the folder: what its address claims are. The history is read again when the
    page is restored, so that a large export is never held in memory whole."""

    slug: str
    title: str
    path: Path  # the .md file; its history, when there is one, is the .json beside it
    redirects: tuple[str, ...] = ()

    def restore(self) -> None:
        json_path = self.path.with_suffix(".json")
        if json_path.exists():
            _restore_history(_history(json_path))
        else:
            post = frontmatter.load(self.path)
            post["title"] = self.title
            _restore_markdown(self.slug, post)


def _history(json_path: Path) -> dict[str, Any]:
    history: dict[str, Any] = json.loads(json_path.read_text(encoding="utf-8"))
    if history.get("format") != FORMAT_VERSION:
        raise InputError(_("Format d'historique inconnu dans %(path)s", path=str(json_path)))
    return history


def _items(folder: Path) -> Iterator[_Item]:
    for path in sorted(folder.glob("*.md")):
        json_path = path.with_suffix(".json")
        if json_path.exists():
            history = _history(json_path)
            yield _Item(history["slug"], str(history.get("title") or history["slug"]), path, tuple(history.get("redirects", [])))
            continue
        post = frontmatter.load(path)
        title = str(post.get("title") or path.stem.replace("-", " "))
        slug = slugify(str(post.get("slug") or title))
        if not slug:
            raise InputError(_("Titre invalide dans %(path)s", path=str(path)))
        yield _Item(slug, title, path)


def _collisions(items: list[_Item]) -> list[str]:
    """One line per address that several pages (or a page and an old address kept as a
    redirect) would take, naming each claimant and its file."""
    claims: dict[str, list[str]] = {}
    for item in items:
        claims.setdefault(item.slug, []).append(_("« %(title)s » (%(file)s)", title=item.title, file=item.path.name))
        for old in item.redirects:
            claims.setdefault(old, []).append(
                _("ancienne adresse de « %(title)s » (%(file)s)", title=item.title, file=item.path.name)
            )
    return [f"  {slug} : " + ", ".join(claimants) for slug, claimants in claims.items() if len(claimants) > 1]


def _restore_history(history: dict[str, Any]) -> None:
    slug = history["slug"]
    for rev in history["revisions"]:
        author = users.by_username(rev["author"])
        add_revision(
            slug, rev["markdown"], author, title=rev["title"], summary=rev["summary"],
            kind=Kind(rev["kind"]), author_name=rev["author"], created_at=from_iso_utc(rev["created_at"]),
        )
    page = by_slug(slug)
    assert page is not None
    page.protected = bool(history.get("protected"))
    deleted_at = history.get("deleted_at")
    page.deleted_at = from_iso_utc(deleted_at) if deleted_at else None
    db.session.add_all(PageRedirect(slug=old, page_id=page.id) for old in history.get("redirects", []))


def _restore_markdown(slug: str, post: frontmatter.Post) -> None:
    """A page written by hand: front-matter categories become [[Catégorie:…]] tags in the text."""
    source = post.content.rstrip() + "\n"
    listed = post.get("categories") or []
    if isinstance(listed, str):
        listed = [listed]
    present = {slugify(name) for name in render_document(source).categories} if listed else set()
    tags = [f"[[Catégorie:{name}]]" for name in map(str, listed) if slugify(name) not in present]
    if tags:
        source += "\n" + "\n".join(tags) + "\n"
    add_revision(slug, source, None, title=str(post["title"]), summary=_("Page importée"))
