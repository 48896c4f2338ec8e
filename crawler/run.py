"""The scheduled crawl job: one exclusive, resumable, accounted-for run of the ``news`` spider.

    python -m crawler.run [--sites a,b] [--url URL] [--wait] [-s NAME=VALUE ...]

What it adds to ``scrapy crawl news``, for cron and systemd:
- a writer lock on the archive, so overlapping runs never write together (the second exits, or ``--wait``s);
- a JOBDIR, so a run killed half-way is resumed by the next one (and removed once a run finishes cleanly);
- a meaningful exit status: 0 when the run finished, 1 when it failed (archive not writable, no site reachable,
  spider error), 75 (EX_TEMPFAIL) when another run holds the archive.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sqlite3
import sys
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from crawler.extensions import FINISHED, OUTCOME_STAT
from pipelines.archive import Archive, ArchiveLocked, exclusive

EXIT_OK, EXIT_FAILED, EXIT_LOCKED = 0, 1, 75
logger = logging.getLogger("crawler.run")  # not __main__ under python -m


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m crawler.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", help="comma-separated registry keys (default: every site)")
    parser.add_argument("--url", help="crawl one unregistered start, sitemap or feed URL")
    parser.add_argument("--wait", action="store_true", help="wait for a running crawl instead of exiting")
    parser.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                        help="override a Scrapy setting (repeatable)")
    return parser.parse_args(argv)


def project_settings(overrides: list[str]):
    """The project's settings with ``NAME=VALUE`` command-line overrides, as ``scrapy -s`` applies them."""
    settings = get_project_settings()
    for override in overrides:
        name, _, value = override.partition("=")
        settings.set(name, value, priority="cmdline")
    return settings


def job_directory(settings) -> Path:
    """JOBDIR if set, else ``jobs/news`` next to the archive."""
    return Path(settings.get("JOBDIR") or Path(settings.get("ARCHIVE_DB")).parent / "jobs" / "news")


def discard_torn_queue(jobdir: Path) -> bool:
    """Remove the request queue a hard-killed run left behind; True if there was one.

    Scrapy's scheduler writes ``requests.queue/active.json`` (and the queue files' headers) only when a run stops
    cleanly. After a SIGKILL or a power cut the queue files are torn: reopening one raises in the scheduler and
    every request pushed to it is lost. The queue is not needed to finish the job: discovery runs again and the
    archive skips what it already holds.
    """
    queue = jobdir / "requests.queue"
    if not queue.is_dir() or (queue / "active.json").exists():
        return False
    shutil.rmtree(queue)
    return True


def run(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    settings = project_settings(args.settings)
    database = settings.get("ARCHIVE_DB")
    try:
        with exclusive(database, wait=args.wait):
            Archive(database).close()  # created or migrated, and writable, before anything is fetched
            return crawl(settings, args)
    except ArchiveLocked as exc:
        print(f"crawl not started: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except (OSError, sqlite3.Error) as exc:
        print(f"crawl failed: archive database {database} is not usable: {exc}", file=sys.stderr)
        return EXIT_FAILED


def crawl(settings, args: argparse.Namespace) -> int:
    """One run of the spider under the lock; the JOBDIR survives only a run that did not finish."""
    jobdir = job_directory(settings)
    settings.set("JOBDIR", str(jobdir), priority="cmdline")
    process = CrawlerProcess(settings)
    if discard_torn_queue(jobdir):
        logger.warning("The previous run was killed before it could save its request queue; the queue in %s was "
                       "discarded and discovery starts again (archived articles are skipped)", jobdir)
    crawler = process.create_crawler("news")
    spider_args = {name: value for name, value in (("sites", args.sites), ("url", args.url)) if value}
    process.crawl(crawler, **spider_args)
    process.start()
    outcome = crawler.stats.get_value(OUTCOME_STAT) if crawler.stats else None
    if outcome == FINISHED:
        shutil.rmtree(jobdir, ignore_errors=True)  # done: the next scheduled run starts afresh
        return EXIT_OK
    print(f"crawl failed: {outcome or 'the spider did not run (see the log)'}", file=sys.stderr)
    return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(run())
