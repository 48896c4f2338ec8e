"""A crawl's start and its questions to the archive do not grow with the archive: on a 100,000-article archive
(bench/archive_scale.py's builder: the real schema, real URL and signature sizes), opening the incremental
middleware and the deduplicator reads no table, and every lookup they make is an index search."""

from __future__ import annotations

import sqlite3
import sys
import tracemalloc

import pytest
from scrapy import Request, Spider
from scrapy.utils.test import get_crawler

import crawler.settings as project_settings
from crawler.middlewares import ArchivedArticlesMiddleware
from pipelines.archive import Archive, search
from pipelines.archive.database import LOOKUP_SQL, _near_sql
from pipelines.deduplicate import DeduplicatePipeline
from pipelines.extraction.page import Article
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import archive_scale  # noqa: E402

ARCHIVE_SIZE = 100_000
OPEN_BUDGET_BYTES = 2 * 2 ** 20  # Python memory allocated by opening; the former loads took > 15 MB here
STEPS_PER_CALLBACK = 100  # SQLite VM instructions between progress callbacks
LOOKUP_BUDGET_STEPS = 20_000  # a scan of one 100,000-row table takes more than 100,000


@pytest.fixture(scope="module")
def big_archive(tmp_path_factory):
    db = tmp_path_factory.mktemp("scale") / "archive.db"
    archive_scale.build(db, ARCHIVE_SIZE)
    return db


def crawler_for(db, **settings):
    values = {name: getattr(project_settings, name) for name in dir(project_settings)
              if name.isupper() and name != "TWISTED_REACTOR"}  # the reactor already installed, whichever it is
    return get_crawler(Spider, {**values, "ARCHIVE_DB": str(db), **settings})


def sample_row(db, sql: str) -> tuple:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchone()
    finally:
        conn.close()


class StepCounter:
    """Counts SQLite VM instructions run on a connection (a progress handler every STEPS_PER_CALLBACK)."""

    def __init__(self, conn: sqlite3.Connection):
        self.callbacks = 0
        conn.set_progress_handler(self.tick, STEPS_PER_CALLBACK)

    def tick(self) -> int:
        self.callbacks += 1
        return 0  # go on

    @property
    def steps(self) -> int:
        return self.callbacks * STEPS_PER_CALLBACK


def test_every_lookup_of_a_crawl_is_an_index_search(big_archive):
    archive = Archive(big_archive)
    plans = {name: archive.db.execute(f"EXPLAIN QUERY PLAN {sql}", {"url": "x", "digest": "y"}).fetchall()
             for name, sql in LOOKUP_SQL.items()}
    plans["near"] = archive.db.execute(f"EXPLAIN QUERY PLAN {_near_sql(9)}", list(range(9))).fetchall()
    archive.close()
    for name, plan in plans.items():
        details = [row[3] for row in plan]
        assert not [d for d in details if d.startswith("SCAN") and d != "SCAN CONSTANT ROW"], (name, details)
        assert any(d.startswith("SEARCH") for d in details), (name, details)


def test_opening_the_spider_on_a_large_archive_loads_nothing(big_archive):
    crawler = crawler_for(big_archive, REVISIT_DAYS=100000)
    spider = Spider(name="news")
    middleware = ArchivedArticlesMiddleware.from_crawler(crawler)
    dedup = DeduplicatePipeline.from_crawler(crawler)
    tracemalloc.start()
    middleware.spider_opened(spider)
    dedup.open_spider()
    opened = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert opened < OPEN_BUDGET_BYTES

    counters = [StepCounter(middleware.archive.db.conn), StepCounter(dedup.archive.db.conn)]
    url, published, digest = sample_row(big_archive, "SELECT url, published, content_hash FROM articles "
                                                     "WHERE id = 4242")
    duplicate = sample_row(big_archive, "SELECT url FROM duplicates LIMIT 1")[0]
    [signature] = sample_row(big_archive, "SELECT minhash FROM article_fingerprints WHERE url = "
                                          "(SELECT url FROM articles WHERE id = 777)")
    revisited = middleware.admit(Request(url, meta={"site": "baonghean"}))
    assert revisited is not None and revisited.meta["handle_httpstatus_list"] == [304]
    middleware.revisit_since = "9999"  # nothing is recent any more: archived URLs are skipped
    assert middleware.admit(Request(url, meta={"site": "baonghean"})) is None
    assert middleware.admit(Request(duplicate, meta={"site": "baonghean"})) is None
    assert middleware.admit(Request("https://baonghean.vn/moi-12345.html", meta={"site": "baonghean"})) is not None
    copies = [Article(url="https://portal.vn/a", fetched_url="https://portal.vn/a", site="p", text="t",
                      published="2099-01-01T00:00:00+07:00", content_hash=digest, minhash=b"\0" * 512),
              Article(url="https://portal.vn/b", fetched_url="https://portal.vn/b", site="p", text="t",
                      published="2099-01-01T00:00:00+07:00", content_hash="not archived", minhash=signature)]
    for article in copies:
        dedup.process_item(article)
    assert [(a.verdict, a.duplicate_kind) for a in copies] == [("duplicate", "exact"), ("duplicate", "near")]
    assert copies[0].duplicate_of == url
    lookups = 7  # four admissions (two lookups each at most) and two decisions
    assert sum(counter.steps for counter in counters) < lookups * LOOKUP_BUDGET_STEPS
    middleware.spider_closed(spider)
    dedup.close_spider()


def test_the_preloaded_reference_is_what_the_budget_rules_out(big_archive):
    """The same measure on the former whole-archive index: it fails the budget by far."""
    dedup = DeduplicatePipeline.from_crawler(crawler_for(big_archive, DEDUP_PRELOAD=True))
    tracemalloc.start()
    dedup.open_spider()
    opened = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    dedup.close_spider()
    assert opened > 10 * OPEN_BUDGET_BYTES


# Datasette's facet queries once a site or a month is selected (its column facet's SQL, the plugin's month facet).
SELECTED = {"site": "site = 'baonghean'", "month": "published LIKE '2024-07%'"}
FACET_SQL = ("SELECT {value} AS value, count(*) AS count FROM (SELECT * FROM articles WHERE {selected}) "
             "WHERE {column} IS NOT NULL GROUP BY value ORDER BY count DESC, value LIMIT 31")
FACET_VALUES = {"site": "site", "province": "province", "language": "language", "published": "substr(published, 1, 7)"}
LATER_MIGRATIONS = ("m106_facets_from_indexes", "m107_fts_merges_at_scale")


def test_the_facets_of_a_selected_site_or_month_read_an_index_only(big_archive):
    conn = sqlite3.connect(big_archive)
    for selected in SELECTED.values():
        for column, value in FACET_VALUES.items():
            plan = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + FACET_SQL.format(
                value=value, selected=selected, column=column))]
            assert any("COVERING INDEX" in step for step in plan), (selected, column, plan)
    conn.close()


def test_an_archive_from_before_the_facet_indexes_is_migrated(tmp_path):
    built = tmp_path / "built" / "archive.db"
    built.parent.mkdir()
    archive_scale.build(built, 2_000)
    conn = sqlite3.connect(built)
    with conn:  # back to the state m105 left
        conn.execute("DROP INDEX idx_articles_site_facets")
        conn.execute("DROP INDEX idx_articles_month_facets")
        conn.execute("CREATE INDEX idx_articles_published_nocase ON articles (published COLLATE NOCASE)")
        for fts_table in ("articles_fts", "articles_fts_exact"):
            conn.execute(f"DELETE FROM {fts_table}_config WHERE k IN ('automerge', 'crisismerge')")
        conn.execute(f"DELETE FROM _sqlite_migrations WHERE name IN {LATER_MIGRATIONS}")
    conn.close()
    db = tmp_path / "archive.db"  # another file: this process has migrated the built one already
    db.write_bytes(built.read_bytes())
    Archive(db).close()
    conn = sqlite3.connect(db)
    indexes = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"idx_articles_site_facets", "idx_articles_month_facets"} <= indexes
    assert "idx_articles_published_nocase" not in indexes
    for fts_table in ("articles_fts", "articles_fts_exact"):
        assert dict(conn.execute(f"SELECT k, v FROM {fts_table}_config")) == {
            "automerge": search.AUTOMERGE, "crisismerge": search.CRISISMERGE, "version": 4}
    conn.close()
