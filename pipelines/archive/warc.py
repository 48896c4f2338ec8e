"""The raw archive: every fetched article response, kept as it came, in standard WARC files (warcio).

Why WARC rather than compressed blobs in SQLite: WARC is the archival standard (readable by pywb, warcio,
the Internet Archive's tools), append-only files survive a killed crawl with at most one torn record at the
end, and the SQLite file stays small enough to browse and back up. Each article row stores the record's
location (file, offset, length), so one record is read back with a single seek.

Files are gzip WARCs under ``WARC_DIR``, rotated when they pass ``WARC_MAX_BYTES`` or the UTC day changes; a new
run always starts a new file, so a file is never appended to after a crash. Each record is one gzip member, as
warcio writes them, compressed at ``WARC_GZIP_LEVEL`` (warcio's own writer always uses level 9) and written with a
single ``write``: ``encode_record`` is the CPU part (digests and gzip: a pure function of the page, so the crawl runs
it in a worker process, ``pipelines.warc``), ``WarcWriter.append`` the rotation and the write.
"""

from __future__ import annotations

import logging
import os
import zlib
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipelines.extraction.page import RawPage

logger = logging.getLogger(__name__)

# Headers that describe the transfer, not the stored body (Scrapy has already decoded it).
TRANSFER_HEADERS = {"content-length", "content-encoding", "transfer-encoding"}
SITE_HEADER = "WARC-X-Site"  # which registry site the page was fetched for (an extension field)
# zlib level of the records. On the 105 real pages of ../shared/eval (one core, per page): level 9 (warcio's) 4.9 ms
# and 29.6 KiB, 6: 3.0 ms and +0.7%, 4: 1.8 ms and +5.4%, 1: 1.2 ms and +19%.
DEFAULT_GZIP_LEVEL = 4
GZIP_MEMBER = zlib.MAX_WBITS | 16  # a gzip header and trailer around each record, as warcio's GzippingWrapper


def compressed(record, gzip_level: int) -> bytes:
    """One record as one gzip member."""
    buffer = BytesIO()
    WARCWriter(buffer, gzip=False).write_record(record)
    compressor = zlib.compressobj(gzip_level, zlib.DEFLATED, GZIP_MEMBER)
    return compressor.compress(buffer.getvalue()) + compressor.flush()


def encode_record(page: RawPage, gzip_level: int = DEFAULT_GZIP_LEVEL) -> bytes:
    """The gzip-compressed response record of one page, ready for ``WarcWriter.append``: a pure function of the page
    (touches no file), run by the crawl in a worker process."""
    headers = [(k, v) for k, v in page.headers.items() if k.lower() not in TRANSFER_HEADERS]
    http_headers = StatusAndHeaders(f"{page.status} OK", headers, protocol="HTTP/1.1")
    record = WARCWriter(None).create_warc_record(
        page.final_url, "response", payload=BytesIO(page.body), http_headers=http_headers,
        warc_headers_dict={"WARC-Date": page.fetched_at.replace("+00:00", "Z"), SITE_HEADER: page.site})
    return compressed(record, gzip_level)


class WarcWriter:
    """Appends response records to rotating gzip WARC files; returns each record's location."""

    def __init__(self, directory: str | Path, max_bytes: int, software: str = "provincial-news-archive",
                 gzip_level: int = DEFAULT_GZIP_LEVEL):
        self.directory = Path(directory)
        self.max_bytes = max_bytes
        self.software = software
        self.gzip_level = gzip_level
        self.file = None
        self.path: Path | None = None
        self.day: str | None = None
        self.serial = 0

    def _open(self, now: datetime) -> None:
        self.close()
        self.directory.mkdir(parents=True, exist_ok=True)
        self.serial += 1
        self.day = now.strftime("%Y%m%d")
        name = f"news-{now.strftime('%Y%m%d%H%M%S')}-{os.getpid()}-{self.serial:05d}.warc.gz"
        self.path = self.directory / name
        self.file = self.path.open("xb", buffering=0)  # unbuffered: a failed write leaves nothing to flush later
        warcinfo = WARCWriter(None).create_warcinfo_record(name, {"software": self.software, "format": "WARC/1.1"})
        self._write_all(compressed(warcinfo, self.gzip_level))

    def append(self, record: bytes) -> tuple[str, int, int]:
        """Append one encoded record; (file name, offset, length) once it is wholly written."""
        now = datetime.now(timezone.utc)
        if self.file is None or self.file.tell() >= self.max_bytes or now.strftime("%Y%m%d") != self.day:
            self._open(now)
        offset = self.file.tell()
        try:
            self._write_all(record)
        except OSError:
            self._cut_back(offset)
            raise
        return self.path.name, offset, self.file.tell() - offset

    def _write_all(self, data: bytes) -> None:
        """An unbuffered file may take part of a write: go on until all of it is written (or an OSError)."""
        view = memoryview(data)
        while view:
            view = view[self.file.write(view):]

    def write(self, page: RawPage) -> tuple[str, int, int]:
        """Write one response record; (file name, offset, length)."""
        return self.append(encode_record(page, self.gzip_level))

    def _cut_back(self, offset: int) -> None:
        """After a failed write (disk full, I/O error), drop the partial record so that the file ends on a record
        boundary and every offset recorded in the archive stays readable; the next write starts a new file."""
        file, self.file = self.file, None
        try:
            os.ftruncate(file.fileno(), offset)
        finally:
            file.close()

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None


def read_record(directory: str | Path, file: str, offset: int) -> RawPage:
    """The RawPage stored at one WARC location (a single seek, no scan)."""
    with (Path(directory) / file).open("rb") as stream:
        stream.seek(offset)
        page = record_to_page(next(iter(ArchiveIterator(stream))))
        page.warc_file, page.warc_offset = file, offset
        return page


def iter_pages(directory: str | Path):
    """Every RawPage (with its WARC location) in the WARC files of a directory, in the order they were written.

    A file cut short by a killed crawl ends in a torn record: the records before it are read, the rest logged.
    """
    for path in sorted(Path(directory).glob("*.warc.gz"), key=lambda p: p.name):
        with path.open("rb") as stream:
            iterator = ArchiveIterator(stream)
            try:
                for record in iterator:
                    if record.rec_type == "response":
                        page = record_to_page(record)
                        page.warc_file, page.warc_offset = path.name, iterator.get_record_offset()
                        page.warc_length = iterator.get_record_length()
                        yield page
            except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as exc:
                logger.warning("WARC file %s ends in a damaged record (%s); later records skipped", path.name, exc)


def record_to_page(record) -> RawPage:
    url = record.rec_headers.get_header("WARC-Target-URI")
    return RawPage(
        url=url, final_url=url, status=int(record.http_headers.get_statuscode()),
        headers=dict(record.http_headers.headers), body=record.content_stream().read(),
        fetched_at=record.rec_headers.get_header("WARC-Date").replace("Z", "+00:00"),
        site=record.rec_headers.get_header(SITE_HEADER) or "")


def warc_directory(archive_db: str | Path, warc_dir: str | Path | None = None) -> Path:
    """``warc_dir`` if given (WARC_DIR), else the ``warc`` directory beside the archive database: the one rule for
    the crawler, re-extraction and Datasette's raw-page view."""
    return Path(warc_dir) if warc_dir else Path(archive_db).parent / "warc"
