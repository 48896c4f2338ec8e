"""What discovery finds on one site, without archiving anything: ``python -m crawler.sites --probe KEY [--url URL]``.

The probe is the news spider with its article requests withheld: robots.txt, sitemaps, feeds and the first
section page are read through the same parsing and the same article gates, one request at a time, and every
article URL is noted (kept by the site's pattern, or rejected and why) instead of fetched. No pipeline, no crawl
row, no archive access: a user runs it against the live site before setting ``verified = true``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urljoin

from scrapy import Request
from scrapy.robotstxt import ProtegoRobotParser

from crawler.dates import parse_date
from crawler.registry import Site
from crawler.spiders.news import NewsSpider, discovery_kind

SAMPLES_SHOWN = 5
# A URL another discovery URL already listed: the news spider's "seen" gate, not a rejection for the probe.
ALSO_LISTED = "seen"


@dataclass
class SourceFindings:
    """What one discovery URL answered and listed."""

    url: str
    kind: str = "no answer"
    listed: int = 0
    kept: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (url, reason)
    newest: str | None = None

    def note_date(self, published: str | None, modified: str | None) -> None:
        date = parse_date(published) or parse_date(modified)
        if date and (self.newest is None or date.isoformat() > self.newest):
            self.newest = date.isoformat()


class ProbeSpider(NewsSpider):
    name = "probe"
    custom_settings = {
        "ITEM_PIPELINES": {},
        "EXTENSIONS": {"crawler.extensions.CrawlRecorder": None},
        "SPIDER_MIDDLEWARES": {"crawler.middlewares.ArchivedArticlesMiddleware": None},
        "CONCURRENT_REQUESTS": 1,
        "SECTION_MAX_PAGES": 1,
        "JOBDIR": None,
    }

    def __init__(self, sites: str | None = None, url: str | None = None, *args: Any, **kwargs: Any):
        super().__init__(sites=sites, *args, **kwargs)
        self.probe_url = url
        self.findings: dict[str, SourceFindings] = {}
        self._recording: SourceFindings | None = None
        self._rejection: str | None = None
        self._rejected_url: str | None = None
        self.robots: ProtegoRobotParser | None = None

    @property
    def robots_agent(self) -> str:
        return self.crawler.settings.get("USER_AGENT")

    def _select_sites(self, registry_path: str) -> dict[str, Site]:
        """The one site probed: its discovery URLs and robots.txt, or only ``url`` (checked against its pattern)."""
        [site] = super()._select_sites(registry_path).values()
        if self.probe_url:
            site = replace(site, start_urls=(self.probe_url,), sitemaps=(), feeds=())
        else:  # robots.txt first, on the scheme and host the registry's own discovery URLs use
            robots = urljoin([*site.sitemaps, *site.feeds, *site.start_urls][0], "/robots.txt")
            site = replace(site, sitemaps=tuple(dict.fromkeys([robots, *site.sitemaps])))
        return {site.key: site}

    def parse_discovery(self, response) -> Iterable[Any]:
        """The news spider's sniffing, with every article URL it produces noted against this discovery URL."""
        record = self.findings.setdefault(response.url, SourceFindings(response.url))
        record.kind = discovery_kind(response)
        if response.url.endswith("/robots.txt"):  # the rules the real crawl's RobotsTxtMiddleware applies
            record.kind = "robots.txt"
            self.robots = ProtegoRobotParser.from_crawler(self.crawler, response.body)
        inner = iter(super().parse_discovery(response))
        while True:
            self._recording = record  # other responses' output may have run since this generator last yielded
            try:
                result = next(inner)
            except StopIteration:
                return
            if isinstance(result, Request) and result.callback == self.parse_discovery:
                yield result

    def article_request(self, url: str, published: str | None = None, modified: str | None = None,
                        listed: bool = False, base: str | None = None) -> Iterable[Request]:
        record = self._recording
        record.listed += 1
        record.note_date(published, modified)
        self._rejection = None
        admitted = [r for r in super().article_request(url, published, modified, listed, base)
                    if isinstance(r, Request)]
        if admitted or self._rejection == ALSO_LISTED:
            url = admitted[0].url if admitted else self._rejected_url  # both as the spider normalised them
            if self.robots and not self.robots.allowed(url, self.robots_agent):
                record.rejected.append((url, "robots"))
            else:
                record.kept.append(url)
        elif self._rejection:
            record.rejected.append((url, self._rejection))
        return ()

    def reject(self, url: str, reason: str, site: str, rule: str) -> None:
        super().reject(url, reason, site, rule)
        self._rejection, self._rejected_url = reason, url

    def discovery_failed(self, failure) -> Iterable[Any]:
        yield from super().discovery_failed(failure)  # its FailedPage meets no pipeline: nothing is recorded
        record = self.findings.setdefault(failure.request.url, SourceFindings(failure.request.url))
        record.kind = "failed"

    def closed(self, reason: str) -> None:
        self.report = probe_report(self.site, self.findings, self.crawler.stats.get_stats())

    @property
    def site(self) -> Site:
        return next(iter(self.sites.values()))


def probe_report(site: Site, findings: dict[str, SourceFindings], stats: dict) -> str:
    """The probe's findings as the plain text ``crawler.sites --probe`` prints."""
    pattern = site.article_pattern if site.declares_pattern else f"none declared (links: {site.article_re.pattern})"
    lines = [f"Probe of {site.key} ({site.name}): article_pattern {pattern}", ""]
    lines.append(f"{'listed':>6} {'kept':>5} {'newest date':<25} discovery URL")
    for record in findings.values():
        newest = record.newest or "-"
        lines.append(f"{record.listed:>6} {len(record.kept):>5} {newest:<25} {record.url}  [{record.kind}]")
    kept = list(dict.fromkeys(url for record in findings.values() for url in record.kept))
    rejected = [item for record in findings.values() for item in record.rejected]
    listed = sum(record.listed for record in findings.values())
    lines += ["", f"Article URLs listed: {listed}; distinct URLs kept: {len(kept)}; rejected: {len(rejected)}"]
    reasons = Counter(reason for _, reason in rejected)
    for reason, count in sorted(reasons.items()):
        lines.append(f"  rejected ({reason}): {count}")
    lines += ["", "Kept, first few:"] + [f"  {url}" for url in kept[:SAMPLES_SHOWN]]
    lines.append("Rejected, first few of each reason:")
    for reason in sorted(reasons):
        lines += [f"  {url}  ({why})" for url, why in rejected if why == reason][:SAMPLES_SHOWN]
    failed = {name.split("/")[2]: value for name, value in stats.items()
              if name.startswith("discovery/failed/") and name.count("/") == 2}
    if failed:
        lines.append("Discovery URLs that failed: " + ", ".join(f"{k} ×{v}" for k, v in sorted(failed.items())))
    return "\n".join(lines)
