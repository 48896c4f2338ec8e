"""The site registry on the command line.

    python -m crawler.sites                 # table of the registry (SITES_REGISTRY or crawler/sites.toml)
    python -m crawler.sites --json          # the same as JSON, one object per site
    python -m crawler.sites --check FILE    # validate a registry file; exit status 1 with the error

``--registry FILE`` lists another file. Discovery columns count start URLs (section pages), sitemaps and feeds;
``verified`` says whether they were confirmed against the live site.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from crawler.registry import RegistryError, Site, load_registry

DEFAULT_REGISTRY = Path(__file__).resolve().parent / "sites.toml"
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.sites", description=__doc__.split("\n\n")[0])
    parser.add_argument("--registry", type=Path,
                        default=Path(os.environ.get("SITES_REGISTRY") or DEFAULT_REGISTRY))
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--check", type=Path, metavar="FILE", help="validate FILE and exit")
    args = parser.parse_args(argv)
    path = args.check or args.registry
    try:
        sites = load_registry(path)
    except RegistryError as exc:
        print(f"{path}: invalid registry: {exc}", file=sys.stderr)
        return 1
    if args.check:
        print(f"{path}: OK, {len(sites)} sites")
    elif args.json:
        print(as_json(sites))
    else:
        print(table(sites))
    return 0


if __name__ == "__main__":
    sys.exit(main())
