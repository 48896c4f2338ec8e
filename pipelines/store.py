"""Storage: the verdicts of the deduplicator applied to the SQLite archive, in batched transactions.

Articles, duplicates, revisits (304 or unchanged text) and pages not archived are queued as archive operations
and written ``ARCHIVE_BATCH_SIZE`` at a time, or when the oldest has waited ``ARCHIVE_BATCH_SECONDS`` (so that a
slow crawl killed half-way keeps what it fetched), in order, one transaction each. A verdict is counted
(``archive/new``, ...) when its transaction commits; a transaction that fails (disk full, I/O error) is counted
in ``archive/not_stored`` and stops the run (``pipelines.write_failure``). Each article's LSH band rows are
written with it (``Archive.save_article``); after each commit the store sends ``ARCHIVE_COMMITTED``, so that the
deduplicator lets the archive answer for the verdicts it was holding.
"""

from __future__ import annotations

import logging
import sqlite3
import time

from scrapy import signals
from twisted.internet import task

from pipelines.archive import ARTICLE_COLUMNS, Archive, utc_now
from pipelines.extraction.page import DUPLICATE, UNCHANGED, Article, FailedPage, NotModified
from pipelines.not_archived import NotArchived
from pipelines.write_failure import stop_run

logger = logging.getLogger(__name__)

ARCHIVE_COMMITTED = object()  # signal: a batch of verdicts is committed to the archive

ARTICLE_FIELDS = tuple(name for name in ARTICLE_COLUMNS if name not in ("id", "first_seen", "version_seen",
                                                                       "last_seen", "crawl_id"))
DUPLICATE_FIELDS = ("url", "site", "title", "author", "published", "text", "content_hash", "warc_file",
                    "warc_offset", "warc_length")


class StorePipeline:
    """Buffers write operations and applies them in order, ``batch_size`` at a time, in one transaction each.

    ``crawl_id`` is the run's row in ``crawls``: set by the run's recorder (``crawler.extensions.CrawlRecorder``)
    when the spider opens, None when nothing records runs.
    """

    def __init__(self, crawler, archive_path: str, batch_size: int, batch_seconds: float):
        self.crawler = crawler
        self.stats = crawler.stats
        self.signals = crawler.signals
        self.archive_path = archive_path
        self.batch_size = batch_size
        self.batch_seconds = batch_seconds
        self.pending: list[tuple[str, tuple, str | None]] = []  # (archive method, arguments, stat once committed)
        self.oldest_pending = 0.0
        self.timer = task.LoopingCall(self.flush_if_due)
        self.archive: Archive | None = None
        self.crawl_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        pipeline = cls(crawler, settings.get("ARCHIVE_DB"), settings.getint("ARCHIVE_BATCH_SIZE"),
                       settings.getfloat("ARCHIVE_BATCH_SECONDS"))
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        return pipeline

    def open_spider(self):
        self.archive = Archive(self.archive_path)
        self.timer.start(self.batch_seconds, now=False)

    def close_spider(self):
        self.timer.stop()
        self.flush()
        self.archive.close()

    # --- items ------------------------------------------------------------------------------------------
    def process_item(self, item):
        if isinstance(item, NotModified):
            self.queue("touch_article", item.url, utc_now(), self.crawl_id, stat="archive/unchanged")
        elif isinstance(item, FailedPage):
            self.queue("save_failure", {"url": item.url, "site": item.site, "reason": item.reason,
                                        "status": item.status, "detail": item.detail, "seen_at": item.seen_at,
                                        "crawl_id": self.crawl_id}, stat="failed_pages/recorded")
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
        stat = "archive/duplicate" if alias and article.verdict == UNCHANGED else f"archive/{article.verdict}"
        if article.verdict == DUPLICATE:
            self.queue("save_duplicate", {
                **{name: getattr(article, name) for name in DUPLICATE_FIELDS},
                "duplicate_of": article.duplicate_of, "kind": article.duplicate_kind,
                "similarity": article.similarity, "first_seen": now, "last_seen": now, "crawl_id": crawl_id},
                stat=stat)
            return
        if article.verdict == UNCHANGED:
            own_fetch = None if alias else {"fetched_url": article.fetched_url, "etag": article.etag,
                                            "last_modified": article.last_modified}
            self.queue("touch_article", article.url, now, crawl_id, own_fetch, stat=stat)
        else:
            row = {name: getattr(article, name) for name in ARTICLE_FIELDS}
            row.update(first_seen=now, version_seen=now, last_seen=now, crawl_id=crawl_id)
            self.queue("save_article", row, article.minhash, stat=stat)
        if article.supersedes:
            self.queue("demote_article", article.supersedes, article.url, article.duplicate_kind,
                       article.similarity, crawl_id)
        if alias:
            self.queue("save_duplicate", {
                "url": article.fetched_url, "site": article.site, "title": article.title,
                "duplicate_of": article.url, "kind": "canonical", "similarity": 1.0,
                "content_hash": article.content_hash, "first_seen": now, "last_seen": now, "crawl_id": crawl_id})

    # --- batching ---------------------------------------------------------------------------------------
    def queue(self, method: str, *args, stat: str | None = None) -> None:
        if not self.pending:
            self.oldest_pending = time.monotonic()
        self.pending.append((method, args, stat))
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush_if_due(self) -> None:
        if self.pending and time.monotonic() - self.oldest_pending >= self.batch_seconds:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        operations, self.pending = self.pending, []
        try:
            with self.archive.transaction():
                superseded = sum(bool(getattr(self.archive, method)(*args)) and method == "demote_article"
                                 for method, args, _ in operations)
        except sqlite3.Error as exc:  # disk full, I/O error, a locked-out writer: nothing of the batch is kept
            self.count(operations, lost=True)
            stop_run(self.crawler, f"SQLite transaction of {len(operations)} operations", exc)
            return
        self.count(operations)
        if superseded:
            self.stats.inc_value("archive/superseded", superseded)  # archived copies moved to the duplicates
        self.stats.inc_value("archive/transactions")
        self.stats.inc_value("archive/writes", len(operations))
        if self.signals is not None:
            self.signals.send_catch_log(ARCHIVE_COMMITTED)

    def count(self, operations: list[tuple[str, tuple, str | None]], lost: bool = False) -> None:
        """The operations' stats once committed (``archive/new``, ...), or, when their transaction failed, the
        pages it lost (``archive/not_stored`` and ``archive/not_stored/<new|updated|...>``)."""
        for _, _, stat in operations:
            if stat and lost:
                self.stats.inc_value("archive/not_stored")
                self.stats.inc_value(f"archive/not_stored/{stat.rpartition('/')[2]}")
            elif stat:
                self.stats.inc_value(stat)
