"""The index on disk: its schema, the one-writer-at-a-time lock, writes, rebuild-aside-then-swap.

Like MoinMoin's IndexingMiddleware, this is the only code that touches Whoosh's writers; views and
the API go through `searching`. Layout, in the instance folder:

    search/write.lock      fcntl lock: one writer across every process (readers never take it)
    search/current ->      symlink to the live index directory, replaced atomically by a rebuild
    search/index-<stamp>/  index generations (the previous one is kept for readers still on it)

Whoosh's own LockError (two writers meeting) never surfaces: every writer holds `write.lock` first,
waiting at most a bounded time, and a writer that cannot get it simply leaves its jobs in the outbox.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from whoosh import columns, fields, index
from whoosh.index import LockError
from whoosh.searching import Searcher

from . import formats
from .analysis import exact_analyzer, prefix_analyzer, stemmed_analyzer
from .codec import Codec
from .documents import Document
from .formats import Analysis
from .writer import ParallelWriter, Writer

# Each segment's files are left as files: Whoosh copies a compound segment's parts into memory
# whenever a reader opens it (at 100k documents, 540 MB and 165 ms per searcher, and every thread
# reopens its searcher after each commit), while separate files are read where they lie.
# The codec reads a segment's field lengths into memory while writing its postings (search.codec).
WRITER_OPTIONS = {"limitmb": 128, "compound": False, "codec": Codec()}
REBUILD_MEMORY_MB = 512  # a rebuild's postings sorted in memory per process (SEARCH_REBUILD_MEMORY_MB)
LIVE = "current"


class SlugList(fields.KEYWORD):
    """Comma-separated slugs, also kept as a per-document list column: facet counts then read only
    the matched documents (without a column, Whoosh maps the whole field on every search)."""

    def __init__(self) -> None:
        super().__init__(stored=True, commas=True)
        self.column_type = columns.VarBytesListColumn()  # KEYWORD(sortable=<column>) ignores the column

    def to_column_value(self, value: str) -> list[bytes]:
        return [slug.encode() for slug in value.split(",") if slug]


def build_schema() -> fields.Schema:
    """One index for every content type; `uid` is "<type>:<key>"."""
    stemmed, exact = stemmed_analyzer(), exact_analyzer()
    return fields.Schema(
        uid=fields.ID(unique=True, stored=True),
        type=fields.ID(stored=True, sortable=True),  # a column: the type facet
        key=fields.ID(stored=True),
        ref=fields.STORED(),  # what the URL is built from (a slug, an id)
        version=fields.STORED(),
        title=_text(stemmed, stored=True, field_boost=3.0),
        title_exact=_text(exact, field_boost=4.0),
        title_prefix=_text(prefix_analyzer(), phrase=False),
        body=_text(stemmed, stored=True),
        body_exact=_text(exact, field_boost=1.5, spelling=True),
        tags=_text(exact, field_boost=3.0),  # brand and category names
        brands=SlugList(),  # brand slugs: filter and facet
        categories=fields.KEYWORD(stored=True, commas=True),  # category slugs: filter
        kind=fields.ID(stored=True),
        author=fields.ID(stored=True),
        date=fields.DATETIME(stored=True, sortable=True),
    )


def _text(analyzer: Analysis, phrase: bool = True, field_boost: float = 1.0, **options: bool) -> fields.TEXT:
    """A text field indexed in one pass of its analyzer (search.formats)."""
    field = fields.TEXT(analyzer=analyzer, phrase=phrase, field_boost=field_boost, **options)
    field.format = formats.Positions(field_boost=field_boost) if phrase else formats.Frequency(field_boost=field_boost)
    return field


def uid(doc_type: str, key: str) -> str:
    return f"{doc_type}:{key}"


def fingerprint(document: Document) -> str:
    """What `index check` compares: a change in any indexed value changes it."""
    return hashlib.sha1(json.dumps(document, sort_keys=True, default=str).encode()).hexdigest()


def to_fields(document: Document) -> dict[str, object]:
    """A provider's document as Whoosh fields (lists joined, the exact and prefix copies added)."""
    brands = [str(slug) for slug in document.get("brands", [])]
    categories = [str(slug) for slug in document.get("categories", [])]
    title = str(document["title"])
    body = str(document.get("body", ""))
    date = document.get("date")
    return {
        "uid": uid(document["type"], str(document["key"])),
        "type": document["type"],
        "key": str(document["key"]),
        "ref": str(document.get("ref") or document["key"]),
        "version": fingerprint(document),
        "title": title,
        "title_exact": title,
        "title_prefix": title,
        "body": body,
        "body_exact": body,
        "tags": " ".join(document.get("tag_names", [])),
        "brands": ",".join(brands),
        "categories": ",".join(categories),
        "kind": str(document.get("kind") or ""),
        "author": str(document.get("author") or ""),
        "date": date if isinstance(date, datetime) else datetime(1970, 1, 1),
    }


class SearchIndex:
    """One site's index. Cheap to create; opens nothing until asked."""

    def __init__(self, root: Path, lock_timeout: float = 3.0, rebuild_memory_mb: int = REBUILD_MEMORY_MB) -> None:
        self.root = root
        self.lock_timeout = lock_timeout
        self.rebuild_memory_mb = rebuild_memory_mb

    @property
    def live_dir(self) -> Path:
        return self.root / LIVE

    def exists(self) -> bool:
        return self.live_dir.exists() and index.exists_in(str(self.live_dir.resolve()))

    # ---- the writer lock -------------------------------------------------------------------

    @contextmanager
    def write_lock(self, wait: float | None = None) -> Iterator[bool]:
        """Yield True with the lock held, or False if another writer kept it for `wait` seconds."""
        self.root.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + (self.lock_timeout if wait is None else wait)
        with open(self.root / "write.lock", "a+b") as handle:
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        yield False
                        return
                    time.sleep(0.01)
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # ---- writes (call with the lock held) --------------------------------------------------

    def apply(self, changes: Mapping[str, Document | None]) -> None:
        """Replace or remove documents by uid (None: remove), in one Whoosh commit."""
        ix = index.open_dir(str(self.live_dir.resolve()))
        try:
            writer = Writer(ix, timeout=self.lock_timeout, **WRITER_OPTIONS)
        except LockError:  # only a foreign process ignoring write.lock could cause this
            raise IndexBusy() from None
        try:
            for doc_uid, document in changes.items():
                if document is None:
                    writer.delete_by_term("uid", doc_uid)
                else:
                    writer.update_document(**to_fields(document))
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        finally:
            ix.close()

    def rebuild(self, documents: Iterable[Document], procs: int = 1) -> int:
        """Build a complete index in a new directory, then point `current` at it atomically.

        With `procs` > 1, Whoosh's multiprocessing writer analyses the documents in that many forked
        processes, each writing its own segment (left unmerged: a merge would cost what was saved).
        Forking is for a single-threaded process (the `index rebuild` command), never a web worker's
        thread. Whoosh drops a sub-writer's segment it did not get back in time without a word, so
        the count is checked before the swap: a short index is never put live."""
        self.root.mkdir(parents=True, exist_ok=True)
        fresh = self.root / f"index-{time.time_ns()}"
        fresh.mkdir()
        ix = index.create_in(str(fresh), build_schema())
        options = {**WRITER_OPTIONS, "limitmb": self.rebuild_memory_mb}  # per process
        if procs > 1:
            writer = ParallelWriter(ix, procs=procs, multisegment=True, **options)
        else:
            writer = Writer(ix, **options)
        count = 0
        try:
            for document in documents:
                writer.add_document(**to_fields(document))
                count += 1
            writer.commit()
        except BaseException:
            for task in getattr(writer, "tasks", ()):  # a cancelled sub-writer would wait for work forever
                task.terminate()
                task.join()
            writer.cancel()
            ix.close()
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        indexed = ix.doc_count_all()
        ix.close()
        if indexed != count:
            shutil.rmtree(fresh, ignore_errors=True)
            raise IndexIncomplete(f"{indexed} documents indexed of {count}")
        previous = self.live_dir.resolve().name if self.live_dir.is_symlink() else None
        link = self.root / f".{LIVE}.{os.getpid()}"
        link.unlink(missing_ok=True)
        link.symlink_to(fresh.name)
        os.replace(link, self.live_dir)
        self._drop_generations(keep={fresh.name, previous})
        return count

    def _drop_generations(self, keep: set[str | None]) -> None:
        """Older generations go; the one just replaced stays for searchers still reading it."""
        for generation in self.root.glob("index-*"):
            if generation.name not in keep:
                shutil.rmtree(generation, ignore_errors=True)

    # ---- reads (never locked) --------------------------------------------------------------

    def searcher(self) -> Searcher | None:
        """A searcher on the live generation, or None while no index exists yet."""
        try:
            return index.open_dir(str(self.live_dir.resolve())).searcher()
        except (index.EmptyIndexError, FileNotFoundError, OSError):
            return None

    def has_compound_segments(self) -> bool:
        """Written by a version before WRITER_OPTIONS left segments as files: rebuild it once."""
        return self.exists() and any(self.live_dir.resolve().glob("*.seg"))

    def indexes_token_by_token(self) -> bool:
        """Built by a version before its text fields were indexed in one pass (search.formats):
        its schema keeps Whoosh's formats, and every write pays for them until a rebuild."""
        if not self.exists():
            return False
        ix = index.open_dir(str(self.live_dir.resolve()))
        try:
            return any(not isinstance(field.format, (formats.Positions, formats.Frequency))
                       for _name, field in ix.schema.items() if isinstance(field, fields.TEXT))
        finally:
            ix.close()

    def fingerprints(self) -> dict[str, str]:
        """uid -> fingerprint of every indexed document (for `index check`)."""
        searcher = self.searcher()
        if searcher is None:
            return {}
        with searcher:
            return {fields_["uid"]: fields_["version"] for fields_ in searcher.all_stored_fields()}


class IndexIncomplete(Exception):
    """A rebuild indexed fewer documents than it was given (a sub-writer's segment was lost)."""


class IndexBusy(Exception):
    """Whoosh's own lock was taken although `write.lock` was ours: leave the jobs for later."""
