"""Distributed mode at scale: the workers hold nothing of the archive, and the archiver decides with the same
on-demand lookups as one machine: into a 20,000-article archive it archives the sample crawl exactly as a
single-machine crawl does into an empty one."""

from __future__ import annotations

import json
import subprocess
import sys

from scrapy.settings import Settings

from tests.conftest import ROOT, query
from tests.test_distributed import distributed, environment, redis_url  # noqa: F401  (the fixture)

sys.path.insert(0, str(ROOT / "bench"))
import archive_scale  # noqa: E402

SYNTHETIC = 20_000
SAMPLE_ARTICLES = "SELECT url, content_hash, published FROM articles WHERE id > ? ORDER BY url"
SAMPLE_DUPLICATES = "SELECT url, duplicate_of, kind, similarity FROM duplicates WHERE url NOT LIKE '%-copy.html' " \
                    "ORDER BY url"


def test_workers_have_no_archive_component():
    settings = Settings()
    settings.setmodule("crawler.settings_distributed")
    components = {*settings.getdict("ITEM_PIPELINES"), *settings.getdict("SPIDER_MIDDLEWARES"),
                  *settings.getdict("EXTENSIONS")}
    assert not {c for c in components if c.startswith(("pipelines.deduplicate", "pipelines.store",
                                                       "crawler.middlewares.ArchivedArticles", "crawler.extensions"))}


def test_the_archiver_decides_on_demand_into_a_large_archive(sample_crawl, sample_mirror, tmp_path,
                                                             redis_url):  # noqa: F811
    db = tmp_path / "archive.db"
    archive_scale.build(db, SYNTHETIC)
    worker = subprocess.run(distributed([sys.executable, "-m", "scrapy", "crawl", "news"], redis_url,
                                        sample_mirror.registry, db, tmp_path / "warc"),
                            cwd=ROOT, env=environment(), capture_output=True, text=True, timeout=300)
    assert worker.returncode == 0, worker.stderr[-2000:]
    assert query(db, "SELECT count(*) AS n FROM articles")[0]["n"] == SYNTHETIC  # the worker never wrote it
    archiver = subprocess.run(distributed([sys.executable, "-m", "scrapy", "archiver", "--idle-exit", "2"],
                                          redis_url, sample_mirror.registry, db),
                              cwd=ROOT, env=environment(), capture_output=True, text=True, timeout=300)
    assert archiver.returncode == 0, archiver.stderr[-2000:]
    assert query(db, SAMPLE_ARTICLES, [SYNTHETIC]) == query(sample_crawl["db"], SAMPLE_ARTICLES, [0])
    assert query(db, SAMPLE_DUPLICATES) == query(sample_crawl["db"], SAMPLE_DUPLICATES)
    stats = json.loads(query(db, "SELECT stats FROM crawls WHERE spider = 'archiver'")[0]["stats"])
    assert stats["dedup/commits_seen"] >= 1 and stats["dedup/new"] == stats["archive/new"]
