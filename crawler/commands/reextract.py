"""``scrapy reextract``: rebuild the archive from its raw pages (WARC), with no network, when the extractor improves.

Every WARC response record is replayed, oldest first, through the crawl's own pipelines (analyse → deduplicate →
store) into a new database next to the archive; runs, sites and fetch failures are carried over. The report says
what changed, article by article. Unless ``--dry-run``, the new database then replaces the old one, which is kept
as ``<db>.before-reextract-<time>``. A replay that did not read the WARC record of every archived page (a torn or
missing file, a WARC directory of another archive) replaces nothing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand

from crawler.commands import replay_process
from crawler.registry import RegistryError, load_registry
from crawler.run import EXIT_LOCKED
from crawler.spiders.replay import ReextractSpider
from pipelines.archive import ArchiveLocked, exclusive
from pipelines.archive.rebuild import Report, finish_rebuild, fresh_rebuild_path, missing_records
from pipelines.archive.warc import warc_directory

REPLAY_PIPELINES = {"pipelines.analyse.AnalysePipeline": 100, "pipelines.deduplicate.DeduplicatePipeline": 200,
                    "pipelines.store.StorePipeline": 400}


class ReplayIncomplete(RuntimeError):
    """The replay did not read every WARC record cleanly: its database must not replace the archive."""


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "[--db FILE] [--warc-dir DIR] [--registry FILE] [--dry-run] [--json]"

    def short_desc(self) -> str:
        return "Rebuild the archive from its WARC files with the current extractor"

    def add_options(self, parser):
        super().add_options(parser)
        parser.add_argument("--db", type=Path, help="the archive (default: ARCHIVE_DB)")
        parser.add_argument("--warc-dir", type=Path, help="default: WARC_DIR, or 'warc' next to the database")
        parser.add_argument("--registry", type=Path, help="for per-site extraction hints (default: SITES_REGISTRY)")
        parser.add_argument("--dry-run", action="store_true", help="report the changes, keep the archive as it is")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def run(self, args, opts):
        database = opts.db or Path(self.settings.get("ARCHIVE_DB"))
        warc_dir = opts.warc_dir or warc_directory(database, self.settings.get("WARC_DIR"))
        if not database.exists() or not warc_dir.is_dir():
            print(f"nothing to re-extract: need {database} and WARC files in {warc_dir}", file=sys.stderr)
            self.exitcode = 1
            return
        try:
            with exclusive(database):
                report = self.reextract(database, warc_dir, opts.registry, opts.dry_run)
        except ArchiveLocked as exc:
            print(f"re-extraction not started: {exc}", file=sys.stderr)
            self.exitcode = EXIT_LOCKED
            return
        except RegistryError as exc:
            print(f"re-extraction not started: {exc}", file=sys.stderr)
            self.exitcode = 1
            return
        except ReplayIncomplete as exc:
            print(f"re-extraction failed, the archive is unchanged: {exc}", file=sys.stderr)
            self.exitcode = 1
            return
        print(json.dumps(report.__dict__, ensure_ascii=False, indent=1) if opts.json else report.summary())

    def reextract(self, database: Path, warc_dir: Path, registry: Path | None, dry_run: bool) -> Report:
        rebuilt = fresh_rebuild_path(database)
        settings = self.settings.copy()
        settings.set("ARCHIVE_DB", str(rebuilt), priority="cmdline")
        if registry is not None:
            settings.set("SITES_REGISTRY", str(registry) if registry.exists() else "", priority="cmdline")
        if settings.get("SITES_REGISTRY"):
            load_registry(settings.get("SITES_REGISTRY"))  # a broken registry stops here, before anything is rebuilt
        process = replay_process(settings, REPLAY_PIPELINES, extensions={})
        crawler = process.create_crawler(ReextractSpider)
        process.crawl(crawler, warc_dir=str(warc_dir), provinces_from=str(database))
        process.start()
        spider, reason = crawler.spider, crawler.stats.get_value("finish_reason")
        if not spider.replayed_all or reason != "finished" or spider.item_errors:
            raise ReplayIncomplete(
                f"{spider.pages} WARC records read ({'all' if spider.replayed_all else 'not all'}), finish reason "
                f"{reason}, {spider.item_errors} items a pipeline failed on (see the log); the partial rebuild is "
                f"left in {rebuilt}")
        missing = missing_records(database, spider.replayed)
        if missing:
            raise ReplayIncomplete(
                f"{len(missing)} archived pages have no readable record in {warc_dir} (first: {missing[0]}): a "
                f"rebuild would drop them; the partial rebuild is left in {rebuilt}")
        report = Report(pages=crawler.spider.pages, dropped=dict(crawler.spider.dropped))
        finish_rebuild(database, rebuilt, report, dry_run)
        return report
