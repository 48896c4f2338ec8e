"""Kills at seeded random moments (issue 16): ``KILL_TRIALS`` SIGKILLs on one archive, and ``KILL_TRIALS`` stops
that mix SIGKILL with SIGTERM-then-SIGKILL (what ``systemctl stop`` does after ``TimeoutStopSec``), so that a run
resumed from a queue saved by a graceful stop gets killed in its turn; then a run that finishes.

After every trial: SQLite's and the FTS indexes' integrity checks pass, every article is there once and its WARC
record reads back, and no process of the killed run is left. The last run finishes (no wedged job directory)
with every article of the site archived exactly once."""

from __future__ import annotations

import random
import signal
import sqlite3
import time

import pytest

from tests.conftest import query, run_job
from tests.faults.conftest import check_archive, fault_article_urls, leftover_processes, start_job

KILL_TRIALS = 10
# Moments are drawn relative to each run's own progress, so that they land where intended on a fast or a loaded
# machine: a share of the trials during start-up (before the worker pool or the first request), the others once
# the run has stored a random number of new articles, plus a random fraction of a second.
STARTUP_SHARE = 0.2
STARTUP_SECONDS = (0.2, 1.5)
NEW_ARTICLES = (1, 8)
EXTRA_SECONDS = (0.0, 0.5)
PROGRESS_TIMEOUT = 60
# SIGTERM then SIGKILL: the graceful stop waits for the requests in flight (0.25 s each), so a SIGKILL this long
# after the SIGTERM lands before, during or after the scheduler saves its queue.
TERM_TO_KILL_SECONDS = (0.05, 1.5)
SETTINGS = {"CONCURRENT_REQUESTS": "2", "ARCHIVE_BATCH_SECONDS": "0.5"}
FINISH_TIMEOUT = 180


def stored_articles(db) -> int:
    try:
        return query(db, "SELECT count(*) AS n FROM articles")[0]["n"]
    except sqlite3.OperationalError:  # not created yet
        return 0


def wait_for_moment(job, db, rng: random.Random) -> None:
    if rng.random() < STARTUP_SHARE:
        time.sleep(rng.uniform(*STARTUP_SECONDS))
        return
    target = stored_articles(db) + rng.randint(*NEW_ARTICLES)
    deadline = time.monotonic() + PROGRESS_TIMEOUT
    while stored_articles(db) < target and job.process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(rng.uniform(*EXTRA_SECONDS))


def stop(job, rng: random.Random, graceful_first: bool) -> None:
    if graceful_first:
        job.process.send_signal(signal.SIGTERM)
        time.sleep(rng.uniform(*TERM_TO_KILL_SECONDS))
    if job.process.poll() is None:
        job.process.send_signal(signal.SIGKILL)
    job.process.wait(30)


@pytest.mark.parametrize("graceful_share", [0.0, 0.6], ids=["sigkill", "mixed-sigterm-then-sigkill"])
def test_kills_at_random_moments_lose_nothing_and_wedge_nothing(fault_site, tmp_path, graceful_share):
    db = tmp_path / "archive.db"
    rng = random.Random(f"kill-trials:{graceful_share}")
    stored_before = 0
    for trial in range(KILL_TRIALS):
        job = start_job(fault_site, db, SETTINGS)
        wait_for_moment(job, db, rng)
        stop(job, rng, graceful_first=rng.random() < graceful_share)
        assert leftover_processes(job.tag) == [], f"trial {trial}: processes outlived the killed run"
        if db.exists():
            stored = len(check_archive(db))
            assert stored >= stored_before, f"trial {trial}: articles disappeared"
            stored_before = stored

    result = run_job(fault_site.registry, db, settings=SETTINGS, timeout=FINISH_TIMEOUT)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert set(check_archive(db)) == fault_article_urls(fault_site)
    assert query(db, "SELECT count(*) AS n FROM duplicates")[0]["n"] == 0
    assert not (tmp_path / "jobs" / "news").exists()
