"""Storage: articles, duplicates and failed pages written to the SQLite archive in batched transactions."""

from __future__ import annotations

import logging

from scrapy import signals

from crawler.items import FailedPage, NotModified
from pipelines.archive import ARTICLE_COLUMNS, Archive, utc_now
from pipelines.not_archived import NotArchived

logger = logging.getLogger(__name__)

CRAWL_ID_STAT = "archive/crawl_id"


class StorePipeline:
    """Buffers write operations and applies them in order, ``batch_size`` at a time, in one transaction each."""

    def __init__(self, stats, archive_path: str, batch_size: int):
        self.stats = stats
        self.archive_path = archive_path
        self.batch_size = batch_size
        self.pending: list[tuple] = []
        self.archive: Archive | None = None
        # Articles demoted this run, by URL → (original, kind, similarity). Items may reach the store in another
        # order than the deduplicator saw them (later pipelines can be asynchronous); a demoted article that
        # arrives late is stored as the duplicate it now is.
        self.superseded: dict[str, tuple[str, str, float]] = {}

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
        elif isinstance(item, dict):
            self.queue_article(item)
        return item

    def item_dropped(self, item, response, exception, spider=None):
        """Pages dropped by a pipeline (not an article, not HTML, ...) are recorded with their reason."""
        if isinstance(exception, NotArchived):
            self.process_item(exception.failed_page(item))

    def queue_article(self, item: dict) -> None:
        now = item.get("fetched_at") or utc_now()  # when the page was fetched: re-extraction keeps it
        crawl_id = self.crawl_id
        if item["dedup"] != "duplicate" and item["url"] in self.superseded:
            original, kind, similarity = self.superseded[item["url"]]
            item.update(dedup="duplicate", duplicate_of=original, duplicate_kind=kind, similarity=similarity)
        status = item["dedup"]
        alias = bool(item.get("fetched_url")) and item["fetched_url"] != item["url"]
        # A known article fetched again under another URL is that URL's duplicate, not an unchanged revisit.
        self.stats.inc_value("archive/duplicate" if alias and status == "unchanged" else f"archive/{status}")
        if status == "duplicate":
            self.queue("save_duplicate", {
                **{k: item.get(k) for k in ("url", "site", "title", "author", "published", "text", "content_hash")},
                "duplicate_of": item["duplicate_of"], "kind": item["duplicate_kind"],
                "similarity": item["similarity"], "first_seen": now, "last_seen": now, "crawl_id": crawl_id,
                **{k: item.get(k) for k in ("warc_file", "warc_offset", "warc_length")}})
            return
        if status == "unchanged":
            self.queue("touch_article", item["url"], now, crawl_id)
        else:
            row = {k: item.get(k) for k in ARTICLE_COLUMNS if k != "id"}
            row.update(first_seen=now, version_seen=now, last_seen=now, crawl_id=crawl_id)
            self.queue("save_article", row, item.get("minhash"))
        if item.get("supersedes"):
            self.superseded[item["supersedes"]] = (item["url"], item["duplicate_kind"], item["similarity"])
            self.queue("demote_article", item["supersedes"], item["url"], item["duplicate_kind"],
                       item["similarity"], crawl_id)
        if alias:
            self.queue("save_duplicate", {
                "url": item["fetched_url"], "site": item.get("site"), "title": item.get("title"),
                "duplicate_of": item["url"], "kind": "canonical", "similarity": 1.0,
                "content_hash": item.get("content_hash"), "first_seen": now, "last_seen": now,
                "crawl_id": crawl_id})

    @property
    def crawl_id(self) -> int | None:
        return self.stats.get_value(CRAWL_ID_STAT)

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
                    # An archived copy became a duplicate: articles added by a run are new minus superseded.
                    self.stats.inc_value("archive/superseded")
        self.stats.inc_value("archive/transactions")
        self.stats.inc_value("archive/writes", len(operations))
