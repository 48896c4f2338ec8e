"""The site registry on the command line.

    python -m crawler.sites                 # table of the registry (SITES_REGISTRY or crawler/sites.toml)
    python -m crawler.sites --json          # the same as JSON, one object per site
    python -m crawler.sites --check FILE    # validate a registry file; exit status 1 with the error
    python -m crawler.sites --probe KEY [--url URL]   # what discovery finds on the live site, nothing archived

``--registry FILE`` lists another file. Discovery columns count start URLs (section pages), sitemaps and feeds;
``verified`` says whether they were confirmed against the live site: ``--probe`` is how to confirm them (it
reads robots.txt, the sitemaps, feeds and first section page through the spider's own code, one request at a time,
and prints the article URLs each lists, how many the pattern keeps, samples of kept and rejected URLs and the
newest dates; exit status 1 when it kept none).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from scrapy.crawler import CrawlerProcess

from crawler.registry import RegistryError, Site, load_registry
from crawler.run import project_settings
from crawler.spiders.probe import ProbeSpider

DEFAULT_REGISTRY = Path(__file__).resolve().parent / "sites.toml"
PROBE_LOG_LEVEL = "WARNING"  # the probe's report is the output; Scrapy's own log only for problems
COLUMNS = ("key", "province", "platform", "languages", "domain", "sections", "sitemaps", "feeds", "verified")


def row(site: Site) -> dict[str, str]:
    return {"key": site.key, "province": site.province or "-", "platform": site.platform or "-",
            "languages": ",".join(site.languages) or "-", "domain": site.domains[0],
            "sections": str(len(site.start_urls)), "sitemaps": str(len(site.sitemaps)), "feeds": str(len(site.feeds)),
            "verified": "yes" if site.verified else "no"}


def table(sites: dict[str, Site]) -> str:
    rows = [dict(zip(COLUMNS, COLUMNS))] + [row(site) for site in sites.values()]
    widths = {col: max(len(r[col]) for r in rows) for col in COLUMNS}
    lines = ["  ".join(r[col].ljust(widths[col]) for col in COLUMNS).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * widths[col] for col in COLUMNS))
    provinces = {site.province for site in sites.values() if site.province}
    lines.append(f"\n{len(sites)} sites, {len(provinces)} provinces, "
                 f"{sum(site.verified for site in sites.values())} verified")
    return "\n".join(lines)


def as_json(sites: dict[str, Site]) -> str:
    return json.dumps([site.as_row() for site in sites.values()], ensure_ascii=False, indent=1)


def probe(args: argparse.Namespace, sites: dict[str, Site]) -> int:
    """Run the probe spider on one registered site and print its findings; 1 when no article URL was kept."""
    if args.probe not in sites:
        print(f"unknown site key {args.probe!r}; registered: {sorted(sites)}", file=sys.stderr)
        return 1
    settings = project_settings([f"LOG_LEVEL={PROBE_LOG_LEVEL}", *args.settings])
    settings.set("SITES_REGISTRY", str(args.registry), priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(ProbeSpider)
    process.crawl(crawler, sites=args.probe, url=args.url)
    process.start()
    spider = crawler.spider
    print(spider.report)
    return 0 if any(record.kept for record in spider.findings.values()) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.sites", description=__doc__.split("\n\n")[0])
    parser.add_argument("--registry", type=Path,
                        default=Path(os.environ.get("SITES_REGISTRY") or DEFAULT_REGISTRY))
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--check", type=Path, metavar="FILE", help="validate FILE and exit")
    parser.add_argument("--probe", metavar="KEY", help="probe a site's discovery against the live site")
    parser.add_argument("--url", help="with --probe: probe this discovery URL instead of the registry's")
    parser.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                        help="with --probe: override a Scrapy setting (repeatable)")
    args = parser.parse_args(argv)
    path = args.check or args.registry
    try:
        sites = load_registry(path)
    except RegistryError as exc:
        print(f"{path}: invalid registry: {exc}", file=sys.stderr)
        return 1
    if args.probe:
        return probe(args, sites)
    if args.check:
        print(f"{path}: OK, {len(sites)} sites")
    elif args.json:
        print(as_json(sites))
    else:
        print(table(sites))
    return 0


if __name__ == "__main__":
    sys.exit(main())
