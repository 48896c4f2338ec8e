"""The crawl's item pipelines, run outside a crawl: for re-extraction from WARC and the distributed archiver.

The pipelines are built through their own ``from_crawler`` (same settings, same behaviour as in a crawl) and
driven one item at a time; a pipeline may answer with an awaitable (the worker-pool ones do).
"""

from __future__ import annotations

import inspect

from scrapy.statscollectors import MemoryStatsCollector

from pipelines.not_archived import NotArchived


class _NoSignals:
    def connect(self, *args, **kwargs):
        """Nothing dispatches item signals here: PipelineChain reports drops to the store itself."""


class OfflineCrawler:
    """What the pipelines' ``from_crawler`` reads (settings, stats, signals), without a crawl."""

    def __init__(self, settings):
        self.settings = settings
        self.stats = MemoryStatsCollector(self)
        self.signals = _NoSignals()


class PipelineChain:
    """Opened pipelines, in order; ``process`` runs one item through them as a crawl would."""

    def __init__(self, settings, pipeline_classes: list[type]):
        self.crawler = OfflineCrawler(settings)
        self.pipelines = [cls.from_crawler(self.crawler) for cls in pipeline_classes]
        self.store = next((p for p in self.pipelines if hasattr(p, "item_dropped")), None)

    @property
    def stats(self):
        return self.crawler.stats

    def open(self) -> None:
        for pipeline in self.pipelines:
            if hasattr(pipeline, "open_spider"):
                pipeline.open_spider()

    def close(self) -> None:
        for pipeline in reversed(self.pipelines):
            if hasattr(pipeline, "close_spider"):
                pipeline.close_spider()

    async def process(self, item) -> str | None:
        """Run the item through; returns the drop reason when a pipeline dropped it (recorded by the store)."""
        original = item
        try:
            for pipeline in self.pipelines:
                item = pipeline.process_item(item)
                if inspect.isawaitable(item):
                    item = await item
        except NotArchived as exc:
            self.stats.inc_value(f"item_dropped_reasons_count/{exc.reason}")
            if self.store is not None:
                self.store.item_dropped(original, None, exc)
            return exc.reason
        return None
