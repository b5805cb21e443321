"""The PostgreSQL backend: the documents live in the site's database, next to what they describe.

`search_documents` holds each visible document (providers' format) with a weighted `tsvector`
computed by PostgreSQL (title A, brand and category names B, body D) in the `cherclient_french`
configuration: `unaccent` then the French Snowball stemmer, so "fidelite" meets "fidélité"; and
the same words unstemmed, stop words kept (`vector_exact`, `cherclient_simple`), which only a query
of stop words alone reads (« nous », a brand named « On »), as Whoosh looks those up as written. A GIN
index answers the words, `ts_rank` orders, `ts_headline` cuts the snippets. `search_words` is the
vocabulary (accent-folded words of titles and bodies) with a trigram index: "Vouliez-vous dire"
picks its closest word (pg_trgm); autocomplete finds titles by trigrams of their folded text.

Documents are written in the saving transaction (a `before_commit` listener re-reads every
document the outbox listener found concerned by the flushes), so a page saved through one app
server is searchable through every other one the moment it is committed, and a server that joins
has nothing to build. The objects are created by migration 0020 (PostgreSQL only).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from flask import current_app, has_app_context
from markupsafe import Markup, escape
from sqlalchemy import Connection, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from ..core.db import db, on_session
from . import documents
from .analysis import STOP_WORDS, fold, singular
from .backends import backend
from .documents import Document
from .index import fingerprint, uid
from .indexer import Difference, compare
from .outbox import TRANSACTION_JOBS
from .query import ParsedQuery, Term, Unit
from .searching import PER_PAGE, SUGGESTION_MIN_WORD, Hit, SearchResults, Suggestion, lead

FRENCH = "cherclient_french"  # french stemming after unaccent (migration 0020)
FOLDED = "cherclient_simple"  # every word kept, lowercased and unaccented: the vocabulary
DOCUMENTS = "search_documents"
WORDS = "search_words"
TABLES = (DOCUMENTS, WORDS)
REBUILD_LOCK = 0x636865725F73  # pg_advisory_xact_lock key: one rebuild at a time
MARK_START, MARK_END = "\ue000", "\ue001"  # private-use characters: escaped text around them, then <mark>
HEADLINE = f'StartSel="{MARK_START}", StopSel="{MARK_END}", MaxFragments=2, MaxWords=30, MinWords=12, FragmentDelimiter=" … "'
RANK_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"  # D (body), C, B (names), A (title)
BATCH = 500

_UPSERT = text(f"""
    INSERT INTO {DOCUMENTS} (uid, type, ref, title, tags, body, brands, categories, date, version, title_folded)
    VALUES (:uid, :type, :ref, :title, :tags, :body, :brands, :categories, :date, :version, :title_folded)
    ON CONFLICT (uid) DO UPDATE SET type = excluded.type, ref = excluded.ref, title = excluded.title,
        tags = excluded.tags, body = excluded.body, brands = excluded.brands, categories = excluded.categories,
        date = excluded.date, version = excluded.version, title_folded = excluded.title_folded
""")
# In one statement, sorted: two transactions adding the same new words wait for each other in the
# same order, never in a cycle.
_VOCABULARY = text(f"""
    INSERT INTO {WORDS} (word)
    SELECT DISTINCT word FROM unnest(tsvector_to_array(to_tsvector('{FOLDED}', :text))) AS word
    WHERE length(word) >= {SUGGESTION_MIN_WORD} ORDER BY word
    ON CONFLICT DO NOTHING
""")


# ---- writing, in the saving transaction ----------------------------------------------------------


def _row(document: Document) -> dict[str, Any]:
    return {
        "uid": uid(document["type"], str(document["key"])),
        "type": document["type"],
        "ref": str(document.get("ref") or document["key"]),
        "title": str(document["title"]),
        "tags": " ".join(document.get("tag_names", [])),
        "body": str(document.get("body", "")),
        "brands": [str(slug) for slug in document.get("brands", [])],
        "categories": [str(slug) for slug in document.get("categories", [])],
        "date": document.get("date"),
        "version": fingerprint(document),
        "title_folded": fold(str(document["title"])),
    }


def write(connection: Connection, changes: dict[str, Document | None]) -> None:
    """Replace or remove documents by uid (None: remove), and add their new words."""
    removed = [key for key, document in changes.items() if document is None]
    rows = [_row(document) for document in changes.values() if document is not None]
    if removed:
        connection.execute(text(f"DELETE FROM {DOCUMENTS} WHERE uid = ANY(:uids)"), {"uids": removed})
    if rows:
        connection.execute(_UPSERT, rows)
        connection.execute(_VOCABULARY, {"text": " ".join(f"{row['title']} {row['tags']} {row['body']}" for row in rows)})


def _index_before_commit(session: Session) -> None:
    """Flush what is left (the listener then sees it), re-read every concerned document and write
    it in this transaction: it commits, or rolls back, with the content."""
    if not has_app_context() or backend().uses_outbox:
        return
    session.flush()
    jobs = session.info.pop(TRANSACTION_JOBS, None)
    if jobs:
        write(session.connection(), {uid(doc_type, key): documents.load(session, doc_type, key) for doc_type, key in sorted(jobs)})


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(TRANSACTION_JOBS, None)


def init_transactional_index() -> None:
    on_session("before_commit", _index_before_commit)
    on_session("after_rollback", _forget)


# ---- the backend ---------------------------------------------------------------------------------


class PostgresBackend:
    name = "postgresql"
    uses_outbox = False

    def start(self) -> None:
        """A site switching to this backend has an empty table: fill it once (every node may try;
        the advisory lock lets one do it and the others find it done)."""
        with Session(db.engine) as session:
            exists = session.scalar(text("SELECT to_regclass(:name) IS NOT NULL"), {"name": DOCUMENTS})
            if not exists or session.scalar(text(f"SELECT EXISTS (SELECT 1 FROM {DOCUMENTS})")):
                return
        self.rebuild(only_if_empty=True)

    def rebuild(self, procs: int = 1, only_if_empty: bool = False) -> int:
        """One transaction: readers see the previous documents until the new ones are committed.
        The server analyses the documents: `procs` is not ours to use."""
        with Session(db.engine) as session:
            connection = session.connection()
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": REBUILD_LOCK})
            if only_if_empty and connection.scalar(text(f"SELECT EXISTS (SELECT 1 FROM {DOCUMENTS})")):
                return 0
            # DELETE, not TRUNCATE: readers keep seeing the old rows (TRUNCATE would block them), and a
            # save meanwhile waits for this commit on its row, then writes its newer document.
            connection.execute(text(f"DELETE FROM {DOCUMENTS}"))
            connection.execute(text(f"DELETE FROM {WORDS}"))
            count = 0
            for batch in _batches(documents.all_documents(session)):
                write(connection, {uid(doc["type"], str(doc["key"])): doc for doc in batch})
                count += len(batch)
            session.commit()
            return count

    def check(self) -> list[Difference]:
        with Session(db.engine) as session:
            expected = {uid(doc["type"], str(doc["key"])): fingerprint(doc) for doc in documents.all_documents(session)}
            indexed = {row.uid: row.version for row in session.execute(text(f"SELECT uid, version FROM {DOCUMENTS}"))}
        return compare(expected, indexed)

    def run(self, parsed: ParsedQuery, results: SearchResults) -> tuple[dict[str, int], dict[str, int]]:
        """Searches read committed documents on a connection of their own, whose statements stop
        at SEARCH_TIME_LIMIT (the answer is then marked partial, as with Whoosh)."""
        try:
            with db.engine.connect() as connection, connection.begin():
                milliseconds = int(float(current_app.config["SEARCH_TIME_LIMIT"]) * 1000)
                connection.execute(text("SELECT set_config('statement_timeout', :value, true)"), {"value": str(milliseconds)})
                return _run(connection, parsed, results)
        except OperationalError as error:
            if getattr(error.orig, "sqlstate", None) != "57014":  # query_canceled: the time limit
                raise
            results.partial = True
            return {}, {}

    def titles(self, typed: list[str], limit: int) -> list[Suggestion]:
        """Every typed word starts a word of the title: the trigram index narrows (LIKE), the
        regular expression checks the word start; the most similar titles first."""
        conditions, params = [], {"limit": limit, "typed": " ".join(typed)}
        for n, word in enumerate(typed):
            conditions.append(f"title_folded LIKE :like{n} AND title_folded ~ :start{n}")
            params[f"like{n}"] = "%" + re.sub(r"([\\%_])", r"\\\1", word) + "%"
            params[f"start{n}"] = r"\m" + re.escape(word)
        rows = db.session.execute(
            text(f"SELECT type, ref, title FROM {DOCUMENTS} WHERE {' AND '.join(conditions)}"
                 " ORDER BY similarity(title_folded, :typed) DESC, length(title), uid LIMIT :limit"),
            params,
        )
        providers = documents.providers()
        return [Suggestion(kind, title, providers[kind].url(ref)) for kind, ref, title in rows if kind in providers]


def _batches(items: Iterable[Document]) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for item in items:
        batch.append(item)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


# ---- from the parsed query to tsquery ------------------------------------------------------------


class _Query:
    """SQL fragments with their parameters, numbered as they are added; the words looked up in
    `config` (see `_vector`)."""

    def __init__(self, config: str) -> None:
        self.params: dict[str, Any] = {}
        self.config = config

    def param(self, value: Any) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f":{name}"

    def term(self, term: Term) -> str:
        """A word or a phrase; each word with its other forms (see `forms`)."""
        groups = ["(" + " | ".join(_quoted(form) for form in forms(word)) + ")" for word in term]
        return f"to_tsquery('{self.config}', {self.param(' <-> '.join(groups))})"

    def unit(self, unit: Unit) -> str:
        return "(" + " || ".join(self.term(term) for term in unit.alternatives) + ")"

    def content(self, parsed: ParsedQuery, relaxed: bool) -> str | None:
        """Every unit (any when `relaxed`) and none of the exclusions; None: no condition."""
        clauses = [(" || " if relaxed else " && ").join(self.unit(unit) for unit in parsed.units)] if parsed.units else []
        if parsed.excluded:
            clauses.append("!!(" + " || ".join(self.unit(unit) for unit in parsed.excluded) + ")")
        return " && ".join(f"({clause})" for clause in clauses) or None

    def filters(self, parsed: ParsedQuery) -> list[str]:
        conditions = []
        if parsed.types:
            conditions.append(f"d.type = ANY({self.param(parsed.types)})")
        if parsed.brands:
            conditions.append(f"d.brands && CAST({self.param(parsed.brands)} AS text[])")
        if parsed.categories:
            conditions.append(f"d.categories && CAST({self.param(parsed.categories)} AS text[])")
        return conditions


def forms(word: str) -> list[str]:
    """The word, its singular and plural, and for past participles their masculine and feminine:
    the French stemmer, after unaccent, does not always join them ("copiés" -> cop, "copiées" ->
    copie; "conseiller" -> conseil, "conseillers" -> conseiller). Stop words and short words stay
    alone, so that a phrase keeps the place of its small words."""
    base = singular(word)
    if len(base) <= 3 or fold(word) in STOP_WORDS:
        return [word]
    other = [base[:-1], base[:-1] + "s"] if base.endswith("ée") else [base + "e", base + "es"] if base.endswith("é") else []
    return list(dict.fromkeys([word, base, base + "s", *other]))


def _quoted(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _vector(parsed: ParsedQuery) -> tuple[str, str]:
    """(column, configuration) the query's words are looked up in. The French vector has no stop
    words; the query parser keeps them only when the query has nothing else (search.query), and
    then they are looked up as written, in the vector of every word."""
    words = [word for unit in parsed.units for term in unit.alternatives for word in term]
    if words and all(fold(word) in STOP_WORDS for word in words):
        return "vector_exact", FOLDED
    return "vector", FRENCH


def _matching(parsed: ParsedQuery, relaxed: bool) -> tuple[str, str, str, dict[str, Any]]:
    """(FROM ... WHERE ..., the rank expression, the configuration for headlines, parameters) of
    the documents matching `parsed`."""
    column, config = _vector(parsed)
    query = _Query(config)
    content = query.content(parsed, relaxed)
    conditions = query.filters(parsed)
    if content is None:
        source, rank = f"{DOCUMENTS} d", "0.0"
    else:
        source = f"{DOCUMENTS} d, (SELECT {content} AS q) AS query"
        conditions.insert(0, f"d.{column} @@ query.q")
        rank = f"ts_rank('{RANK_WEIGHTS}', d.{column}, query.q, 1)"
    return f"FROM {source} WHERE {' AND '.join(conditions) or 'TRUE'}", rank, config, query.params


def _counts(connection: Connection, parsed: ParsedQuery, relaxed: bool) -> tuple[dict[str, int], dict[str, int]]:
    where, _rank, _config, params = _matching(parsed, relaxed)
    rows = connection.execute(
        text(f"""
            WITH m AS MATERIALIZED (SELECT d.type, d.brands {where})
            SELECT 'type', type, count(*) FROM m GROUP BY type
            UNION ALL SELECT 'brand', brand, count(*) FROM m CROSS JOIN unnest(m.brands) AS brand GROUP BY brand
        """),
        params,
    )
    counts: dict[str, dict[str, int]] = {"type": {}, "brand": {}}
    for facet, value, count in rows:
        counts[facet][value] = count
    return counts["type"], counts["brand"]


def _run(connection: Connection, parsed: ParsedQuery, results: SearchResults) -> tuple[dict[str, int], dict[str, int]]:
    type_counts, brand_counts = _counts(connection, parsed, relaxed=False)
    if not type_counts and len(parsed.units) > 1:
        results.relaxed = True
        type_counts, brand_counts = _counts(connection, parsed, relaxed=True)
    results.total = sum(type_counts.values())
    if results.total:
        _fill(connection, parsed, results)
    if results.total == 0 or results.relaxed:
        results.suggestion = _suggestion(connection, parsed, results.text)
    return type_counts, brand_counts


def _fill(connection: Connection, parsed: ParsedQuery, results: SearchResults) -> None:
    where, rank, config, params = _matching(parsed, results.relaxed)
    by_date = results.sort == "date" or not parsed.units

    def order(table: str) -> str:
        return f"{table}.date DESC, {table}.uid" if by_date else f"rank DESC, {table}.date DESC, {table}.uid"

    headline = f"ts_headline('{config}', page.body, page.q, '{HEADLINE}')" if parsed.units else "''"
    query_column = ", query.q" if parsed.units else ""
    rows = connection.execute(
        text(f"""
            SELECT page.type, page.ref, page.title, page.date, page.rank, page.body, {headline}
            FROM (SELECT d.uid, d.type, d.ref, d.title, d.date, d.body, {rank} AS rank{query_column}
                  {where} ORDER BY {order("d")} LIMIT {PER_PAGE} OFFSET {(results.page - 1) * PER_PAGE}) AS page
            ORDER BY {order("page")}
        """),
        params,
    )
    providers = documents.providers()
    for kind, ref, title, date, score, body, headline_text in rows:
        if kind not in providers:
            continue
        results.hits.append(
            Hit(type=kind, key=ref, title=title, url=providers[kind].url(ref), snippet=_snippet(headline_text, body),
                score=round(float(score), 3), date=date)
        )


def _snippet(headline: str, body: str) -> Markup:
    """Everything escaped, then the matched words (between the private-use marks) in <mark>."""
    if MARK_START not in headline:
        return Markup(escape(lead(body)))
    return Markup(str(escape(headline)).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def _suggestion(connection: Connection, parsed: ParsedQuery, typed: str) -> str | None:
    """Each word the vocabulary lacks is replaced by its closest known word (same first letter,
    trigram similarity) if that word finds a visible document; the vocabulary keeps the words of
    documents since hidden, so that check is what keeps them out."""
    corrected = typed
    for word in dict.fromkeys(parsed.words):
        folded = fold(word)
        if len(folded) < SUGGESTION_MIN_WORD or connection.scalar(text(f"SELECT EXISTS (SELECT 1 FROM {WORDS} WHERE word = :w)"), {"w": folded}):
            continue
        candidate = connection.scalar(
            text(f"""
                SELECT word FROM (SELECT word, word <-> :w AS distance FROM {WORDS}
                                  WHERE word % :w AND left(word, 1) = left(:w, 1) ORDER BY distance, word LIMIT 5) AS close
                WHERE EXISTS (SELECT 1 FROM {DOCUMENTS} WHERE vector @@ to_tsquery('{FRENCH}', quote_literal(word)))
                ORDER BY distance, word LIMIT 1
            """),
            {"w": folded},
        )
        if candidate:
            corrected = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", candidate, corrected, flags=re.IGNORECASE)
    return None if corrected == typed else corrected
