"""The one generic spider: discovers article URLs of registered (or ad-hoc) news sites and fetches them.

Discovery reads sitemaps (Scrapy's SitemapSpider machinery: robots.txt, sitemap indexes, gzip), RSS/Atom feeds
and section pages with their "next page" links. Each start URL is sniffed, so a registry entry or ``-a url=``
may point at any of the three. The spider does no extraction: it yields one RawPage per article response and one
FailedPage per article it could not fetch.

Run limits: ``-a since=YYYY-MM-DD -a until=YYYY-MM-DD`` skip child sitemaps and articles whose dates (sitemap
lastmod / news:publication_date, feed dates, dates in URLs) fall outside the window, before fetching them;
``-a max_articles=N`` caps the article requests per site.

Two spider middlewares act on the article requests the spider yields (``crawler.middlewares``):
``ArchivedArticlesMiddleware`` drops what the archive holds and makes revisits of recent articles conditional
(single-machine runs only), then ``ArticleBudgetMiddleware`` enforces ``max_articles``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import AsyncIterator, Iterable
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.spiders import SitemapSpider
from scrapy.utils.gz import gzip_magic_number
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from twisted.internet.error import DNSLookupError, TCPTimedOutError, TimeoutError as TwistedTimeoutError

from crawler.dates import DateWindow, parse_bound, parse_date
from crawler.middlewares import ArticleBudgetMiddleware
from crawler.registry import RegistryError, Site, adhoc_site, load_registry
from crawler.site_yields import ANSWERED, CANDIDATES, REQUESTED
from pipelines.extraction.page import FailedPage, NotModified, RawPage
from pipelines.extraction.urls import normalize_url

FEED_ROOT_RE = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
SITEMAP_ROOT_RE = re.compile(rb"<(urlset|sitemapindex)[\s>]", re.IGNORECASE)
# The totals kept from before per-reason rejection stats (README "Troubleshooting" and tests read them).
LEGACY_REJECTION_STATS = {"pattern": "discovery/ignored_url", "offsite": "discovery/ignored_url",
                          "date": "discovery/skipped_by_date"}
# Pattern rejections of sitemap/feed entries recorded in failed_pages per site and run; the rest are counted.
LISTED_REJECTIONS_RECORDED = 20
# Rejected article URLs logged at INFO per site and reason; the rest are only counted (stats).
REJECTIONS_LOGGED = 5
FAILURE_DETAIL_CHARS = 500  # of an error message kept in failed_pages.detail
NEXT_PAGE_TEXT = re.compile(r"^\s*(next|next page|trang sau|trang tiếp|tiếp|sau|xem thêm|›|»|>>?)\s*$", re.I)


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class NewsSitemap(Sitemap):
    """Scrapy's sitemap parser, keeping the news:publication_date that it flattens away with <news:news>."""

    __slots__ = ()

    def _process_sitemap_element(self, elem):
        published = next((el.text for el in elem.iter() if isinstance(el.tag, str)
                          and el.tag.rpartition("}")[2] == "publication_date"), None)
        entry = super()._process_sitemap_element(elem)
        if entry is not None and published:
            entry["publication_date"] = published.strip()
        return entry


class NewsSpider(SitemapSpider):
    name = "news"
    sitemap_rules = [("", "parse_article")]

    def __init__(self, sites: str | None = None, url: str | None = None, since: str | None = None,
                 until: str | None = None, max_articles: str | int | None = None, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._sites_arg = sites
        self._url_arg = url
        self.run_args = {name: value for name, value in (("sites", sites), ("url", url), ("since", since),
                                                         ("until", until), ("max_articles", max_articles)) if value}
        self.window = DateWindow(parse_bound("since", since), parse_bound("until", until))
        self.max_articles = int(max_articles or 0)  # 0: no limit (ArticleBudgetMiddleware reads it)
        self.sites: dict[str, Site] = {}
        self.seen: set[str] = set()  # URLs requested in this run (see start() on why not the dupefilter)
        self.rejections: Counter[tuple[str, str]] = Counter()  # (reason, site) -> article URLs rejected
        self.listed_rejections: Counter[str] = Counter()  # site -> sitemap/feed entries rejected by its pattern

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.sites = spider._select_sites(crawler.settings.get("SITES_REGISTRY"))
        spider.allowed_domains = sorted({d for site in spider.sites.values() for d in site.domains})
        spider.section_max_pages = crawler.settings.getint("SECTION_MAX_PAGES")
        spider.shared_dupefilter = crawler.settings.getbool("SHARED_DUPEFILTER")
        return spider

    def _select_sites(self, registry_path: str) -> dict[str, Site]:
        """The sites this run crawls: an ad-hoc URL, a ``sites=a,b`` subset, or the whole registry."""
        if self._url_arg:
            site = adhoc_site(self._url_arg)
            return {site.key: site}
        registry = load_registry(registry_path)
        if not self._sites_arg:
            return registry
        wanted = [key.strip() for key in self._sites_arg.split(",") if key.strip()]
        unknown = [key for key in wanted if key not in registry]
        if unknown:
            raise RegistryError(f"unknown site keys {unknown}; registered: {sorted(registry)}")
        return {key: registry[key] for key in wanted}

    # --- discovery ----------------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Any]:
        """Discovery URLs of every site, interleaved so that every domain gets requests from the start.

        Requests bypass Scrapy's dupefilter (``dont_filter``) in favour of the spider's own ``seen`` set: with
        a JOBDIR the dupefilter persists across a kill, and would then hide the pages that were fetched but
        not yet committed; re-running discovery on restart finds them again, and the archive skips the rest.
        With ``SHARED_DUPEFILTER`` (scrapy-redis) article requests go through the shared filter instead, so that
        one worker among many fetches each article; discovery URLs are always read afresh.
        """
        queues = [[*site.sitemaps, *site.feeds, *site.start_urls] for site in self.sites.values()]
        while any(queues):
            for queue in queues:
                if queue:
                    for request in self.discovery_request(queue.pop(0), section_pages=0):
                        yield request

    def discovery_request(self, url: str, section_pages: int) -> Iterable[Request]:
        if url in self.seen:
            return
        try:
            site = self.site_for(url)
        except ValueError as exc:
            self.crawler.stats.inc_value("discovery/malformed_url")
            self.logger.warning("Discovery URL %r ignored: not a valid URL (%s)", url, exc)
            return
        budget = self.crawler.get_spider_middleware(ArticleBudgetMiddleware)
        if site and budget is not None and budget.exhausted(site.key):
            self.crawler.stats.inc_value("discovery/skipped_max_articles")
            return
        self.seen.add(url)
        yield Request(url, callback=self.parse_discovery, errback=self.discovery_failed, dont_filter=True,
                      meta={"section_pages": section_pages})

    def site_for(self, url: str) -> Site | None:
        return next((site for site in self.sites.values() if site.owns(url)), None)

    def parse_discovery(self, response: Response) -> Iterable[Any]:
        """Sniff a discovery URL: robots.txt or sitemap, RSS/Atom feed, or an HTML section page."""
        site = self.site_for(response.url)
        if site:
            self.crawler.stats.inc_value(f"{ANSWERED}/{site.key}")
        kind = discovery_kind(response)
        self.crawler.stats.inc_value(f"discovery/{kind}")
        if kind == "sitemap":
            yield from self._parse_sitemap(response)
        elif kind == "feed":
            yield from self.parse_feed(response)
        elif kind == "section":
            yield from self.parse_section(response)
        else:
            self.logger.warning("Discovery URL %s is neither a sitemap, a feed nor HTML; ignored", response.url)

    def _parse_sitemap(self, response: Response) -> Iterable[Request | FailedPage]:
        """robots.txt, a sitemap index or a urlset (plain or gzip): child sitemaps go back through the sniffer,
        article URLs to ``article_request`` with their sitemap dates."""
        if response.url.endswith("/robots.txt"):
            for url in sitemap_urls_from_robots(response.body, base_url=response.url):
                yield from self.discovery_request(url, section_pages=0)
            return
        body = self._get_sitemap_body(response)
        if body is None and SITEMAP_ROOT_RE.search(response.body[:2048]):
            body = response.body  # a sitemap served as text/html or without an .xml name
        try:
            sitemap = NewsSitemap(body or b"")
        except Exception:  # lxml: empty or not XML at all
            sitemap = None
        if sitemap is None or sitemap.type not in ("sitemapindex", "urlset"):
            self.logger.warning("Ignoring invalid sitemap %s", response.url)
            self.crawler.stats.inc_value("discovery/invalid_sitemap")
            yield self.discovery_failure(response.url, "invalid_sitemap", response.status,
                                         f"not a sitemap, or larger than SITEMAP_MAX_SIZE ({len(response.body)} bytes)")
            return
        for entry in self.sitemap_filter(sitemap):
            if sitemap.type == "sitemapindex":
                yield from self.discovery_request(entry["loc"], section_pages=0)
            else:
                yield from self.article_request(entry["loc"], published=entry.get("publication_date"),
                                                modified=entry.get("lastmod"), listed=True)

    def sitemap_filter(self, entries: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
        """Child sitemaps of an index unless their file-name date or lastmod is outside the date window (daily
        and monthly sitemaps are skipped unread); every urlset entry, for ``article_request`` to judge and count."""
        is_index = getattr(entries, "type", None) == "sitemapindex"
        for entry in entries:
            loc = entry.get("loc", "")
            if is_index:
                if self.window.admits(loc, modified=parse_date(entry.get("lastmod"))):
                    yield entry
                else:
                    self.crawler.stats.inc_value("discovery/sitemap_skipped_by_date")
                continue
            yield entry  # article_request applies (and counts) the article gates

    def parse_feed(self, response: Response) -> Iterable[Request | FailedPage]:
        """RSS 2.0, RSS 1.0 and Atom: every item link, an article candidate of a crawled site."""
        selector = response.selector
        selector.remove_namespaces()
        for item in selector.xpath("//item | //entry"):
            link = item.xpath("link/text()").get("").strip() or \
                item.xpath("link[not(@rel) or @rel='alternate']/@href").get("").strip()
            if link:
                yield from self.article_request(
                    link, base=response.url,
                    published=item.xpath("pubDate/text() | published/text() | date/text()").get(),
                    modified=item.xpath("updated/text()").get(), listed=True)

    def parse_section(self, response: Response) -> Iterable[Request]:
        """A section (listing) page: its article links, and its "next page" link within the page budget."""
        site = self.site_for(response.url)
        if site is None:
            return
        for link in LinkExtractor(unique=True).extract_links(response):
            if site.owns(link.url):  # links to other sites are not this site's listing; the pattern is counted
                yield from self.article_request(link.url)
        pages = response.meta.get("section_pages", 0)
        next_url = self.next_page_url(response)
        if next_url and site.owns(next_url) and pages + 1 < self.section_max_pages:
            self.crawler.stats.inc_value("discovery/next_page")
            yield from self.discovery_request(next_url, section_pages=pages + 1)

    @staticmethod
    def next_page_url(response: TextResponse) -> str | None:
        href = response.css('link[rel="next"]::attr(href), a[rel="next"]::attr(href)').get()
        if not href:
            for anchor in response.css("a[href]"):
                text = " ".join(anchor.css("::text").getall())
                if NEXT_PAGE_TEXT.match(text) or NEXT_PAGE_TEXT.match(anchor.attrib.get("title", "")):
                    href = anchor.attrib["href"]
                    break
        return response.urljoin(href) if href else None

    def article_request(self, url: str, published: str | None = None, modified: str | None = None,
                        listed: bool = False, base: str | None = None) -> Iterable[Request | FailedPage]:
        """The spider's gate for article URLs: the site's pattern, the date window, once per run. The archive and
        the article budget are the middlewares' gates (see the module docstring).

        A ``listed`` URL (a sitemap urlset or feed entry) is an article candidate: only a pattern the registry
        declares filters it, and such rejections are recorded in ``failed_pages`` too (the first
        ``LISTED_REJECTIONS_RECORDED`` per site)."""
        try:
            url = normalize_url(urljoin(base, url) if base else url)
            site = self.site_for(url)
        except ValueError as exc:  # "http://[bad", ...: one broken entry must not end the file's parsing
            self.reject(url, "malformed", "-", f"not a valid URL ({exc})")
            return
        if site is None:
            self.reject(url, "offsite", urlsplit(url).hostname or "-", "not on any crawled site's domains")
            return
        self.crawler.stats.inc_value(f"{CANDIDATES}/{site.key}")
        if not site.is_article_url(url, listed=listed):
            rule = f"article_pattern {site.article_re.pattern!r}"
            self.reject(url, "pattern", site.key, rule)
            self.listed_rejections[site.key] += listed
            if listed and self.listed_rejections[site.key] <= LISTED_REJECTIONS_RECORDED:
                yield FailedPage(url=url, site=site.key, reason="pattern", detail=f"listed URL rejected by {rule}",
                                 seen_at=utc_now())
            return
        if not self.window.admits(url, parse_date(published), parse_date(modified)):
            self.reject(url, "date", site.key, f"date window since={self.window.since} until={self.window.until}")
            return
        if url in self.seen:
            self.reject(url, "seen", site.key, "already requested in this run")
            return
        self.seen.add(url)
        self.crawler.stats.inc_value(f"{REQUESTED}/{site.key}")
        yield Request(url, callback=self.parse_article, errback=self.article_failed, meta={"site": site.key},
                      dont_filter=not self.shared_dupefilter)

    def count(self, event: str, site: str) -> None:
        """A run-wide counter and its per-site twin (``crawler.site_yields`` reads the latter)."""
        self.crawler.stats.inc_value(event)
        self.crawler.stats.inc_value(f"{event}/{site}")

    def reject(self, url: str, reason: str, site: str, rule: str) -> None:
        """Count an article URL the spider does not request, per reason and per site, and log the first few
        with the rule that rejected it: no URL a site lists disappears without a trace."""
        self.count(f"discovery/rejected/{reason}", site)
        if reason in LEGACY_REJECTION_STATS:
            self.crawler.stats.inc_value(LEGACY_REJECTION_STATS[reason])
        self.rejections[reason, site] += 1
        if self.rejections[reason, site] <= REJECTIONS_LOGGED:
            self.logger.info("Article URL %s of %s rejected (%s): %s", url, site, reason, rule)

    # --- articles -----------------------------------------------------------------------------------------
    def parse_article(self, response: Response) -> Iterable[RawPage]:
        site = self.sites.get(response.meta.get("site")) or self.site_for(response.url)
        if site is None:
            return
        if response.status == 304:
            self.count("articles/not_modified", site.key)
            yield NotModified(url=normalize_url(response.url), site=site.key)
            return
        self.count("articles/fetched", site.key)
        yield RawPage(
            url=response.request.url if response.request else response.url,
            final_url=response.url,
            status=response.status,
            headers={k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()},
            body=response.body,
            fetched_at=utc_now(),
            site=site.key,
            province=site.province,
            hints=site.hints,
        )

    def article_failed(self, failure) -> Iterable[FailedPage]:
        request = failure.request
        url, detail = requested_url(request), failure_detail(failure)
        site = request.meta.get("site") or ""
        reason, status = failure_reason(failure)
        self.count(f"articles/failed/{reason}", site)
        if reason == "robots":
            self.reject(url, "robots", site, "disallowed by the site's robots.txt")
        self.logger.warning("Article %s not archived: %s", url, reason)
        yield FailedPage(url=url, site=site, reason=reason, status=status, detail=detail, seen_at=utc_now())

    def discovery_failed(self, failure) -> Iterable[FailedPage]:
        url = requested_url(failure.request)
        reason, status = failure_reason(failure)
        site = self.site_for(url)
        self.count(f"discovery/failed/{reason}", site.key if site else "-")
        self.logger.warning("Discovery URL %s failed: %s", url, reason)
        yield self.discovery_failure(url, reason, status, failure_detail(failure))

    def discovery_failure(self, url: str, reason: str, status: int | None, detail: str) -> FailedPage:
        """A discovery URL (sitemap, feed, section page) that gave no URLs, for ``failed_pages``: a sitemap that
        stops answering hides every article it listed."""
        site = self.site_for(url)
        return FailedPage(url=url, site=site.key if site else "", reason=f"discovery_{reason}", status=status,
                          detail=detail, seen_at=utc_now())


def discovery_kind(response: Response) -> str:
    """What a discovery response is: "sitemap" (robots.txt, sitemap index or urlset, gzip too), "feed" (RSS/Atom),
    "section" (an HTML page) or "unrecognised"."""
    head = response.body[:2048].lstrip()
    if response.url.endswith("/robots.txt") or gzip_magic_number(response) or SITEMAP_ROOT_RE.search(head):
        return "sitemap"
    if FEED_ROOT_RE.search(head):
        return "feed"
    return "section" if isinstance(response, TextResponse) else "unrecognised"


def requested_url(request: Request) -> str:
    """The URL the spider asked for: the first of a redirect chain (the one a site listed), not where it led."""
    return request.meta.get("redirect_urls", [request.url])[0]


def failure_detail(failure) -> str:
    """The error, and where a redirect chain ended when there was one."""
    redirects = failure.request.meta.get("redirect_urls")
    detail = str(failure.value)
    return (f"{detail} (redirected to {failure.request.url})" if redirects else detail)[:FAILURE_DETAIL_CHARS]


def failure_reason(failure) -> tuple[str, int | None]:
    """A short, stable code for why a request failed, and the HTTP status when there was one."""
    if failure.check(HttpError):
        status = failure.value.response.status
        return f"http_{status}", status
    if failure.check(IgnoreRequest):
        message = str(failure.value).lower()
        return next((reason for reason in ("robots", "offsite") if reason in message), "ignored"), None
    if failure.check(TwistedTimeoutError, TCPTimedOutError):
        return "timeout", None
    if failure.check(DNSLookupError):
        return "dns", None
    return failure.type.__name__.lower() if failure.type else "error", None
