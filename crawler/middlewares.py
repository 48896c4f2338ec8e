"""Retries that wait as long as the server asks: Retry-After on 429/503, exponential backoff without one."""

from __future__ import annotations

import email.utils
import time
from datetime import datetime, timezone

from scrapy.downloadermiddlewares.retry import RetryMiddleware


def retry_after_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """Retry-After as seconds to wait: delta-seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    now = datetime.now(timezone.utc).timestamp() if now is None else now
    return max(0.0, when.timestamp() - now)


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's RetryMiddleware (which retries 429/503 at once), plus the pause the server asks for.

    On RETRY_BACKOFF_HTTP_CODES the domain's download slot is paused for the Retry-After delay or, without the
    header, for RETRY_BACKOFF_BASE * 2**(retries so far) seconds capped at RETRY_BACKOFF_MAX. Pausing the slot
    (not sleeping) holds back every request to that domain while other domains keep downloading. A Retry-After
    beyond RETRY_AFTER_MAX is not waited for: the request is given up and recorded as failed.
    """

    def __init__(self, settings):
        super().__init__(settings)
        self.backoff_codes = {int(code) for code in settings.getlist("RETRY_BACKOFF_HTTP_CODES")}
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE")
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX")
        self.retry_after_max = settings.getfloat("RETRY_AFTER_MAX")

    def process_response(self, request, response):
        if response.status not in self.backoff_codes or request.meta.get("dont_retry", False):
            return super().process_response(request, response)
        stats = self.crawler.stats
        wait = retry_after_seconds(response.headers.get("Retry-After"))
        if wait is None:
            wait = min(self.backoff_max, self.backoff_base * 2 ** request.meta.get("retry_times", 0))
            stats.inc_value("retry/backoff")
        elif wait > self.retry_after_max:
            stats.inc_value("retry/retry_after_too_long")
            self.pause_slot(request, self.backoff_max)
            return response
        else:
            stats.inc_value("retry/retry_after")
        self.pause_slot(request, wait)
        return super().process_response(request, response)

    def pause_slot(self, request, seconds: float) -> None:
        """No request leaves the request's download slot for ``seconds`` (Scrapy's own slot delay mechanism)."""
        downloader = self.crawler.engine.downloader
        slot = downloader.slots.get(downloader.get_slot_key(request))
        if slot is None or seconds <= 0:
            return
        slot.lastseen = max(slot.lastseen, time.monotonic() + seconds)
        if not slot.delay:
            slot.delay = 0.001  # the downloader only honours lastseen when the slot has a delay
