"""Spiders that fetch nothing: they replay stored items through the crawl's own engine, pipelines and stats.

- ``reextract``: every WARC response record, oldest first, as the RawPage it was (``scrapy reextract``);
- ``archiver``: the items the workers of a distributed crawl pushed to Redis (``scrapy archiver``).

Both ``start()`` methods yield items, not requests (Scrapy >= 2.13), so each item goes through exactly the
pipelines, signals, stats and shutdown of a crawl: the worker pool is closed when the engine stops, SIGTERM
stops the archiver after the current item, and the store commits what it holds.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

from scrapy import Spider, signals
from scrapy_redis import connection

from crawler.registry import load_registry
from pipelines.archive import Archive
from pipelines.archive.warc import iter_pages
from pipelines.not_archived import NotArchived
from pipelines.redis_queue import deserialize
from pipelines.store import StorePipeline


class ReplaySpider(Spider):
    """Counts the pages the pipelines dropped, by reason, and the items a pipeline failed on (a bug, logged by
    Scrapy with its traceback), for the replay's report and verdict."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.dropped: Counter[str] = Counter()
        self.item_errors = 0

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(spider.item_error, signal=signals.item_error)
        return spider

    def item_error(self, item, response, failure, spider=None):
        self.item_errors += 1

    def item_dropped(self, item, response, exception, spider=None):
        if isinstance(exception, NotArchived):
            self.dropped[exception.reason] += 1


class ReextractSpider(ReplaySpider):
    """Every WARC record of ``warc_dir`` with the hints of its site (``SITES_REGISTRY``) and the province the
    archive ``provinces_from`` records for it."""

    name = "reextract"

    def __init__(self, warc_dir: str, provinces_from: str, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.warc_dir = warc_dir
        self.provinces_from = provinces_from
        self.pages = 0
        self.replayed_all = False  # every record read: only then may the rebuild replace the archive
        self.replayed: set[tuple[str, int]] = set()  # (WARC file, offset) of every record read

    async def start(self) -> AsyncIterator[Any]:
        registry = self.settings.get("SITES_REGISTRY")
        sites = load_registry(registry) if registry else {}
        archive = Archive(self.provinces_from, create=False)
        try:
            provinces = dict(archive.db.execute("SELECT key, province FROM sites").fetchall())
        finally:
            archive.close()
        for page in iter_pages(self.warc_dir):
            self.pages += 1
            self.replayed.add((page.warc_file, page.warc_offset))
            site = sites.get(page.site)
            page.hints = site.hints if site else {}
            page.province = provinces.get(page.site)
            yield page
        self.replayed_all = True


class ArchiverSpider(ReplaySpider):
    """The items of ``REDIS_ITEMS_KEY``, until the engine is stopped or none came for ``idle_exit`` seconds."""

    name = "archiver"
    POLL_SECONDS = 1

    def __init__(self, idle_exit: str | float | None = None, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.idle_exit = float(idle_exit) if idle_exit not in (None, "") else None
        self.stopping = False

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.stop_reading, signal=signals.spider_closed)
        return spider

    def stop_reading(self, spider=None, reason=None):
        """Closing (idle exit, SIGTERM): no further pop, so no item is taken off the list and left unstored."""
        self.stopping = True

    async def start(self) -> AsyncIterator[Any]:
        server = connection.from_settings(self.settings)
        key = self.settings.get("REDIS_ITEMS_KEY") % {"spider": "news"}
        idle = 0.0
        while not self.stopping and (self.idle_exit is None or idle < self.idle_exit):
            popped = await asyncio.to_thread(server.blpop, [key], timeout=self.POLL_SECONDS)
            if popped is None:
                idle += self.POLL_SECONDS
                store = self.crawler.get_item_pipeline(StorePipeline)
                if store is not None:
                    store.flush()  # a quiet queue is a good moment to commit
                continue
            idle = 0.0
            self.crawler.stats.inc_value("archiver/items")
            yield deserialize(popped[1])
