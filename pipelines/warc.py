"""The WARC pipeline: every fetched article response is kept in the raw archive before anything looks at it."""

from __future__ import annotations

from scrapy.exceptions import NotConfigured

from pipelines.archive.warc import WarcWriter, warc_directory
from pipelines.extraction.page import RawPage


class WarcPipeline:
    """Writes each RawPage to the WARC files and records its location on the page (``pipelines.archive.warc``)."""

    def __init__(self, stats, directory: str, max_bytes: int):
        self.stats = stats
        self.writer = WarcWriter(directory, max_bytes)

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("WARC_ENABLED"):
            raise NotConfigured("WARC_ENABLED is off: raw pages are not kept")
        settings = crawler.settings
        directory = warc_directory(settings.get("ARCHIVE_DB"), settings.get("WARC_DIR"))
        return cls(crawler.stats, directory, settings.getint("WARC_MAX_BYTES"))

    def process_item(self, item):
        if isinstance(item, RawPage):
            item.warc_file, item.warc_offset, item.warc_length = self.writer.write(item)
            self.stats.inc_value("warc/records")
            self.stats.inc_value("warc/bytes", item.warc_length)
        return item

    def close_spider(self):
        self.writer.close()
