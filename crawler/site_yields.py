"""Which crawled sites yielded nothing, and why: read once from a run's per-site stats at its end.

A site "yielded" when at least one of its article URLs was fetched (or answered 304) or skipped as already
archived. A site that yielded nothing is a broken registry entry or a site that changed: no discovery URL
answered, discovery listed no article URL, its pattern or robots.txt rejected every URL it listed, or every
article request failed. A site whose candidates all fell outside the run's date window (``since``/``until``) had
nothing to do, which is not a fault.

The spider and the middlewares count per site (``<event>/<site>`` stats, see ``crawler.spiders.news``); this module
only reads those counters, so the verdict is made in one place and recorded in the run's stats.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

YIELDED_NOTHING_STAT = "sites/yielded_nothing"  # {site: reason}
# Per-site counters, each "<prefix>/<site>".
ANSWERED = "discovery/answered"
CANDIDATES = "discovery/candidates"
REQUESTED = "discovery/requested"
YIELD_EVENTS = ("articles/fetched", "articles/not_modified", "incremental/skipped_archived")
DISCOVERY_FAILED = "discovery/failed"
ARTICLE_FAILED = "articles/failed"
REJECTED = "discovery/rejected"
OUTSIDE_WINDOW = "date"


def sites_yielding_nothing(stats: Mapping[str, object], sites: Iterable[str]) -> dict[str, str]:
    """``{site: reason}`` for each site of ``sites`` that yielded nothing in the run whose ``stats`` these are."""
    verdicts = {}
    for site in sites:
        reason = _why_nothing(stats, site)
        if reason:
            verdicts[site] = reason
    return verdicts


def _why_nothing(stats: Mapping[str, object], site: str) -> str | None:
    def count(prefix: str) -> int:
        return int(stats.get(f"{prefix}/{site}", 0))

    if any(count(event) for event in YIELD_EVENTS):
        return None
    if not count(ANSWERED):
        return "no discovery URL answered" + _breakdown(stats, DISCOVERY_FAILED, site)
    candidates = count(CANDIDATES)
    if not candidates:
        return "discovery answered but listed no article URL"
    requested = count(REQUESTED)
    if not requested:
        if count(f"{REJECTED}/{OUTSIDE_WINDOW}"):
            return None  # nothing new in the date window
        return f"discovery listed {candidates} article URLs and rejected them all" + _breakdown(stats, REJECTED, site)
    return (f"none of its {requested} article requests was fetched or already archived"
            + _breakdown(stats, ARTICLE_FAILED, site))


def _breakdown(stats: Mapping[str, object], prefix: str, site: str) -> str:
    """`` (reason ×n, ...)`` from the ``<prefix>/<reason>/<site>`` counters, largest first; empty if none."""
    counts = {}
    for name, value in stats.items():
        parts = name.split("/")
        if name.startswith(prefix + "/") and len(parts) == prefix.count("/") + 3 and parts[-1] == site:
            counts[parts[-2]] = int(value)
    if not counts:
        return ""
    return " (" + ", ".join(f"{reason} ×{n}" for reason, n in sorted(counts.items(), key=lambda kv: -kv[1])) + ")"
