"""The WARC pipeline: every fetched article response is kept in the raw archive before anything looks at it."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from scrapy.exceptions import NotConfigured

from pipelines.archive.warc import WarcWriter, warc_directory
from pipelines.extraction.page import RawPage
from pipelines.not_archived import NotArchived
from pipelines.write_failure import stop_run

WARC_WRITE_FAILED = "warc_write_failed"  # the failed_pages reason of a page whose raw record could not be written


class WarcPipeline:
    """Writes each RawPage to the WARC files and records its location on the page (``pipelines.archive.warc``).

    The record's digests and gzip (a few ms of a heavy page) and the write run on one writer thread, in the order
    the pages come, so the reactor thread goes on downloading meanwhile (zlib and hashlib release the GIL). The
    page waits for its record: its location is set only once the record is wholly written, so a crawl killed at
    any moment has recorded no offset of a torn record.
    """

    def __init__(self, crawler, directory: str, max_bytes: int, gzip_level: int):
        self.crawler = crawler
        self.stats = crawler.stats
        self.writer = WarcWriter(directory, max_bytes, gzip_level=gzip_level)
        self.thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="warc-writer")

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("WARC_ENABLED"):
            raise NotConfigured("WARC_ENABLED is off: raw pages are not kept")
        settings = crawler.settings
        directory = warc_directory(settings.get("ARCHIVE_DB"), settings.get("WARC_DIR"))
        return cls(crawler, directory, settings.getint("WARC_MAX_BYTES"), settings.getint("WARC_GZIP_LEVEL"))

    async def process_item(self, item):
        if isinstance(item, RawPage):
            try:
                location = await asyncio.wrap_future(self.thread.submit(self.writer.write, item))
            except OSError as exc:  # disk full, I/O error: the writer has cut the partial record off
                self.stats.inc_value("archive/not_stored")
                self.stats.inc_value("archive/not_stored/warc")
                stop_run(self.crawler, f"WARC record of {item.url}", exc)
                raise NotArchived(WARC_WRITE_FAILED, item, str(exc)) from exc
            item.warc_file, item.warc_offset, item.warc_length = location
            self.stats.inc_value("warc/records")
            self.stats.inc_value("warc/bytes", item.warc_length)
        return item

    def close_spider(self):
        self.thread.shutdown(wait=True)
        self.writer.close()
