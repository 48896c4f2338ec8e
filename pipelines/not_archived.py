"""The outcome of a page the pipelines drop on purpose: a reason code the archive records in ``failed_pages``.

Its own module because every pipeline step raises it (extraction, language detection, deduplication) and the
store and the Redis hand-off record it.
"""

from __future__ import annotations

from scrapy.exceptions import DropItem

from crawler.items import FailedPage
from pipelines.archive import utc_now


class NotArchived(DropItem):
    """A page dropped on purpose; ``reason`` is the short code recorded in the archive and the stats."""

    def __init__(self, reason: str, url: str, detail: str = ""):
        super().__init__(f"{url} not archived: {reason}{' (' + detail + ')' if detail else ''}")
        self.reason = reason
        self.url = url

    @classmethod
    def worker_crashed(cls, url: str, crash: Exception) -> NotArchived:
        """The drop of a page whose worker process died on it (pipelines/workers.py ``WorkerCrashed``)."""
        return cls("worker_crashed", url, str(crash)[:200])

    def failed_page(self, item) -> FailedPage:
        """The record of the dropped page, as the archive keeps it."""
        site = getattr(item, "site", None) or (item.get("site") if isinstance(item, dict) else None)
        return FailedPage(url=self.url, site=site or "", reason=self.reason, status=getattr(item, "status", None),
                          detail=str(self), seen_at=getattr(item, "fetched_at", None) or utc_now())
