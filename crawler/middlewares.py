"""The crawl's middlewares.

- ``RetryAfterMiddleware`` (downloader): retries that wait as long as the server asks (Retry-After on 429/503,
  exponential backoff without one).
- ``ArchivedArticlesMiddleware`` (spider, in the spirit of scrapy-deltafetch): article requests for what the
  archive holds are dropped, recent articles revisited with conditional requests. Single machine only: the
  distributed settings leave it out (the shared duplicate filter plays its part there).
- ``ArticleBudgetMiddleware`` (spider): at most ``-a max_articles=N`` article requests per site.
"""

from __future__ import annotations

import email.utils
import time
from collections import Counter
from datetime import datetime, timezone

from scrapy import Request, signals
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import NotConfigured

from pipelines.archive import Archive


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


def is_article_request(item) -> bool:
    """Article requests carry the key of their site (``NewsSpider.article_request``); discovery requests do not."""
    return isinstance(item, Request) and "site" in item.meta


class ArticleRequestGate:
    """A spider middleware that passes, changes or drops each article request (``admit``) and leaves every other
    output of the spider alone; sync and async spider output alike."""

    def admit(self, request: Request) -> Request | None:
        raise NotImplementedError

    def process_spider_output(self, response, result):
        for item in result:
            item = self.admit(item) if is_article_request(item) else item
            if item is not None:
                yield item

    async def process_spider_output_async(self, response, result):
        async for item in result:
            item = self.admit(item) if is_article_request(item) else item
            if item is not None:
                yield item


class ArchivedArticlesMiddleware(ArticleRequestGate):
    """Article URLs the archive holds (articles, their fetched aliases, duplicates) are not fetched again, except
    articles published in the last ``REVISIT_DAYS`` days, which are requested with their validators
    (If-None-Match / If-Modified-Since) so that an unchanged page answers 304. ``INCREMENTAL = False`` turns it off.
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.archive_path = crawler.settings.get("ARCHIVE_DB")
        self.revisit_days = crawler.settings.getfloat("REVISIT_DAYS")
        self.archived: set[str] = set()
        self.revisit: dict[str, dict[str, str]] = {}

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("INCREMENTAL"):
            raise NotConfigured("INCREMENTAL is off: archived articles are fetched again")
        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware

    def spider_opened(self, spider):
        archive = Archive(self.archive_path)
        try:
            self.archived = archive.known_urls()
            self.revisit = archive.revisit_validators(self.revisit_days)
        finally:
            archive.close()
        spider.logger.info("Archive holds %d URLs; %d recent articles will be revisited",
                           len(self.archived), len(self.revisit))

    def admit(self, request: Request) -> Request | None:
        stats = self.crawler.stats
        if request.url in self.revisit:
            stats.inc_value("incremental/revisited")
            return request.replace(headers=self.revisit[request.url], dont_filter=True,
                                   meta={**request.meta, "handle_httpstatus_list": [304]})
        if request.url in self.archived:
            stats.inc_value("incremental/skipped_archived")
            stats.inc_value(f"incremental/skipped_archived/{request.meta['site']}")
            return None
        return request


class ArticleBudgetMiddleware(ArticleRequestGate):
    """Caps the article requests per site at the spider's ``max_articles`` (0: no cap); the spider asks
    ``exhausted`` to stop reading a site's discovery URLs once its budget is spent."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.requested: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def exhausted(self, site: str) -> bool:
        limit = getattr(self.crawler.spider, "max_articles", 0)
        return bool(limit) and self.requested[site] >= limit

    def admit(self, request: Request) -> Request | None:
        site = request.meta["site"]
        if self.exhausted(site):
            self.crawler.stats.inc_value("articles/skipped_max_articles")
            return None
        self.requested[site] += 1
        return request
