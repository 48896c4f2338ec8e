"""The WARC pipeline: every fetched article response is kept in the raw archive before anything looks at it."""

from __future__ import annotations

from scrapy.exceptions import NotConfigured

from pipelines.archive.warc import WarcWriter, encode_record, warc_directory
from pipelines.extraction.page import RawPage
from pipelines.not_archived import NotArchived
from pipelines.workers import WorkerCrashed, pool_for
from pipelines.write_failure import stop_run

WARC_WRITE_FAILED = "warc_write_failed"  # the failed_pages reason of a page whose raw record could not be written


class WarcPipeline:
    """Writes each RawPage to the WARC files and records its location on the page (``pipelines.archive.warc``).

    The record's digests and gzip (about 3.5 ms of CPU per real page) are made by a process of the crawl's worker
    pool (``pipelines.workers``), the one that analyses the pages, so the crawler process only appends the bytes it
    gets back; without a pool (``WORKER_PROCESSES = 0``) they are made here. Records are appended in the order they
    come back, on the reactor thread, with one ``write`` each. The page's location is set only once its record is
    wholly written, so a crawl killed at any moment has recorded no offset of a torn record.
    """

    def __init__(self, crawler, directory: str, max_bytes: int, gzip_level: int, pool=None):
        self.crawler = crawler
        self.stats = crawler.stats
        self.writer = WarcWriter(directory, max_bytes, gzip_level=gzip_level)
        self.gzip_level = gzip_level
        self.pool = pool

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("WARC_ENABLED"):
            raise NotConfigured("WARC_ENABLED is off: raw pages are not kept")
        settings = crawler.settings
        directory = warc_directory(settings.get("ARCHIVE_DB"), settings.get("WARC_DIR"))
        return cls(crawler, directory, settings.getint("WARC_MAX_BYTES"), settings.getint("WARC_GZIP_LEVEL"),
                   pool_for(crawler))

    async def process_item(self, item):
        if isinstance(item, RawPage):
            record = await self.encoded(item)
            try:
                location = self.writer.append(record)
            except OSError as exc:  # disk full, I/O error: the writer has cut the partial record off
                self.stats.inc_value("archive/not_stored")
                self.stats.inc_value("archive/not_stored/warc")
                stop_run(self.crawler, f"WARC record of {item.url}", exc)
                raise NotArchived(WARC_WRITE_FAILED, item, str(exc)) from exc
            item.warc_file, item.warc_offset, item.warc_length = location
            self.stats.inc_value("warc/records")
            self.stats.inc_value("warc/bytes", item.warc_length)
        return item

    async def encoded(self, page: RawPage) -> bytes:
        """The page's gzip record, from a worker process when the crawl has a pool."""
        if self.pool is None:
            return encode_record(page, self.gzip_level)
        try:
            # Untagged: WORKER_CRASH_ON_URL stands for a page that kills the worker analysing it, not zlib.
            return await self.pool.run(encode_record, page, self.gzip_level)
        except WorkerCrashed:  # no worker could make it (the pool closed, its quarantine worker died): made here,
            self.stats.inc_value("warc/encoded_in_crawler")  # as every fetched page is kept
            return encode_record(page, self.gzip_level)

    def close_spider(self):
        self.writer.close()
