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
import json
import logging
import pickle
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from crawler.extensions import FINISHED, OUTCOME_STAT, failure_message
from pipelines.archive import Archive, ArchiveLocked, ArchiveUnusable, exclusive
from pipelines.archive.warc import warc_directory

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


# Written into the JOBDIR by a run whose Scrapy process stopped gracefully and whose saved state reads back, and
# removed when the next run starts: a JOBDIR without it was left by a killed run, or saved on a full disk.
QUEUE_SAVED_MARKER = "queue-saved"


def discard_untrusted_job(jobdir: Path) -> bool:
    """Remove the job state a killed run left behind; True if there was some.

    Scrapy's scheduler saves ``requests.queue`` (``active.json`` and the queue files' headers) only when a run stops
    cleanly, and never removes ``active.json`` when a resumed run reopens the queue: after a graceful stop, then a
    resumed run that is killed, ``active.json`` is still there but the queue files are torn, and reopening them
    fails in every later run. So the job state is trusted only when the run that last used it recorded a graceful
    stop whose files read back (``QUEUE_SAVED_MARKER``). Nothing in it is needed to finish the job: discovery runs
    again and the archive skips what it already holds; a damaged job directory costs at most the run that made it.
    """
    marker = jobdir / QUEUE_SAVED_MARKER
    saved = marker.exists()
    marker.unlink(missing_ok=True)  # this run may be killed too
    if saved or not jobdir.is_dir() or not any(jobdir.iterdir()):
        return False
    shutil.rmtree(jobdir)
    return True


def saved_state_reads_back(jobdir: Path) -> bool:
    """The files a resumed run reads first (the queue's ``active.json``, the spider's ``spider.state``) are whole."""
    try:
        if (jobdir / "requests.queue" / "active.json").exists():
            json.loads((jobdir / "requests.queue" / "active.json").read_text())
        if (jobdir / "spider.state").exists():
            with (jobdir / "spider.state").open("rb") as state:
                pickle.load(state)
    except (OSError, ValueError, EOFError, pickle.UnpicklingError):
        return False
    return True


def run(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    settings = project_settings(args.settings)
    database = settings.get("ARCHIVE_DB")
    try:
        with exclusive(database, wait=args.wait):
            preflight(settings)
            return crawl(settings, args)
    except ArchiveLocked as exc:
        print(f"crawl not started: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except (OSError, sqlite3.Error, ArchiveUnusable) as exc:
        print(f"crawl failed: the archive is not usable: {exc}", file=sys.stderr)
        return EXIT_FAILED


def preflight(settings) -> None:
    """Before anything is fetched: the archive is created or migrated, of a schema this code knows, and writable,
    and so is the WARC directory (a crawl that cannot keep what it fetches would only turn pages into losses)."""
    archive = Archive(settings.get("ARCHIVE_DB"))
    try:
        archive.check_writable()
    finally:
        archive.close()
    if settings.getbool("WARC_ENABLED"):
        directory = warc_directory(settings.get("ARCHIVE_DB"), settings.get("WARC_DIR"))
        directory.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=directory).close()


def crawl(settings, args: argparse.Namespace) -> int:
    """One run of the spider under the lock; the JOBDIR survives only a run that did not finish."""
    jobdir = job_directory(settings)
    settings.set("JOBDIR", str(jobdir), priority="cmdline")
    process = CrawlerProcess(settings)
    if discard_untrusted_job(jobdir):
        logger.warning("The previous run was killed before it could save its request queue (or saved it torn); "
                       "the job state in %s was discarded and discovery starts again (archived articles are "
                       "skipped)", jobdir)
    crawler = process.create_crawler("news")
    spider_args = {name: value for name, value in (("sites", args.sites), ("url", args.url)) if value}
    not_started: list[BaseException] = []
    process.crawl(crawler, **spider_args).addErrback(lambda failure: not_started.append(failure.value))
    process.start()
    if not_started:  # a configuration error: a broken registry, an unknown site, a setting of the wrong type
        print(f"crawl failed: {type(not_started[0]).__name__}: {not_started[0]}", file=sys.stderr)
        return EXIT_FAILED
    outcome = crawler.stats.get_value(OUTCOME_STAT) if crawler.stats else None
    if outcome == FINISHED:
        shutil.rmtree(jobdir, ignore_errors=True)  # done: the next scheduled run starts afresh
        return EXIT_OK
    if crawler.stats and crawler.stats.get_value("finish_reason") and jobdir.is_dir() \
            and saved_state_reads_back(jobdir):
        (jobdir / QUEUE_SAVED_MARKER).touch()  # the engine closed the scheduler: its saved queue can be resumed
    print(failure_message(outcome), file=sys.stderr)
    return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(run())
