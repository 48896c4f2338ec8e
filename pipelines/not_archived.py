"""The drop of a page on purpose: a Scrapy DropItem that carries the FailedPage record the archive keeps.

One concept with two faces: the pipelines raise ``NotArchived`` (Scrapy counts the drop and sends
``item_dropped``), the store and the Redis hand-off record its ``failed_page`` in ``failed_pages``.
"""

from __future__ import annotations

from scrapy.exceptions import DropItem

from pipelines.archive import utc_now
from pipelines.extraction.page import FailedPage, RawPage


class NotArchived(DropItem):
    """A page dropped on purpose; ``reason`` is the short code recorded in the archive and the stats."""

    def __init__(self, reason: str, page: RawPage, detail: str = ""):
        super().__init__(f"{page.final_url} not archived: {reason}{' (' + detail + ')' if detail else ''}")
        self.reason = reason
        self.failed_page = FailedPage(url=page.final_url, site=page.site or "", reason=reason, status=page.status,
                                      detail=str(self), seen_at=page.fetched_at or utc_now())
