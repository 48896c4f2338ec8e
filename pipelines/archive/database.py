"""The SQLite archive: reads and writes on the schema of ``schema.py``, upserts on stable keys.

All I/O with ``data/archive.db`` goes through ``Archive``, so pipelines, extensions and command-line tools share
one definition of every table. Opening an archive migrates it (once per process and path: a crawl opens it from
several components). Full-text search over articles (FTS5) is kept in sync by triggers.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import sqlite_utils

from pipelines.archive.schema import ARTICLE_COLUMNS, REVISION_COLUMNS, migrations


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# Archive files (device, inode) already migrated by this process: the components of one crawl each open the archive.
_migrated: set[tuple[int, int]] = set()


def _migrate_once(db: sqlite_utils.Database, path: Path) -> None:
    identity = (path.stat().st_dev, path.stat().st_ino)
    if identity not in _migrated or not db["_sqlite_migrations"].exists():  # the inode of a deleted file is reused
        migrations.apply(db)
        _migrated.add(identity)


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
        if create:
            _migrate_once(self.db, path)
        self.path = path

    def close(self) -> None:
        self.db.close()

    def transaction(self):
        """A write transaction (IMMEDIATE, so concurrent writers wait rather than fail half-way)."""
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
        self.db.execute(_upsert_sql("articles", tuple(row), keep), row)
        if minhash is not None:
            self.db.execute(_upsert_sql("article_fingerprints", ("url", "minhash")),
                            {"url": row["url"], "minhash": minhash})
        return outcome

    def get_article(self, url: str) -> dict | None:
        cursor = self.db.execute("SELECT * FROM articles WHERE url = ?", [url])
        row = cursor.fetchone()
        return dict(zip([c[0] for c in cursor.description], row)) if row else None

    def touch_article(self, url: str, seen: str, crawl_id: int | None) -> None:
        self.db.execute("UPDATE articles SET last_seen = ?, crawl_id = ? WHERE url = ?", [seen, crawl_id, url])

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
        self.db.execute("DELETE FROM articles WHERE url = ?", [url])
        self.db.execute("DELETE FROM article_fingerprints WHERE url = ?", [url])
        self.db.execute("UPDATE duplicates SET duplicate_of = ? WHERE duplicate_of = ?", [original, url])
        return True

    def save_failure(self, row: dict) -> None:
        self.db.execute(_insert_sql("failed_pages", tuple(row)), row)

    # --- reading ------------------------------------------------------------------------------------------
    def known_urls(self) -> set[str]:
        """Every URL the archive holds, as an article, an alias or a duplicate."""
        return {url for (url,) in self.db.execute(
            "SELECT url FROM articles UNION SELECT fetched_url FROM articles WHERE fetched_url IS NOT NULL "
            "UNION SELECT url FROM duplicates")}

    def revisit_validators(self, days: float) -> dict[str, dict[str, str]]:
        """Conditional-request headers for articles published in the last ``days`` days, by fetched URL."""
        since = (datetime.now(timezone.utc) - timedelta(days=days)).isoformat(timespec="seconds")
        revisit = {}
        for url, fetched_url, published, etag, last_modified in self.db.execute(
                "SELECT url, fetched_url, published, etag, last_modified FROM articles WHERE published IS NOT NULL"):
            if _utc(published) >= since:
                headers = {"If-None-Match": etag} if etag else {}
                if last_modified:
                    headers["If-Modified-Since"] = last_modified
                revisit[fetched_url or url] = headers
        return revisit

    def fingerprints(self) -> Iterator[tuple[str, str, str | None, bytes | None]]:
        """(url, content_hash, published, minhash) of every archived article, for the duplicate index."""
        yield from self.db.execute(
            "SELECT a.url, a.content_hash, a.published, f.minhash FROM articles a "
            "LEFT JOIN article_fingerprints f ON f.url = a.url")


class _Transaction:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self):
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, exc, tb):
        self.conn.execute("COMMIT" if exc_type is None else "ROLLBACK")
        return False


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
