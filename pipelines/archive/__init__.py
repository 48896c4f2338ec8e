"""The archive floor: the SQLite schema and its migrations, reads and writes, the writer lock, search folding,
WARC reading and writing. Imports neither Scrapy nor the crawler: Datasette, the benches and the command-line
tools use it as they find it."""

from pipelines.archive.database import Archive, ArchiveUnusable, utc_now
from pipelines.archive.lock import ArchiveLocked, exclusive
from pipelines.archive.schema import ARTICLE_COLUMNS

__all__ = ["ARTICLE_COLUMNS", "Archive", "ArchiveLocked", "ArchiveUnusable", "exclusive", "utc_now"]
