"""The archiver of a distributed crawl: takes the workers' items from Redis and stores them, as one writer.

    python -m pipelines.archiver [--idle-exit SECONDS] [-s NAME=VALUE ...]

Reads ``REDIS_ITEMS_KEY`` at ``REDIS_URL`` (settings of ``crawler.settings_distributed``), runs each item through
the deduplicate and store pipelines, and records itself as a run in ``crawls`` (spider ``archiver``). It runs until
stopped (SIGTERM/SIGINT: the current batch is committed), or until no item came for ``--idle-exit`` seconds.
It holds the archive's writer lock, like ``crawler.run`` and ``pipelines.reextract``.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys

from scrapy_redis import connection

from crawler.run import project_settings
from pipelines.archive import Archive, ArchiveLocked, exclusive
from pipelines.deduplicate import DeduplicatePipeline
from pipelines.offline import PipelineChain
from pipelines.redis_queue import deserialize
from pipelines.store import CRAWL_ID_STAT, StorePipeline

POLL_SECONDS = 1


def archive_items(settings, idle_exit: float | None) -> dict:
    """Consume the item list until stopped or idle; returns the run's stats."""
    server = connection.from_settings(settings)
    key = settings.get("REDIS_ITEMS_KEY") % {"spider": "news"}
    chain = PipelineChain(settings, [DeduplicatePipeline, StorePipeline])
    archive = Archive(settings.get("ARCHIVE_DB"))
    crawl_id = archive.start_crawl("archiver", {"redis_items_key": key})
    chain.stats.set_value(CRAWL_ID_STAT, crawl_id)
    chain.open()
    stopping = []
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.append(True))

    async def consume():
        idle = 0.0
        while not stopping and (idle_exit is None or idle < idle_exit):
            popped = server.blpop([key], timeout=POLL_SECONDS)
            if popped is None:
                idle += POLL_SECONDS
                chain.store.flush()  # a quiet queue is a good moment to commit
                continue
            idle = 0.0
            chain.stats.inc_value("archiver/items")
            await chain.process(deserialize(popped[1]))

    try:
        asyncio.run(consume())
    finally:
        chain.close()
        stats = chain.stats.get_stats()
        archive.finish_crawl(crawl_id, "finished" if not stopping else "shutdown", stats)
        archive.close()
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines.archiver", description=__doc__.split("\n\n")[0])
    parser.add_argument("--idle-exit", type=float, help="exit after this many seconds without an item")
    parser.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args(argv)
    settings = project_settings(args.settings)
    try:
        with exclusive(settings.get("ARCHIVE_DB")):
            stats = archive_items(settings, args.idle_exit)
    except ArchiveLocked as exc:
        print(f"archiver not started: {exc}", file=sys.stderr)
        return 75
    print(f"archived {stats.get('archiver/items', 0)} items: new {stats.get('archive/new', 0)}, "
          f"duplicate {stats.get('archive/duplicate', 0)}, unchanged {stats.get('archive/unchanged', 0)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
