"""A disk that fills up mid-crawl (issue 16): the run stops and says so, nothing committed is damaged, nothing
is counted as archived that was not, and once there is room again the next run archives every article once.

The archive and its WARC files live on a small tmpfs mounted for the test (root and mount rights needed: the test
is skipped with the reason where the mount is refused)."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.conftest import query, run_job
from tests.faults.conftest import FAULT_ARTICLES, check_archive, fault_article_urls

# Room for the empty archive, its WAL and some articles, not for all of them (measured: a new archive takes about
# 620 KB once migrated, its WAL holding the migrations until a checkpoint, and the fault site's 100 articles about
# 1.3 MB more of SQLite, FTS and WARC).
SMALL_DISK = "1m"
ROOMY_DISK = "64m"
SETTINGS = {"CONCURRENT_REQUESTS": "8", "ARCHIVE_BATCH_SIZE": "10"}


@pytest.fixture
def small_disk(tmp_path):
    mountpoint = tmp_path / "disk"
    mountpoint.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={SMALL_DISK}", "tmpfs", str(mountpoint)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({mounted.stderr.strip() or 'mount refused'}): the full-disk "
                    f"trial needs root and mount rights")
    yield mountpoint
    subprocess.run(["umount", "-l", str(mountpoint)], check=True)


def test_a_full_disk_stops_the_run_loudly_and_loses_nothing(fault_site, small_disk):
    db = small_disk / "archive.db"
    result = run_job(fault_site.registry, db, settings=SETTINGS)
    assert result.returncode == 1, result.stderr[-3000:]
    assert "Archive write failed" in result.stderr
    assert "crawl failed: archive_write_failed" in result.stderr
    stored = check_archive(db)
    assert 0 < len(stored) < FAULT_ARTICLES, "the disk must fill up mid-crawl"
    [crawl] = query(db, "SELECT outcome, stats FROM crawls")
    if crawl["stats"]:  # the closing write may itself have found no room
        stats = json.loads(crawl["stats"])
        assert crawl["outcome"] == "archive_write_failed"
        assert stats["archive/new"] == len(stored)  # what is counted as archived is exactly what is stored
        assert stats["archive/not_stored"] >= 1

    subprocess.run(["mount", "-o", f"remount,size={ROOMY_DISK}", str(small_disk)], check=True)
    result = run_job(fault_site.registry, db, settings=SETTINGS)
    assert result.returncode == 0, result.stderr[-3000:]
    assert set(check_archive(db)) == fault_article_urls(fault_site)
