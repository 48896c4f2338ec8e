"""The SQLite archive: reads and writes on the schema of ``schema.py``, upserts on stable keys.

All I/O with ``data/archive.db`` goes through ``Archive``, so pipelines, extensions and command-line tools share
one definition of every table. Opening an archive migrates it (once per process and path: a crawl opens it from
several components). Full-text search over articles (FTS5) is kept in sync by triggers, which queue new and
changed articles; every ``transaction()`` indexes the queue just before it commits (``search.index_pending``),
so a committed archive has no unindexed article and a rolled-back batch leaves nothing queued.

Nothing here reads a whole table on a crawl's path: what a crawl asks of the archive (is this URL archived, which
article has this text or shares a band of this signature) is one indexed search per question, so a crawl's memory
and start-up do not grow with the archive (``tests/test_scale.py`` checks the query plans).
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from pipelines.archive.duplicate_index import BAND_INSERT_SQL, backfill_bands, band_keys
from pipelines.archive.schema import ALIAS_SQL, ARTICLE_COLUMNS, REVISION_COLUMNS, migrations
from pipelines.archive.search import anything_pending, index_pending


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# SQLite's page cache per connection (its default is 2 MB): a batch of 100 articles dirties about 1,400 random B-tree
# leaves at 5 million articles (URL, hash and band keys) and the interior pages of those indexes are tens of MB;
# 64 MB took the store at a million articles from 2.4 to 2.0 ms per article (loaded machine). Pages are allocated
# as they are read, so a small crawl stays small (the crawl's PSS did not move, bench/archive_scale.py). 256 MB was
# no faster at 5 million: what misses is the leaves of the random indexes, gigabytes of them.
CACHE_KIB = 65_536
# WAL pages written before a commit checkpoints them into the database (SQLite's default: 1,000, 4 MB). At 5 million
# articles a new article writes 20-30 pages to the WAL (9 of them leaves of the band table, the others of the URL,
# hash and FTS indexes), and the checkpoint's fsync of those random pages was the largest part of the store's time: a
# checkpoint every 10,000 pages cost 0.35-0.45 ms per article there (0.3 of it the fsync), every 50,000 pages
# 0.25-0.3 (fewer fsyncs, and a page rewritten by several batches is written to the database once). The WAL file then
# grows to about 210 MB (50,000 pages and a batch of 4 KB pages with their headers; SQLite reuses it, it does not
# shrink); a killed crawl loses nothing committed (the WAL is the commit), and a power cut can lose the
# transactions since the last checkpoint, as with any interval under synchronous=NORMAL, never the database's
# consistency. A checkpoint then holds one commit for about 0.7 s at 5 million articles.
CHECKPOINT_PAGES = 50_000

# Archive files (device, inode) already migrated by this process: the components of one crawl each open the archive.
_migrated: set[tuple[int, int]] = set()
# Every migration this code knows (all of them are pending on an empty database).
KNOWN_MIGRATIONS = frozenset(m.name for m in migrations.pending(sqlite_utils.Database(memory=True)))


class ArchiveUnusable(Exception):
    """The archive cannot be written by this code: a newer schema, or a file that is not writable."""


def _migrate_once(db: sqlite_utils.Database, path: Path) -> None:
    identity = (path.stat().st_dev, path.stat().st_ino)
    if identity not in _migrated or not db["_sqlite_migrations"].exists():  # the inode of a deleted file is reused
        _refuse_newer_schema(db, path)
        migrations.apply(db)
        _migrated.add(identity)


def _refuse_newer_schema(db: sqlite_utils.Database, path: Path) -> None:
    """An archive migrated by a newer version has tables or columns this code would write wrongly, or not at all."""
    unknown = [m.name for m in migrations.applied(db) if m.name not in KNOWN_MIGRATIONS]
    if unknown:
        raise ArchiveUnusable(f"archive {path} has a newer schema than this code (migrations {', '.join(unknown)} "
                              f"are unknown here): update the code before writing to it; nothing was written")


class Archive:
    """One archive database. Writers go through ``transaction()``; every method is safe to repeat."""

    def __init__(self, path: str | Path, *, create: bool = True):
        path = Path(path)
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
        elif not path.exists():
            raise FileNotFoundError(f"archive database {path} does not exist")
        conn = sqlite3.connect(str(path), timeout=60, isolation_level=None)
        self.db = sqlite_utils.Database(conn)
        self.db.execute("PRAGMA busy_timeout = 60000")
        self.db.enable_wal()
        self.db.execute("PRAGMA foreign_keys = OFF")
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        self.db.execute(f"PRAGMA wal_autocheckpoint = {CHECKPOINT_PAGES}")
        if create:
            _migrate_once(self.db, path)
            if anything_pending(conn):  # queued by a writer that is not this class: indexed at its next opening
                with self.transaction():
                    pass
        self.path = path
        self._banding: tuple[int, int] | None = None

    def close(self) -> None:
        self.db.close()

    def check_writable(self) -> None:
        """Raise ArchiveUnusable unless a write would succeed (a read-only file or mount opens and reads fine, and
        would otherwise fail only at the first article); nothing is changed."""
        try:
            with self.transaction() as conn:
                conn.execute("CREATE TABLE _write_check (x)")
                raise _RolledBack
        except _RolledBack:
            return
        except sqlite3.Error as exc:
            raise ArchiveUnusable(f"archive {self.path} is not writable: {exc}") from None

    def transaction(self):
        """A write transaction (IMMEDIATE, so concurrent writers wait rather than fail half-way); the articles it
        queued for the FTS indexes are indexed just before it commits."""
        return _Transaction(self.db.conn)

    # --- runs and sites ---------------------------------------------------------------------------------
    def start_crawl(self, spider: str, args: dict) -> int:
        with self.transaction():
            table = self.db["crawls"].insert(
                {"spider": spider, "args": json.dumps(args, ensure_ascii=False), "started": utc_now()})
        return table.last_pk

    def finish_crawl(self, crawl_id: int, outcome: str, stats: dict) -> None:
        with self.transaction():
            self.db["crawls"].update(crawl_id, {
                "finished": utc_now(), "outcome": outcome,
                "stats": json.dumps(stats, ensure_ascii=False, sort_keys=True, default=str)})

    def save_sites(self, rows: Iterable[dict]) -> None:
        now = utc_now()
        with self.transaction():
            self.db["sites"].upsert_all([{**_jsonify(row), "updated": now} for row in rows], pk="key")

    # --- articles, duplicates, failures ---------------------------------------------------------------------
    def save_article(self, row: dict, minhash: bytes | None = None) -> str:
        """Insert or update the article keyed by its URL; returns "new", "updated" or "unchanged".

        A changed text becomes the current version and the previous one is kept in ``article_revisions``;
        ``first_seen`` always stays that of the first insert, ``version_seen`` that of the current text.
        """
        row = _jsonify(row)
        stored = self.db.execute("SELECT content_hash FROM articles WHERE url = ?", [row["url"]]).fetchone()
        if stored is None:
            outcome = "new"
        elif stored[0] == row.get("content_hash"):
            outcome = "unchanged"
        else:
            outcome = "updated"
            self.db.execute(_REVISION_SQL, {"url": row["url"], "replaced": row.get("last_seen") or utc_now(),
                                            "crawl_id": row.get("crawl_id")})
        keep = ("first_seen", "version_seen") if outcome == "unchanged" else ("first_seen",)
        if minhash is not None and stored is not None:
            self._drop_bands(row["url"])
        self.db.execute(_upsert_sql("articles", tuple(row), keep), row)
        if minhash is not None:
            self.db.execute(_upsert_sql("article_fingerprints", ("url", "minhash")),
                            {"url": row["url"], "minhash": minhash})
            article_id = self.db.execute("SELECT id FROM articles WHERE url = ?", [row["url"]]).fetchone()[0]
            self._add_bands(article_id, minhash)
        return outcome

    def get_article(self, url: str) -> dict | None:
        cursor = self.db.execute("SELECT * FROM articles WHERE url = ?", [url])
        row = cursor.fetchone()
        return dict(zip([c[0] for c in cursor.description], row)) if row else None

    def touch_article(self, url: str, seen: str, crawl_id: int | None, own_fetch: dict | None = None) -> None:
        """An archived article seen again unchanged.

        own_fetch: ``fetched_url``, ``etag`` and ``last_modified`` of a fetch under the article's own URL, which the
        row then describes: an article first met through an alias (a URL whose canonical link names it) ends up
        with its own URL's validators, whichever of the two URLs a crawl happened to fetch first.
        """
        values = {"seen": seen, "crawl_id": crawl_id, "url": url}
        if own_fetch is None:
            self.db.execute("UPDATE articles SET last_seen = :seen, crawl_id = :crawl_id WHERE url = :url", values)
            return
        self.db.execute("UPDATE articles SET last_seen = :seen, crawl_id = :crawl_id, fetched_url = :fetched_url, "
                        "etag = :etag, last_modified = :last_modified WHERE url = :url", {**values, **own_fetch})

    def save_duplicate(self, row: dict) -> None:
        row = _jsonify(row)
        self.db.execute(_upsert_sql("duplicates", tuple(row), ("first_seen",)), row)

    def demote_article(self, url: str, original: str, kind: str, similarity: float, crawl_id: int | None) -> bool:
        """An archived article turned out to copy ``original``: move it to duplicates, re-point its copies.

        Returns whether there was such an article to move.
        """
        article = self.get_article(url)
        if article is None:
            return False
        self.save_duplicate({
            **{k: article[k] for k in ("url", "site", "title", "author", "published", "text", "content_hash",
                                       "first_seen", "last_seen", "warc_file", "warc_offset", "warc_length")},
            "duplicate_of": original, "kind": kind, "similarity": similarity, "crawl_id": crawl_id})
        self._drop_bands(url)
        self.db.execute("DELETE FROM articles WHERE url = ?", [url])
        self.db.execute("DELETE FROM article_fingerprints WHERE url = ?", [url])
        self.db.execute("UPDATE duplicates SET duplicate_of = ? WHERE duplicate_of = ?", [original, url])
        return True

    def save_failure(self, row: dict) -> None:
        self.db.execute(_insert_sql("failed_pages", tuple(row)), row)

    # --- LSH band rows (article_bands: one row per band of each stored signature) ---------------------------
    @property
    def banding(self) -> tuple[int, int]:
        """(bands, rows per band) the archive's band rows were made with."""
        if self._banding is None:
            self._banding = tuple(self.db.execute("SELECT bands, rows FROM article_band_config").fetchone())
        return self._banding

    def ensure_banding(self, bands: int, rows: int) -> bool:
        """Make the band rows those of (bands, rows): rebuilt from the stored signatures when the archive was
        banded otherwise (other dedup settings). Returns whether it rebuilt them."""
        if self.banding == (bands, rows):
            return False
        with self.transaction():
            self.db.execute("DELETE FROM article_bands")
            self.db.execute("UPDATE article_band_config SET bands = ?, rows = ?", [bands, rows])
            self._banding = (bands, rows)
            backfill_bands(self.db.conn, bands, rows)
        return True

    def _add_bands(self, article_id: int, minhash: bytes) -> None:
        self.db.conn.executemany(BAND_INSERT_SQL, [(key, article_id) for key in band_keys(minhash, *self.banding)])

    def _drop_bands(self, url: str) -> None:
        """The band rows of the article's stored signature (found by their keys: the table has no other index)."""
        stored = self.db.execute("SELECT a.id, f.minhash FROM articles a JOIN article_fingerprints f "
                                 "ON f.url = a.url WHERE a.url = ?", [url]).fetchone()
        if stored is not None:
            article_id, minhash = stored
            self.db.conn.executemany("DELETE FROM article_bands WHERE key = ? AND article_id = ?",
                                     [(key, article_id) for key in band_keys(minhash, *self.banding)])

    # --- on-demand lookups of a crawl: one indexed search each (LOOKUP_SQL) ----------------------------------
    def is_archived(self, url: str) -> bool:
        """Whether the archive holds the URL, as an article, an alias (fetched URL) or a duplicate."""
        return bool(self.db.execute(LOOKUP_SQL["archived"], {"url": url}).fetchone()[0])

    def revisit_headers(self, url: str, since: str) -> dict[str, str] | None:
        """Conditional-request headers when the article fetched as ``url`` was published at or after ``since``
        (UTC ISO 8601), else None. An article is revisited under its fetched URL (its URL when none is kept)."""
        headers = None
        for published, etag, last_modified in self.db.execute(LOOKUP_SQL["revisit"], {"url": url}):
            if published is not None and _utc(published) >= since:
                headers = {"If-None-Match": etag} if etag else {}
                if last_modified:
                    headers["If-Modified-Since"] = last_modified
        return headers

    def article_state(self, url: str) -> tuple[str, str | None] | None:
        """(content_hash, published) of the archived article with this URL."""
        return self.db.execute(LOOKUP_SQL["article"], {"url": url}).fetchone()

    def urls_with_hash(self, digest: str) -> list[str]:
        """Archived articles with this content hash, oldest row first (read at once: no statement is left open to
        hold a read snapshot)."""
        return [url for (url,) in self.db.execute(LOOKUP_SQL["hash"], {"digest": digest})]

    def near_candidates(self, signature: bytes) -> list[tuple[str, bytes]]:
        """(url, minhash) of the archived articles sharing at least one LSH band with ``signature``."""
        keys = band_keys(signature, *self.banding)
        return self.db.execute(_near_sql(len(keys)), keys).fetchall()

    def fingerprints(self) -> Iterator[tuple[str, str, str | None, bytes | None]]:
        """(url, content_hash, published, minhash) of every archived article: the whole-archive duplicate index
        of ``DEDUP_PRELOAD`` (the reference of the on-demand lookups), never on a default crawl's path."""
        yield from self.db.execute(
            "SELECT a.url, a.content_hash, a.published, f.minhash FROM articles a "
            "LEFT JOIN article_fingerprints f ON f.url = a.url")


class _RolledBack(Exception):
    """Ends ``check_writable``'s transaction by rolling it back."""


class _Transaction:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self):
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            self._rollback()
            return False
        try:
            index_pending(self.conn)
            self.conn.execute("COMMIT")
        except sqlite3.Error:  # disk full or I/O error at commit: nothing of it is kept, and the connection is usable
            self._rollback()
            raise
        return False

    def _rollback(self) -> None:
        if self.conn.in_transaction:  # SQLite may have rolled back by itself (SQLITE_FULL, SQLITE_IOERR)
            self.conn.execute("ROLLBACK")


# The crawl's questions to the archive, each answered by an index (``tests/test_scale.py`` reads their plans). The
# fetched-URL index holds only the aliases (``ALIAS_SQL``, m109): an article fetched under its own URL is found by
# the URL index.
LOOKUP_SQL = {
    "archived": "SELECT EXISTS (SELECT 1 FROM articles WHERE url = :url) "
                f"OR EXISTS (SELECT 1 FROM articles WHERE fetched_url = :url AND {ALIAS_SQL}) "
                "OR EXISTS (SELECT 1 FROM duplicates WHERE url = :url)",
    "revisit": "SELECT published, etag, last_modified FROM articles "
               f"WHERE (fetched_url = :url AND {ALIAS_SQL}) "
               "OR (url = :url AND (fetched_url IS NULL OR fetched_url = url)) ORDER BY id",
    "article": "SELECT content_hash, published FROM articles WHERE url = :url",
    "hash": "SELECT url FROM articles WHERE content_hash = :digest ORDER BY id",
}


@functools.lru_cache(maxsize=None)
def _near_sql(bands: int) -> str:
    return ("SELECT a.url, f.minhash FROM articles a JOIN article_fingerprints f ON f.url = a.url WHERE a.id IN "
            f"(SELECT article_id FROM article_bands WHERE key IN ({', '.join('?' * bands)}))")



def _utc(timestamp: str) -> str:
    """An ISO 8601 timestamp in UTC (naive ones taken as UTC), comparable as a string."""
    try:
        parsed = datetime.fromisoformat(timestamp)
    except ValueError:
        return ""
    parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc).isoformat(timespec="seconds")


# The hot path (one call per page) uses prepared statements: sqlite-utils' ``upsert``/``insert`` introspect the
# table on every call (a dozen queries), which cost the crawler a third of its reactor time. Same semantics: only
# the given columns are written, the row is found by its unique ``url``.
@functools.lru_cache(maxsize=None)
def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(f"[{c}]" for c in columns)
    return f"INSERT INTO [{table}] ({names}) VALUES ({', '.join(f':{c}' for c in columns)})"


@functools.lru_cache(maxsize=None)
def _upsert_sql(table: str, columns: tuple[str, ...], keep: tuple[str, ...] = ()) -> str:
    """Insert, or update the row with the same ``url``; the ``keep`` columns of an existing row are not touched."""
    updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c != "url" and c not in keep)
    return f"{_insert_sql(table, columns)} ON CONFLICT([url]) DO " + (f"UPDATE SET {updates}" if updates else "NOTHING")


# The stored text of an article about to be replaced, copied to its revisions.
_REVISED = [c for c in REVISION_COLUMNS if c not in ("id", "replaced", "crawl_id")]
_REVISION_SQL = (
    f"INSERT INTO article_revisions ({', '.join(_REVISED)}, replaced, crawl_id) "
    f"SELECT {', '.join('url' if c == 'article_url' else c for c in _REVISED)}, :replaced, :crawl_id "
    "FROM articles WHERE url = :url"
)


def _jsonify(row: dict) -> dict:
    """Lists and dicts become JSON text columns (readable in Datasette), booleans integers."""
    return {k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v for k, v in row.items()}
