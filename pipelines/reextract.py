"""Rebuild the archive from its raw pages (WARC), with no network: for when the extractor improves.

    python -m pipelines.reextract [--db data/archive.db] [--warc-dir DIR] [--registry crawler/sites.toml] [--dry-run]

Every WARC response record is replayed, oldest first, through the same pipelines a crawl uses (extract →
deduplicate → language → store) into a new database next to the archive; runs, sites and fetch failures are
carried over. The report says what changed, article by article. Unless ``--dry-run``, the new database then
replaces the old one, which is kept as ``<db>.before-reextract-<time>``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from scrapy.utils.project import get_project_settings

from crawler.registry import RegistryError, load_registry
from pipelines.archive import Archive, ArchiveLocked, exclusive
from pipelines.deduplicate import DeduplicatePipeline
from pipelines.extract import ExtractPipeline
from pipelines.language import LanguagePipeline
from pipelines.offline import PipelineChain
from pipelines.store import StorePipeline
from pipelines.warc import iter_pages, warc_directory

logger = logging.getLogger(__name__)

COMPARED = ("title", "lead", "text", "author", "published", "modified", "language", "tags", "categories",
            "captions", "page_type", "word_count")
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


def replay(settings, warc_dir: Path, database: Path, hints: dict[str, dict], provinces: dict[str, str | None],
           report: Report) -> None:
    settings = settings.copy()
    settings.set("ARCHIVE_DB", str(database))
    chain = PipelineChain(settings, [ExtractPipeline, DeduplicatePipeline, LanguagePipeline, StorePipeline])
    chain.open()

    async def run():
        for page in iter_pages(warc_dir):
            report.pages += 1
            page.hints, page.province = hints.get(page.site, {}), provinces.get(page.site)
            reason = await chain.process(page)
            if reason:
                report.dropped[reason] = report.dropped.get(reason, 0) + 1

    try:
        asyncio.run(run())
    finally:
        chain.close()


def compare(old: Archive, new_path: Path, report: Report) -> None:
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


def reextract(settings, database: Path, warc_dir: Path, registry: Path | None, dry_run: bool) -> Report:
    report = Report()
    sites = load_registry(registry) if registry and registry.exists() else {}
    old = Archive(database, create=False)
    provinces = {key: province for key, province in old.db.execute("SELECT key, province FROM sites")}
    hints = {key: {"platform": site.platform, **site.hints} for key, site in sites.items()}
    rebuilt = database.with_name(database.name + ".reextract")
    for leftover in (rebuilt, Path(f"{rebuilt}-wal"), Path(f"{rebuilt}-shm")):
        leftover.unlink(missing_ok=True)
    replay(settings, warc_dir, rebuilt, hints, provinces, report)
    new = Archive(rebuilt)
    carry_over(database, new)
    new.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    new.close()
    compare(old, rebuilt, report)
    old.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    old.close()
    if dry_run:
        rebuilt.unlink()
    else:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        os.replace(database, database.with_name(f"{database.name}.before-reextract-{stamp}"))
        os.replace(rebuilt, database)
    return report


def main(argv: list[str] | None = None) -> int:
    settings = get_project_settings()
    parser = argparse.ArgumentParser(prog="python -m pipelines.reextract", description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path(settings.get("ARCHIVE_DB")))
    parser.add_argument("--warc-dir", type=Path, help="default: WARC_DIR, or 'warc' next to the database")
    parser.add_argument("--registry", type=Path, default=Path(settings.get("SITES_REGISTRY")),
                        help="for per-site extraction hints")
    parser.add_argument("--dry-run", action="store_true", help="report the changes, keep the archive as it is")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    settings.set("ARCHIVE_DB", str(args.db))
    warc_dir = args.warc_dir or warc_directory(settings)
    if not args.db.exists() or not warc_dir.is_dir():
        print(f"nothing to re-extract: need {args.db} and WARC files in {warc_dir}", file=sys.stderr)
        return 1
    try:
        with exclusive(args.db):
            report = reextract(settings, args.db, warc_dir, args.registry, args.dry_run)
    except (ArchiveLocked, RegistryError) as exc:
        print(f"re-extraction not started: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(report.__dict__, ensure_ascii=False, indent=1) if args.json else report.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
