"""``scrapy archiver``: the archive's one writer in a distributed crawl, fed by the workers through Redis.

Reads ``REDIS_ITEMS_KEY`` at ``REDIS_URL`` (``crawler.settings_distributed``) and runs each item through the
deduplicate and store pipelines of a crawl (``ArchiverSpider``), recorded as a run in ``crawls`` (spider
``archiver``). Runs until stopped (SIGTERM/SIGINT: what the store holds is committed), or until no item came for
``--idle-exit`` seconds. Holds the archive's writer lock, like ``crawler.run`` and ``scrapy reextract``.
"""

from __future__ import annotations

import sys

from scrapy.commands import ScrapyCommand

from crawler.commands import replay_process
from crawler.extensions import FINISHED, OUTCOME_STAT
from crawler.run import EXIT_LOCKED
from crawler.spiders.replay import ArchiverSpider
from pipelines.archive import ArchiveLocked, exclusive

ARCHIVER_PIPELINES = {"pipelines.deduplicate.DeduplicatePipeline": 200, "pipelines.store.StorePipeline": 400}
ARCHIVER_EXTENSIONS = {"crawler.extensions.CrawlRecorder": 100}


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False

    def syntax(self) -> str:
        return "[--idle-exit SECONDS]"

    def short_desc(self) -> str:
        return "Store the items the workers of a distributed crawl push to Redis"

    def add_options(self, parser):
        super().add_options(parser)
        parser.add_argument("--idle-exit", type=float, help="exit after this many seconds without an item")

    def run(self, args, opts):
        try:
            with exclusive(self.settings.get("ARCHIVE_DB")):
                process = replay_process(self.settings, ARCHIVER_PIPELINES, ARCHIVER_EXTENSIONS)
                crawler = process.create_crawler(ArchiverSpider)
                process.crawl(crawler, idle_exit=opts.idle_exit)
                process.start()
        except ArchiveLocked as exc:
            print(f"archiver not started: {exc}", file=sys.stderr)
            self.exitcode = EXIT_LOCKED
            return
        stats = crawler.stats.get_stats()
        if stats.get(OUTCOME_STAT) != FINISHED:  # shutdown, or the spider failed: the exit status says so
            print(f"archiver stopped: {stats.get(OUTCOME_STAT) or 'the run was not recorded (see the log)'}",
                  file=sys.stderr)
            self.exitcode = 1
        print(f"archived {stats.get('archiver/items', 0)} items: new {stats.get('archive/new', 0)}, "
              f"duplicate {stats.get('archive/duplicate', 0)}, unchanged {stats.get('archive/unchanged', 0)}")
