"""Pages and saving: the one place where a page changes.

`save_revision` is the write path for every new text (edit, creation, revert, rename, import):
it merges against concurrent edits, bumps the page's revision pointer with a conditional UPDATE
(the database decides who wins, across processes, on SQLite and PostgreSQL alike), stores the
rendered HTML once, refreshes the link and category tables, and calls the `page_saved` hooks (core.hooks) in the
same transaction.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from ..accounts.models import User
from ..accounts.verification import may_edit_protected
from ..core.db import LostRace, db, retried, utcnow
from ..core.errors import InputError
from ..core.hooks import hooks
from ..core.inputs import clean_text
from ..core.markup import Rendered, RenderTooSlow, render_document
from ..core.merge import Outcome, three_way
from ..core.slugs import slugify
from .models import Page, PageCategory, PageLink, PageRedirect, Revision

MAX_TITLE_LENGTH = 200
MAX_SUMMARY_LENGTH = 300
MAX_SOURCE_LENGTH = 200_000
SYSTEM_AUTHOR = "CherClient.wiki"


class Kind(StrEnum):
    """What a revision did, for history and the recent-changes filter."""

    CREATE = "create"
    EDIT = "edit"
    REVERT = "revert"
    RENAME = "rename"


@dataclass
class EditConflict(Exception):
    """Someone else changed the same lines: nothing is saved, both texts are handed back."""

    page: Page
    current: Revision
    mine: str
    merged: str  # with conflict markers, for people who prefer to resolve in one box


@dataclass(frozen=True)
class Saved:
    page: Page
    revision: Revision
    outcome: Outcome


# ---- lookups -------------------------------------------------------------------------------


def by_slug(slug: str) -> Page | None:
    return db.session.scalar(select(Page).where(Page.slug == slug))


def redirect_target(slug: str) -> Page | None:
    """The page an old slug now points to, if a rename left it behind."""
    return db.session.scalar(select(Page).join(PageRedirect).where(PageRedirect.slug == slug))


def resolve(slug: str) -> Page | None:
    """The page at `slug`, or the one it was renamed into: a text written for the old address goes
    to the page, never to a new page that would hide the redirect."""
    return by_slug(slug) or redirect_target(slug)


def current_revision(page: Page) -> Revision | None:
    return revision(page, page.latest_number)


def revision(page: Page, number: int) -> Revision | None:
    return db.session.scalar(select(Revision).where(Revision.page_id == page.id, Revision.number == number))


def title_from_slug(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


# ---- permissions ---------------------------------------------------------------------------


def can_edit(user: User | None, page: Page | None) -> bool:
    """Any logged-in account edits; a protected page only moderators and verified practitioners."""
    if page is not None and page.is_deleted:
        return False
    return may_edit(user, protected=page is not None and page.protected)


def may_edit(user: User | None, *, protected: bool) -> bool:
    """`can_edit` for a page that is not deleted (or not written yet), from its protection alone."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return not protected or may_edit_protected(user)


# ---- validation ----------------------------------------------------------------------------


def clean_source(source: str) -> str:
    """Browsers send CRLF; history and merges work on LF only. The characters XML forbids go too:
    requests are cleaned already (cherclient_wiki.core.inputs), an import or a seed file may not be."""
    source = clean_text(source).replace("\r\n", "\n").replace("\r", "\n")
    if len(source) > MAX_SOURCE_LENGTH:
        raise InputError(str(_l("Le texte dépasse %(n)d caractères.", n=MAX_SOURCE_LENGTH)), "source")
    if not source.strip():
        raise InputError(str(_l("Le texte de la page ne peut pas être vide.")), "source")
    return source


def clean_title(title: str) -> str:
    """Spaces collapsed; invisible format characters (zero-width, bidirectional controls) dropped,
    so two titles that look alike are alike."""
    title = " ".join("".join(ch for ch in clean_text(title) if unicodedata.category(ch) != "Cf").split())
    if not title:
        raise InputError(str(_l("Le titre est obligatoire.")), "title")
    if len(title) > MAX_TITLE_LENGTH:
        raise InputError(str(_l("Le titre dépasse %(n)d caractères.", n=MAX_TITLE_LENGTH)), "title")
    if not slugify(title):
        raise InputError(str(_l("Le titre doit contenir au moins une lettre ou un chiffre.")), "title")
    return title


def title_for_edit(slug: str, page: Page | None, title: str | None) -> str | None:
    """The title an ordinary edit may save. A new page's title must lead to its address; an
    existing page keeps its own: changing it is a rename, which moves the address along and
    leaves a redirect (rename below). Repeating the current title changes nothing."""
    if title is None:
        return None
    title = clean_title(title)
    if page is None:
        if slugify(title) != slug:
            raise InputError(str(_l("Le titre doit correspondre à l'adresse « %(slug)s » ; vous pourrez renommer la page ensuite.", slug=slug)), "title")
        return title
    if title != page.title:
        raise InputError(str(_l(
            "Changer le titre d'une page existante, c'est la renommer (« Renommer », sur la page) : "
            "son adresse suit alors le titre et l'ancienne redirige. Le titre reste « %(title)s ».", title=page.title,
        )), "title")
    return None


def clean_summary(summary: str) -> str:
    summary = " ".join(clean_text(summary).split())
    if len(summary) > MAX_SUMMARY_LENGTH:
        raise InputError(str(_l("Le résumé dépasse %(n)d caractères.", n=MAX_SUMMARY_LENGTH)), "summary")
    return summary


# ---- the write path ------------------------------------------------------------------------


def save_revision(
    slug: str,
    source: str,
    author: User | None,
    *,
    title: str | None = None,
    summary: str = "",
    base: int | None = None,
    kind: Kind = Kind.EDIT,
    author_name: str | None = None,
    created_at: datetime | None = None,
) -> Saved:
    """Save `source` as the next revision of the page at `slug`, creating the page if needed.

    `base` is the revision the text was edited from (0: an empty, new page; None: whatever is
    current, i.e. an explicit overwrite). If the page moved on since, the edit is merged; an
    overlapping change raises EditConflict and saves nothing. Losing a race in the database is
    retried, re-merging against the winner's text.
    """
    source, title, summary = clean_source(source), clean_title(title) if title is not None else None, clean_summary(summary)
    try:
        return retried(
            lambda: _attempt_save(slug, source, author, title, summary, base, kind, author_name, created_at),
            retry_on=(IntegrityError,),  # two creations of one slug: the loser merges into the winner's page
        )
    except LostRace:
        pass
    page = by_slug(slug)
    current = current_revision(page) if page else None
    if page is None or current is None:
        raise InputError(str(_l("Le site est très sollicité : réessayez dans un instant.")))
    raise EditConflict(page, current, source, source)


def add_revision(
    slug: str,
    source: str,
    author: User | None,
    *,
    title: str | None = None,
    summary: str = "",
    kind: Kind = Kind.EDIT,
    author_name: str | None = None,
    created_at: datetime | None = None,
) -> Saved:
    """save_revision for bulk writers (the import): an overwrite in the caller's transaction, which
    the caller commits with many others; nothing is retried, a lost race is the caller's error."""
    source, title, summary = clean_source(source), clean_title(title) if title is not None else None, clean_summary(summary)
    return _attempt_save(slug, source, author, title, summary, None, kind, author_name, created_at)


def _locked(slug: str) -> Page | None:
    """The page, freshly read and row-locked until the commit where the database can (PostgreSQL):
    concurrent savers of one page then queue instead of racing, so none of them has to retry.
    SQLite has no row locks; there the conditional UPDATE below still decides, and losers retry."""
    query = select(Page).where(Page.slug == slug).with_for_update().execution_options(populate_existing=True)
    return db.session.scalar(query)


def _attempt_save(
    slug: str,
    source: str,
    author: User | None,
    title: str | None,
    summary: str,
    base: int | None,
    kind: Kind,
    author_name: str | None,
    created_at: datetime | None,
) -> Saved:
    page = _locked(slug)
    created = page is None
    if page is None:  # inserted as it will be after this save (any error below rolls it back)
        page = Page(slug=slug, title=title or title_from_slug(slug), latest_number=1, updated_at=created_at or utcnow())
        db.session.add(page)
        db.session.flush()  # a concurrent creation of the same slug fails here, and is retried
    if page.is_deleted:
        raise InputError(str(_l("Cette page a été supprimée ; un modérateur peut la restaurer.")))
    latest = 0 if created else page.latest_number
    current = current_revision(page) if latest else None
    text, outcome = source, Outcome.CREATED if latest == 0 else Outcome.SAVED
    if base is not None and base != latest:
        if base < 0 or base > latest:
            raise InputError(str(_l("La révision de départ %(n)d n'existe pas.", n=base)), "base_revision")
        base_revision = revision(page, base) if base else None
        assert current is not None
        result = three_way(base_revision.source if base_revision else "", source, current.source)
        if result.conflicted:
            raise EditConflict(page, current, source, result.text)
        text, outcome = result.text, Outcome.MERGED
    new_title = title or page.title
    if current is not None and current.source == text and current.title == new_title:
        return Saved(page, current, Outcome.UNCHANGED)
    if not created:  # a page created above is this transaction's own row: no race to lose
        bumped = db.session.execute(
            update(Page)
            .where(Page.id == page.id, Page.latest_number == latest)
            .values(latest_number=latest + 1, title=new_title, updated_at=created_at or utcnow()),
            execution_options={"synchronize_session": False},
        )
        if bumped.rowcount != 1:
            raise LostRace()
    try:
        rendered = render_document(text)
    except RenderTooSlow as slow:
        raise InputError(str(slow), "source") from None
    problem = hooks().save_problem(author, rendered.html, current.html if current else "")
    if problem:
        raise InputError(problem, "source")
    new = Revision(
        page_id=page.id,
        number=latest + 1,
        parent_id=current.id if current else None,
        kind=(Kind.CREATE if latest == 0 and kind == Kind.EDIT else kind).value,
        title=new_title,
        summary=summary,
        source=text,
        html=rendered.html,
        size=len(text.encode()),
        author_id=author.id if author else None,
        author_name=author_name or (author.username if author else SYSTEM_AUTHOR),
        created_at=created_at or utcnow(),
    )
    db.session.add(new)
    db.session.flush()
    if not created:
        db.session.refresh(page)  # the UPDATE above left the loaded page behind
    _page_changed(page, rendered, first=latest == 0)
    return Saved(page, new, outcome)


def refresh_links(page: Page, rendered: Rendered) -> bool:
    """The link and category rows follow a new rendering of the current text (after a renderer
    change); False when they already matched."""
    stored_links = set(db.session.scalars(select(PageLink.target_slug).where(PageLink.page_id == page.id)))
    wanted_categories = list(dict.fromkeys(slug for slug in map(slugify, rendered.categories) if slug))
    if stored_links == rendered.links and [category.slug for category in page.categories] == wanted_categories:
        return False
    _page_changed(page, rendered)
    return True


def _page_changed(page: Page, rendered: Rendered | None = None, *, first: bool = False) -> None:
    """Everything derived from a page follows its change, in the same transaction (a page's first
    revision has no links or categories to replace: two statements fewer a page in an import)."""
    if rendered is not None:
        if not first:
            db.session.execute(delete(PageLink).where(PageLink.page_id == page.id))
            db.session.execute(delete(PageCategory).where(PageCategory.page_id == page.id))
        db.session.add_all(PageLink(page_id=page.id, target_slug=slug) for slug in sorted(rendered.links))
        seen: set[str] = set()
        for position, name in enumerate(rendered.categories):
            category_slug = slugify(name)
            if category_slug and category_slug not in seen:
                seen.add(category_slug)
                db.session.add(PageCategory(page_id=page.id, slug=category_slug, name=name[:120], position=position))
        db.session.flush()
        db.session.expire(page, ["categories"])
    for hook in hooks().page_saved:
        hook(page)


# ---- moderation and structure ---------------------------------------------------------------


def rename(page: Page, new_title: str, author: User, summary: str = "") -> Saved:
    """New slug and title; the old slug stays behind as a redirect, and the move is a revision.
    One transaction, not retried: if the page changes meanwhile, the person simply tries again."""
    new_title = clean_title(new_title)
    new_slug = slugify(new_title)
    old_slug = page.slug
    current = current_revision(page)
    assert current is not None
    default = str(_l("Renommée de « %(old)s » en « %(new)s »", old=current.title, new=new_title))
    taken = str(_l("Une page « %(slug)s » existe déjà.", slug=new_slug))
    try:
        if new_slug != old_slug:
            if by_slug(new_slug) is not None:
                raise InputError(taken, "title")
            existing = db.session.get(PageRedirect, new_slug)
            if existing is not None and existing.page_id != page.id:
                raise InputError(str(_l("L'adresse « %(slug)s » redirige déjà vers une autre page.", slug=new_slug)), "title")
            if existing is not None:
                db.session.delete(existing)
            db.session.add(PageRedirect(slug=old_slug, page_id=page.id))
            page.slug = new_slug
            db.session.flush()
        saved = _attempt_save(
            new_slug, current.source, author, new_title, clean_summary(summary or default),
            page.latest_number, Kind.RENAME, None, None,
        )
        db.session.commit()
        return saved
    except (IntegrityError, OperationalError, LostRace):
        db.session.rollback()
        raise InputError(str(_l("La page a changé pendant le renommage : réessayez."))) from None
    except BaseException:
        db.session.rollback()
        raise


def revert(page: Page, number: int, author: User, summary: str = "") -> Saved:
    """Restore an old text as a new revision: history only ever grows."""
    old = revision(page, number)
    if old is None:
        raise InputError(str(_l("La révision %(n)d n'existe pas.", n=number)), "revision")
    default = str(_l("Retour à la révision %(n)d", n=number))
    return save_revision(
        page.slug, old.source, author, title=old.title, summary=summary or default,
        base=None, kind=Kind.REVERT,
    )


def set_protected(page: Page, protected: bool) -> None:
    page.protected = protected
    _page_changed(page)
    db.session.commit()


def set_deleted(page: Page, deleted: bool) -> None:
    """Deletion hides a page (its history is kept) so that it can be restored."""
    page.deleted_at = utcnow() if deleted else None
    _page_changed(page)
    db.session.commit()


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Page).where(Page.deleted_at.is_(None))) or 0
