"""The crawl's middlewares.

- ``OffsiteMiddleware`` (downloader): Scrapy's off-site filter, applied to every request, ``dont_filter`` ones
  and redirects included: the crawl never leaves the registered domains.
- ``RobotsTxtMiddleware`` (downloader): Scrapy's, reading a robots.txt that cannot be fetched (timeout, 5xx,
  too large) as "disallow all" (RFC 9309), not "allow all"; ``CrawlDelayMiddleware`` honours its ``Crawl-delay``.
- ``RetryAfterMiddleware`` (downloader): retries that wait as long as the server asks (Retry-After on 429/503,
  exponential backoff without one).
- ``MetaRefreshMiddleware`` (downloader): Scrapy's, decoding only the head of a page to look for the tag.
- ``ArchivedArticlesMiddleware`` (spider, in the spirit of scrapy-deltafetch): article requests for what the
  archive holds are dropped, recent articles revisited with conditional requests. Single machine only: the
  distributed settings leave it out (the shared duplicate filter plays its part there).
- ``ArticleBudgetMiddleware`` (spider): at most ``-a max_articles=N`` article requests per site.
"""

from __future__ import annotations

import email.utils
import logging
import time
from collections import Counter
from datetime import datetime, timedelta, timezone

from scrapy import Request, signals
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware as ScrapyOffsiteMiddleware
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware as ScrapyMetaRefreshMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.httpobj import urlparse_cached

from pipelines.archive import Archive

logger = logging.getLogger(__name__)


class OffsiteMiddleware(ScrapyOffsiteMiddleware):
    """Scrapy's off-site filter without its ``dont_filter`` exemption.

    The spider sets ``dont_filter`` to bypass the duplicate filter (see ``NewsSpider.start``), and Scrapy's filter
    reads the same flag as "allowed off-site", which a redirect inherits: a registered site's page redirecting to
    any host (an internal address included) was then fetched and archived. Off-site is a question of the domain
    alone; only the explicit ``allow_offsite`` meta key lets a request out.
    """

    def request_scheduled(self, request: Request, spider=None) -> None:
        """No check when a request is scheduled, where a refusal drops it without a trace: the download check
        (``process_request``) refuses it with ``IgnoreRequest``, which reaches the request's errback, so an off-site
        redirect is recorded in ``failed_pages`` (reason ``offsite``)."""

    def process_request(self, request: Request, spider=None) -> None:
        return super().process_request(request.replace(dont_filter=False) if request.dont_filter else request)


class DisallowAll:
    """The robots.txt rules of a site whose robots.txt could not be read: nothing may be fetched (RFC 9309 §2.3.1.4,
    "unreachable"), for this run; its pages are recorded as ``robots`` and tried again by the next run."""

    def allowed(self, url, user_agent) -> bool:
        return False

    def crawl_delay(self, user_agent) -> None:
        return None


class RobotsTxtMiddleware(ScrapyRobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, except that a robots.txt that timed out, failed, was too large
    (``DOWNLOAD_MAXSIZE``) or answered a server error means "disallow all", where Scrapy allows everything."""

    SERVER_ERROR = 500

    async def _parse_robots(self, response, netloc: str, request: Request) -> None:
        if response.status >= self.SERVER_ERROR:
            self._robots_error(IgnoreRequest(f"robots.txt answered HTTP {response.status}"), netloc)
            return
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        self._stats.inc_value("robotstxt/unreachable")
        logger.warning("robots.txt of %s could not be read (%s): nothing of that host is fetched in this run",
                       netloc, exc)
        waiting = self._parsers[netloc]
        self._parsers[netloc] = DisallowAll()
        waiting.callback(self._parsers[netloc])


class CrawlDelayMiddleware:
    """A robots.txt ``Crawl-delay`` becomes the least delay between two requests to its host (capped at
    ``CRAWL_DELAY_MAX`` seconds), which AutoThrottle then does not lower. Scrapy parses the field and ignores it."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.max_delay = crawler.settings.getfloat("CRAWL_DELAY_MAX")
        self.user_agent = crawler.settings.get("ROBOTSTXT_USER_AGENT") or crawler.settings.get("USER_AGENT")
        self.delays: dict[str, float] = {}  # host -> seconds

    @classmethod
    def from_crawler(cls, crawler):
        middleware = cls(crawler)
        crawler.signals.connect(middleware.robots_parsed, signal=signals.robots_parsed)
        return middleware

    def robots_parsed(self, robotparser, request) -> None:
        delay = robotparser.crawl_delay(self.user_agent)
        if delay:
            host = urlparse_cached(request).hostname
            self.delays[host] = min(float(delay), self.max_delay)
            self.crawler.stats.set_value(f"robotstxt/crawl_delay/{host}", self.delays[host])

    def process_request(self, request: Request, spider=None) -> None:
        delay = self.delays.get(urlparse_cached(request).hostname)
        if delay is None:
            return
        request.meta["autothrottle_dont_adjust_delay"] = True
        downloader = self.crawler.engine.downloader
        slot = downloader.slots.get(downloader.get_slot_key(request))
        if slot is not None and slot.delay < delay:
            slot.delay, slot.randomize_delay = delay, False


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


# Bytes of a page that hold its first 4,096 characters (the part Scrapy's get_meta_refresh and get_base_url read)
# in any encoding: at most 4 bytes per character.
META_REFRESH_HEAD_BYTES = 4 * 4096


class MetaRefreshMiddleware(ScrapyMetaRefreshMiddleware):
    """Scrapy's meta-refresh redirects, looking for the tag in the head of the page only.

    Scrapy's lookup reads the first 4,096 characters of ``response.text``, which decodes the whole page first:
    0.6 ms of reactor CPU per real news page (median 100 KiB), for every article, whose text the crawl never
    decodes in this process. Here it is given a copy of the response cut to the bytes of those characters; the
    answer (this response, or the redirected request) is the one the whole page gives.
    """

    def process_response(self, request: Request, response, spider=None):
        if len(response.body) <= META_REFRESH_HEAD_BYTES:
            return super().process_response(request, response)
        head = response.replace(body=response.body[:META_REFRESH_HEAD_BYTES])
        result = super().process_response(request, head)
        return response if result is head else result


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

    Nothing is loaded when the spider opens: each article request is looked up in the archive by its URL, which
    the spider has already normalised (``normalize_url``, the key the store records as ``fetched_url``), with
    indexed searches (``Archive.revisit_headers``, ``Archive.is_archived``), so memory and the time to the first
    request do not grow with the archive. A URL stored earlier in the same run is seen as archived too.
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.archive_path = crawler.settings.get("ARCHIVE_DB")
        self.revisit_days = crawler.settings.getfloat("REVISIT_DAYS")
        self.archive: Archive | None = None
        self.revisit_since = ""

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("INCREMENTAL"):
            raise NotConfigured("INCREMENTAL is off: archived articles are fetched again")
        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_opened(self, spider):
        self.archive = Archive(self.archive_path)
        since = datetime.now(timezone.utc) - timedelta(days=self.revisit_days)
        self.revisit_since = since.isoformat(timespec="seconds")
        spider.logger.info("Article URLs are looked up in the archive as they are found; articles published "
                           "since %s are revisited", self.revisit_since)

    def spider_closed(self, spider):
        if self.archive is not None:  # None when the spider closed before it opened (a start-up failure)
            self.archive.close()

    def admit(self, request: Request) -> Request | None:
        stats = self.crawler.stats
        stats.inc_value("incremental/lookups")
        headers = self.archive.revisit_headers(request.url, self.revisit_since)
        if headers is not None:
            stats.inc_value("incremental/revisited")
            return request.replace(headers=headers, dont_filter=True,
                                   meta={**request.meta, "handle_httpstatus_list": [304]})
        if self.archive.is_archived(request.url):
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
