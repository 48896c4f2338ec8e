"""Run accounting: one ``crawls`` row per run, opened when the spider opens and closed with its stats."""

from __future__ import annotations

from scrapy import signals
from scrapy.exceptions import NotConfigured

from pipelines.archive import Archive
from pipelines.store import CRAWL_ID_STAT


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
        self.crawler.stats.set_value(CRAWL_ID_STAT, self.crawl_id)

    def spider_closed(self, spider, reason):
        if self.crawl_id is None:
            return
        archive = Archive(self.archive_path)
        try:
            archive.finish_crawl(self.crawl_id, reason, self.crawler.stats.get_stats())
        finally:
            archive.close()
