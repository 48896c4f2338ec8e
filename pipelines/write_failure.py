"""A write to the archive that failed stops the run, loudly.

A full disk or an I/O error does not go away by itself, and a crawl that goes on fetching pages it cannot keep
only turns them into losses. So the first failed write (SQLite transaction or WARC record) closes the spider with
``ARCHIVE_WRITE_FAILED``: the run's outcome is then not "finished" (``python -m crawler.run`` exits 1), every
page that was not stored is counted (``archive/not_stored`` and ``archive/not_stored/<reason>``), and the error is
logged with what was lost. What was committed before stays: SQLite rolls back only the failed transaction and
the WARC writer cuts the partial record off.
"""

from __future__ import annotations

import logging

from scrapy.utils.defer import deferred_from_coro

logger = logging.getLogger(__name__)

ARCHIVE_WRITE_FAILED = "archive_write_failed"  # the spider's close reason, and so the run's outcome


def stop_run(crawler, what: str, error: Exception) -> None:
    """Log the failed write and close the spider (once: later failures of the same run are only counted)."""
    crawler.stats.inc_value("archive/write_failed")
    if crawler.stats.get_value("archive/write_failed") > 1:
        return
    logger.error("Archive write failed (%s): %s; the run stops, and the pages not stored are counted in "
                 "archive/not_stored", what, error)
    engine = crawler.engine
    if engine is not None and engine.spider is not None:
        deferred_from_coro(engine.close_spider_async(reason=ARCHIVE_WRITE_FAILED))
