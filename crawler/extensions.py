"""Run accounting: one ``crawls`` row per run, opened when the spider opens and closed with its stats."""

from __future__ import annotations

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler.site_yields import YIELDED_NOTHING_STAT, sites_yielding_nothing
from pipelines.archive import Archive
from pipelines.store import StorePipeline

OUTCOME_STAT = "archive/outcome"
FINISHED = "finished"
NO_SITE_REACHABLE = "failed: no site reachable"
NO_SITE_YIELDED = "failed: no site yielded an article"


def run_outcome(reason: str, stats: dict, sites: list[str] | None = None) -> str:
    """How a run ended, for the crawls row and the exit status: finished, or why it did not.

    A run that discovers ``sites`` (the news spider) failed when no discovery URL answered, or when every site
    yielded nothing (``crawler.site_yields``); a replay discovers nothing.
    """
    if reason != FINISHED and not reason.startswith("closespider_"):
        return reason  # shutdown (SIGTERM/SIGINT), cancelled, ...
    if sites and not any(name.startswith("discovery/") and name.split("/")[1] in ("sitemap", "feed", "section")
                         for name in stats):
        return NO_SITE_REACHABLE
    if sites and set(stats.get(YIELDED_NOTHING_STAT, {})) >= set(sites):
        return NO_SITE_YIELDED
    return FINISHED


def failure_message(outcome: str | None) -> str:
    """The one line a failed run ends with on stderr (``scrapy crawl`` and ``python -m crawler.run``)."""
    reason = (outcome or "the spider did not run (see the log)").removeprefix("failed: ")
    return f"crawl failed: {reason}"


class CrawlRecorder:
    """Writes the run (spider, arguments, start, end, outcome, stats JSON) and the crawled sites to the archive."""

    def __init__(self, crawler, archive_path: str):
        self.crawler = crawler
        self.archive_path = archive_path
        self.crawl_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler):
        path = crawler.settings.get("ARCHIVE_DB")
        if not path:
            raise NotConfigured("ARCHIVE_DB is not set")
        extension = cls(crawler, path)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider):
        archive = Archive(self.archive_path)
        try:
            self.crawl_id = archive.start_crawl(spider.name, getattr(spider, "run_args", {}))
            archive.save_sites(site.as_row() for site in getattr(spider, "sites", {}).values())
        finally:
            archive.close()
        store = self.crawler.get_item_pipeline(StorePipeline)
        if store is not None:  # pipelines open before spider_opened: the store has no row written yet
            store.crawl_id = self.crawl_id

    def spider_closed(self, spider, reason):
        if self.crawl_id is None:
            return
        sites = sorted(getattr(spider, "sites", {}))
        self.record_sites_yielding_nothing(spider, sites)
        outcome = run_outcome(reason, self.crawler.stats.get_stats(), sites)
        self.crawler.stats.set_value(OUTCOME_STAT, outcome)
        if outcome != FINISHED:
            spider.logger.error("Crawl %s: %s", self.crawl_id, outcome)
        archive = Archive(self.archive_path)
        try:
            archive.finish_crawl(self.crawl_id, outcome, self.crawler.stats.get_stats())
        finally:
            archive.close()

    def record_sites_yielding_nothing(self, spider, sites: list[str]) -> None:
        """Name every site that yielded nothing, with the reason, in the log and the run's stats (the report reads
        them): a broken registry entry must not end as a quiet "finished"."""
        verdicts = sites_yielding_nothing(self.crawler.stats.get_stats(), sites)
        if verdicts:
            self.crawler.stats.set_value(YIELDED_NOTHING_STAT, verdicts)
        for site, why in verdicts.items():
            spider.logger.error("Site %s yielded nothing: %s", site, why)
