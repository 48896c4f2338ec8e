"""Rebuilding an archive from its raw pages: what is carried over from the old database, and what changed.

The replay itself is a crawl (``scrapy reextract``, ``crawler/spiders/replay.py``) into a new database; these are
the database steps around it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from pipelines.archive.database import Archive

COMPARED = ("title", "lead", "text", "author", "published", "modified", "language", "tags", "categories",
            "captions", "page_type", "word_count", "extracted_by")
CARRIED_OVER = ("sites", "crawls", "failed_pages")


@dataclass
class Report:
    pages: int = 0
    dropped: dict[str, int] = field(default_factory=dict)
    unchanged: int = 0
    changed: dict[str, list[str]] = field(default_factory=dict)  # url → changed fields
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"WARC records replayed: {self.pages}",
                 f"Articles unchanged: {self.unchanged}, changed: {len(self.changed)}, "
                 f"new: {len(self.added)}, gone: {len(self.removed)}"]
        lines += [f"  changed {url}: {', '.join(fields)}" for url, fields in sorted(self.changed.items())]
        lines += [f"  new     {url}" for url in self.added] + [f"  gone    {url}" for url in self.removed]
        lines += [f"Dropped as {reason}: {count}" for reason, count in sorted(self.dropped.items())]
        return "\n".join(lines)


def compare(old: Archive, new_path: Path, report: Report) -> None:
    """Article by article, what the rebuilt archive at ``new_path`` changed against ``old``."""
    old.db.execute("ATTACH DATABASE ? AS rebuilt", [str(new_path)])
    try:
        columns = ", ".join(f"o.{c}, n.{c}" for c in COMPARED)
        for row in old.db.execute(f"SELECT o.url, {columns} FROM articles o JOIN rebuilt.articles n USING (url)"):
            changed = [name for i, name in enumerate(COMPARED) if row[1 + 2 * i] != row[2 + 2 * i]]
            if changed:
                report.changed[row[0]] = changed
            else:
                report.unchanged += 1
        report.added = [u for (u,) in old.db.execute(
            "SELECT url FROM rebuilt.articles WHERE url NOT IN (SELECT url FROM articles) ORDER BY url")]
        report.removed = [u for (u,) in old.db.execute(
            "SELECT url FROM articles WHERE url NOT IN (SELECT url FROM rebuilt.articles) ORDER BY url")]
    finally:
        old.db.execute("DETACH DATABASE rebuilt")


def carry_over(old_path: Path, new: Archive) -> None:
    """Runs, sites and fetch failures are not in the WARC files: copy them, and each row's crawl id."""
    new.db.execute("ATTACH DATABASE ? AS previous", [str(old_path)])
    try:
        with new.transaction():
            for table in CARRIED_OVER:
                new.db.execute(f"DELETE FROM {table}")
                new.db.execute(f"INSERT INTO {table} SELECT * FROM previous.{table}")
            for table in ("articles", "duplicates"):
                new.db.execute(f"UPDATE {table} SET crawl_id = (SELECT p.crawl_id FROM previous.{table} p "
                               f"WHERE p.url = {table}.url)")
    finally:
        new.db.execute("DETACH DATABASE previous")


def fresh_rebuild_path(database: Path) -> Path:
    """Where the rebuilt database is written (next to the archive), cleared of a previous attempt's leftovers."""
    rebuilt = database.with_name(database.name + ".reextract")
    for leftover in (rebuilt, Path(f"{rebuilt}-wal"), Path(f"{rebuilt}-shm")):
        leftover.unlink(missing_ok=True)
    return rebuilt


def missing_records(database: Path, replayed: set[tuple[str, int]]) -> list[str]:
    """The archived pages (articles and duplicates) whose WARC record is not among the ``replayed`` locations: a
    rebuild without them would silently drop them (a WARC directory of another archive, a lost or torn file)."""
    archive = Archive(database, create=False)
    try:
        rows = archive.db.execute("SELECT url, warc_file, warc_offset FROM articles WHERE warc_file IS NOT NULL "
                                  "UNION ALL SELECT url, warc_file, warc_offset FROM duplicates "
                                  "WHERE warc_file IS NOT NULL").fetchall()
    finally:
        archive.close()
    return [f"{url} ({file}:{offset})" for url, file, offset in rows if (file, offset) not in replayed]


def finish_rebuild(database: Path, rebuilt: Path, report: Report, dry_run: bool) -> None:
    """Carry runs, sites and failures over, compare, then copy the rebuilt database into the archive's file (the
    old content is kept as ``<db>.before-reextract-<time>``), or drop it on a dry run.

    The copy goes through SQLite's backup API into the same file, not a rename: a reader holding the archive open
    (Datasette) would keep serving a renamed-away file forever; this way it sees the rebuilt archive at its next
    query, and never a half-written one (the copy is one transaction of the destination)."""
    new = Archive(rebuilt)
    carry_over(database, new)
    new.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    new.close()
    old = Archive(database, create=False)
    compare(old, rebuilt, report)
    old.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    old.close()
    if not dry_run:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        _copy_database(database, database.with_name(f"{database.name}.before-reextract-{stamp}"))
        _copy_database(rebuilt, database)
    for leftover in (rebuilt, Path(f"{rebuilt}-wal"), Path(f"{rebuilt}-shm")):
        leftover.unlink(missing_ok=True)


def _copy_database(source: Path, target: Path) -> None:
    """``target`` becomes a page-for-page copy of ``source`` (SQLite's online backup, one write transaction)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target, timeout=60)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
