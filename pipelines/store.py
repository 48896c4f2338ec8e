"""Storage: the verdicts of the deduplicator applied to the SQLite archive, in batched transactions.

Articles, duplicates, revisits (304 or unchanged text) and pages not archived are queued as archive operations
and written ``ARCHIVE_BATCH_SIZE`` at a time, in order, one transaction each.
"""

from __future__ import annotations

import logging

from scrapy import signals

from pipelines.archive import ARTICLE_COLUMNS, Archive, utc_now
from pipelines.extraction.page import DUPLICATE, UNCHANGED, Article, FailedPage, NotModified
from pipelines.not_archived import NotArchived

logger = logging.getLogger(__name__)

ARTICLE_FIELDS = tuple(name for name in ARTICLE_COLUMNS if name not in ("id", "first_seen", "version_seen",
                                                                       "last_seen", "crawl_id"))
DUPLICATE_FIELDS = ("url", "site", "title", "author", "published", "text", "content_hash", "warc_file",
                    "warc_offset", "warc_length")


class StorePipeline:
    """Buffers write operations and applies them in order, ``batch_size`` at a time, in one transaction each.

    ``crawl_id`` is the run's row in ``crawls``: set by the run's recorder (``crawler.extensions.CrawlRecorder``)
    when the spider opens, None when nothing records runs.
    """

    def __init__(self, stats, archive_path: str, batch_size: int):
        self.stats = stats
        self.archive_path = archive_path
        self.batch_size = batch_size
        self.pending: list[tuple] = []
        self.archive: Archive | None = None
        self.crawl_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(crawler.stats, crawler.settings.get("ARCHIVE_DB"), crawler.settings.getint("ARCHIVE_BATCH_SIZE"))
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        return pipeline

    def open_spider(self):
        self.archive = Archive(self.archive_path)

    def close_spider(self):
        self.flush()
        self.archive.close()

    # --- items ------------------------------------------------------------------------------------------
    def process_item(self, item):
        if isinstance(item, NotModified):
            self.stats.inc_value("archive/unchanged")
            self.queue("touch_article", item.url, utc_now(), self.crawl_id)
        elif isinstance(item, FailedPage):
            self.queue("save_failure", {"url": item.url, "site": item.site, "reason": item.reason,
                                        "status": item.status, "detail": item.detail, "seen_at": item.seen_at,
                                        "crawl_id": self.crawl_id})
        elif isinstance(item, Article):
            self.queue_article(item)
        return item

    def item_dropped(self, item, response, exception, spider=None):
        """Pages dropped by a pipeline (not an article, not HTML, ...) are recorded with their reason."""
        if isinstance(exception, NotArchived):
            self.process_item(exception.failed_page)

    def queue_article(self, article: Article) -> None:
        now = article.fetched_at or utc_now()  # when the page was fetched: re-extraction keeps it
        crawl_id = self.crawl_id
        alias = bool(article.fetched_url) and article.fetched_url != article.url
        # A known article fetched again under another URL is that URL's duplicate, not an unchanged revisit.
        self.stats.inc_value("archive/duplicate" if alias and article.verdict == UNCHANGED
                             else f"archive/{article.verdict}")
        if article.verdict == DUPLICATE:
            self.queue("save_duplicate", {
                **{name: getattr(article, name) for name in DUPLICATE_FIELDS},
                "duplicate_of": article.duplicate_of, "kind": article.duplicate_kind,
                "similarity": article.similarity, "first_seen": now, "last_seen": now, "crawl_id": crawl_id})
            return
        if article.verdict == UNCHANGED:
            self.queue("touch_article", article.url, now, crawl_id)
        else:
            row = {name: getattr(article, name) for name in ARTICLE_FIELDS}
            row.update(first_seen=now, version_seen=now, last_seen=now, crawl_id=crawl_id)
            self.queue("save_article", row, article.minhash)
        if article.supersedes:
            self.queue("demote_article", article.supersedes, article.url, article.duplicate_kind,
                       article.similarity, crawl_id)
        if alias:
            self.queue("save_duplicate", {
                "url": article.fetched_url, "site": article.site, "title": article.title,
                "duplicate_of": article.url, "kind": "canonical", "similarity": 1.0,
                "content_hash": article.content_hash, "first_seen": now, "last_seen": now, "crawl_id": crawl_id})

    # --- batching ---------------------------------------------------------------------------------------
    def queue(self, method: str, *args) -> None:
        self.pending.append((method, args))
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        operations, self.pending = self.pending, []
        with self.archive.transaction():
            for method, args in operations:
                if getattr(self.archive, method)(*args) and method == "demote_article":
                    self.stats.inc_value("archive/superseded")  # an archived copy moved to the duplicates
        self.stats.inc_value("archive/transactions")
        self.stats.inc_value("archive/writes", len(operations))
