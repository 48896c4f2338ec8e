"""The deduplicator's on-demand lookups (indexed queries per article, a batch of uncommitted verdicts in memory)
decide exactly what the former whole-archive index decides (``DEDUP_PRELOAD``): on the sample crawl, and on a
generated 10,000-article archive with exact copies, near copies around the threshold, earlier-published copies
that supersede their archived original, and revisits of the same URL."""

from __future__ import annotations

import hashlib
import json
import random
import shutil

import numpy as np
import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler

import crawler.settings as project_settings
from pipelines.deduplicate import DeduplicatePipeline
from pipelines.extraction.page import Article
from pipelines.store import StorePipeline
from tests.conftest import query, run_crawl

NUM_PERM = 128
ARCHIVE_SIZE = 10_000
NEW_CRAWL = 2_000
SIMILARITIES = (0.7, 0.75, 0.78, 0.8, 0.82, 0.85, 0.9, 0.95, 0.98)  # near copies: some under the threshold
VERDICT_FIELDS = ("url", "verdict", "duplicate_of", "duplicate_kind", "similarity", "supersedes")
DUPLICATES_SQL = "SELECT url, duplicate_of, kind, similarity FROM duplicates ORDER BY url"
ARTICLES_SQL = "SELECT url, content_hash, published FROM articles ORDER BY url"


def crawler_for(db, **settings):
    """A real (unstarted) Scrapy crawler with the project's settings: real stats, real signals."""
    values = {name: getattr(project_settings, name) for name in dir(project_settings)
              if name.isupper() and name != "TWISTED_REACTOR"}  # the reactor already installed, whichever it is
    return get_crawler(Spider, {**values, "ARCHIVE_DB": str(db), **settings})


def run_items(db, items, **settings) -> list[tuple]:
    """Each article through the deduplicator and the store, as the engine chains them; the verdicts."""
    crawler = crawler_for(db, **settings)
    dedup, store = DeduplicatePipeline.from_crawler(crawler), StorePipeline.from_crawler(crawler)
    dedup.open_spider()
    store.open_spider()
    verdicts = []
    for item in items:
        article = Article(**item)
        store.process_item(dedup.process_item(article))
        verdicts.append(tuple(getattr(article, name) for name in VERDICT_FIELDS))
    store.close_spider()
    dedup.close_spider()
    return verdicts


class Stories:
    """Generated articles with MinHash-sized signatures: a near copy at similarity s keeps a share s of its
    original's permutation values (the estimate the index computes), so copies land on both sides of the
    threshold and share LSH bands or not, as real near copies do."""

    def __init__(self, seed: int):
        self.random = random.Random(seed)
        self.rng = np.random.default_rng(seed)
        self.stories: list[dict] = []  # every item generated so far, by position
        self.count = 0

    def signature(self, like: bytes | None = None, similarity: float = 1.0) -> bytes:
        values = self.rng.integers(0, 2 ** 32, NUM_PERM, dtype=np.uint32)
        if like is not None:
            kept = self.rng.permutation(NUM_PERM)[:round(similarity * NUM_PERM)]
            values[kept] = np.frombuffer(like, dtype=np.uint32)[kept]
        return values.tobytes()

    def published(self) -> str:
        return f"2024-{self.random.randint(1, 12):02d}-{self.random.randint(1, 28):02d}T" \
               f"{self.random.randint(0, 23):02d}:00:00+07:00"

    def item(self, url: str, signature: bytes, digest: str | None = None, published: str | None = None) -> dict:
        self.count += 1
        digest = digest or hashlib.sha256(signature).hexdigest()
        return {"url": url, "fetched_url": url, "site": f"site{self.count % 7}", "text": f"story {self.count}",
                "title": f"Story {self.count}", "content_hash": digest, "minhash": signature,
                "published": published or self.published()}

    def next(self) -> dict:
        """An original, an exact copy, a near copy, or a revisit of a URL (same or changed text)."""
        roll = self.random.random()
        earlier = self.random.choice(self.stories) if self.stories else None
        if earlier is None or roll < 0.6:
            item = self.item(f"https://paper{self.count % 37}.vn/bai-viet-so-{self.count}-{self.count * 7919}.html",
                             self.signature())
        elif roll < 0.7:  # the same text elsewhere, published before or after
            item = self.item(f"https://portal.vn/copy-{self.count}", earlier["minhash"], earlier["content_hash"])
        elif roll < 0.9:
            item = self.item(f"https://portal.vn/near-{self.count}",
                             self.signature(earlier["minhash"], self.random.choice(SIMILARITIES)))
        elif roll < 0.95:  # a revisit, unchanged
            item = dict(earlier)
        else:  # a revisit whose text changed a little
            item = self.item(earlier["url"], self.signature(earlier["minhash"], 0.95), published=earlier["published"])
        self.stories.append(item)
        return item


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A 10,000-article stream and the next crawl's 2,000, run once each way."""
    stories = Stories(seed=17)
    archive_items = [stories.next() for _ in range(ARCHIVE_SIZE)]
    crawl_items = [stories.next() for _ in range(NEW_CRAWL)]
    root = tmp_path_factory.mktemp("generated")
    runs = {}
    for name, settings in {"preload": {"DEDUP_PRELOAD": True},
                           "on_demand": {},
                           "on_demand_batch_7": {"ARCHIVE_BATCH_SIZE": 7}}.items():
        db = root / name / "archive.db"
        db.parent.mkdir()
        building = run_items(db, archive_items, **settings)
        crawling = run_items(db, crawl_items, **settings)
        runs[name] = {"db": db, "building": building, "crawling": crawling}
    return runs


def test_generated_archive_exercises_every_kind_of_verdict(generated):
    verdicts = [v for phase in ("building", "crawling") for v in generated["preload"][phase]]
    kinds = {(v[1], v[3]) for v in verdicts}
    assert {("new", None), ("unchanged", None), ("updated", None), ("duplicate", "exact"),
            ("duplicate", "near"), ("new", "exact"), ("new", "near")} <= kinds
    crawl = generated["preload"]["crawling"]
    assert sum(v[1] == "duplicate" and v[3] == "near" for v in crawl) > 50
    assert sum(v[5] is not None for v in crawl) > 20  # newcomers superseding archived originals
    assert any(0.8 <= v[4] < 0.82 for v in crawl if v[3] == "near")  # right at the threshold


@pytest.mark.parametrize("mode", ["on_demand", "on_demand_batch_7"])
def test_on_demand_verdicts_equal_the_whole_archive_index(generated, mode):
    reference, run = generated["preload"], generated[mode]
    assert run["building"] == reference["building"]
    assert run["crawling"] == reference["crawling"]
    for sql in (ARTICLES_SQL, DUPLICATES_SQL):
        assert query(run["db"], sql) == query(reference["db"], sql)


def test_band_rows_follow_the_stored_signatures(generated):
    """Every stored signature has its 9 band rows and no band row outlives its article (updates, demotions)."""
    db = generated["on_demand"]["db"]
    [(signatures, band_rows, orphans)] = [tuple(r.values()) for r in query(db, (
        "SELECT (SELECT count(*) FROM article_fingerprints), (SELECT count(*) FROM article_bands), "
        "(SELECT count(*) FROM article_bands WHERE article_id NOT IN (SELECT id FROM articles))"))]
    assert band_rows == 9 * signatures and orphans == 0


SAME_ORDER = {"CONCURRENT_REQUESTS": "1", "WORKER_PROCESSES": "0"}
VERDICT_STATS = ("dedup/new", "dedup/updated", "dedup/unchanged", "dedup/duplicate", "archive/new",
                 "archive/updated", "archive/unchanged", "archive/duplicate", "archive/superseded")


def verdict_stats(db) -> dict:
    stats = json.loads(query(db, "SELECT stats FROM crawls ORDER BY id DESC LIMIT 1")[0]["stats"])
    return {name: stats.get(name) for name in VERDICT_STATS}


def test_sample_crawl_verdicts_equal_the_whole_archive_index(sample_mirror, tmp_path):
    """The sample crawl on demand (batches of 100), with the preloaded index, and on demand committing every row
    (every lookup then goes to the archive), each through Scrapy's engine. One request at a time and no worker
    pool, so that pages arrive in the same order in each crawl and the verdicts, not only the archive, compare."""
    crawls = {}
    for name, settings in {"on_demand": {}, "preload": {"DEDUP_PRELOAD": "True"},
                           "batch_1": {"ARCHIVE_BATCH_SIZE": "1"}}.items():
        db = tmp_path / name / "archive.db"
        result = run_crawl(sample_mirror.registry, db, settings={**SAME_ORDER, **settings})
        assert result.returncode == 0, result.stderr[-2000:]
        crawls[name] = db
    reference = crawls.pop("preload")
    assert query(reference, DUPLICATES_SQL)
    for db in crawls.values():
        assert query(db, ARTICLES_SQL) == query(reference, ARTICLES_SQL)
        assert query(db, DUPLICATES_SQL) == query(reference, DUPLICATES_SQL)
        assert verdict_stats(db) == verdict_stats(reference)


def test_other_dedup_settings_reband_the_archive(generated, tmp_path):
    db = tmp_path / "archive.db"
    shutil.copy(generated["on_demand"]["db"], db)
    crawler = crawler_for(db, DEDUP_THRESHOLD=0.5)
    dedup = DeduplicatePipeline.from_crawler(crawler)
    dedup.open_spider()
    dedup.close_spider()
    assert crawler.stats.get_value("dedup/rebanded") == 1
    [config] = query(db, "SELECT bands, rows FROM article_band_config")
    signatures = query(db, "SELECT count(*) AS n FROM article_fingerprints")[0]["n"]
    assert query(db, "SELECT count(*) AS n FROM article_bands")[0]["n"] == config["bands"] * signatures
    assert (config["bands"], config["rows"]) != (9, 13)
