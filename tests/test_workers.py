"""The worker pool (pipelines/workers.py): same archive whatever the pool size; a dead worker costs one page.

The crash is a real process death: WORKER_CRASH_ON_URL makes the worker that receives a page whose URL contains
the substring call ``os._exit`` (what a segfault in lxml or an out-of-memory kill does to a worker: no exception,
no reply, a broken ``ProcessPoolExecutor``). A pathological document that reliably kills a C extension is not
something to ship in a test suite; everything after the death (detection, pool restart, retrying the pages in
flight, blaming the right page) is the production path.
"""

import asyncio
import json

import pytest

from pipelines.archive.warc import iter_pages
from pipelines.extraction.analyse import extract_page
from pipelines.extraction import NotAnArticle
from pipelines.extraction.language import detect_language
from pipelines.workers import WorkerCrashed, WorkerPool, configured_processes

from .conftest import query, run_crawl

VARIABLE = {  # columns that depend on when and in which order pages were written, not on what they say
    "id", "first_seen", "version_seen", "last_seen", "seen_at", "crawl_id", "warc_file", "warc_offset", "warc_length",
}
CRASHING_ARTICLE = "10279850"  # baonghean.vn, "Nghệ An thu hút hơn 1 tỷ USD vốn đầu tư trực tiếp nước ngoài..."


def table(db, name: str, key: str) -> list[dict]:
    rows = query(db, f"SELECT * FROM {name} ORDER BY {key}")
    return [{k: v for k, v in row.items() if k not in VARIABLE} for row in rows]


def crawl_stats(db) -> dict:
    return json.loads(query(db, "SELECT stats FROM crawls ORDER BY id DESC LIMIT 1")[0]["stats"])


def test_pool_size_does_not_change_the_archive(sample_mirror, tmp_path):
    dbs = {}
    for processes in (2, 1, 0):
        dbs[processes] = tmp_path / f"pool-{processes}" / "archive.db"
        result = run_crawl(sample_mirror.registry, dbs[processes], settings={"WORKER_PROCESSES": processes})
        assert result.returncode == 0, result.stderr[-3000:]
    assert crawl_stats(dbs[2]).get("workers/processes") == 2  # the pooled path really ran
    assert "workers/processes" not in crawl_stats(dbs[0])
    reference = dbs[0]
    articles = table(reference, "articles", "url")
    assert len(articles) >= 8 and {a["language"] for a in articles} >= {"vi", "en"}
    assert table(reference, "duplicates", "url"), "the sample sites hold duplicates"
    for processes in (2, 1):
        db = dbs[processes]
        assert table(db, "articles", "url") == articles
        assert table(db, "duplicates", "url") == table(reference, "duplicates", "url")
        assert table(db, "article_fingerprints", "url") == table(reference, "article_fingerprints", "url")
        assert table(db, "article_revisions", "article_url") == table(reference, "article_revisions", "article_url")
        failures = "SELECT url, reason, status FROM failed_pages ORDER BY url, reason"
        assert query(db, failures) == query(reference, failures)
        assert crawl_stats(db)["warc/records"] == crawl_stats(reference)["warc/records"]  # made by the workers


def test_a_worker_crash_fails_that_page_only_and_the_crawl_goes_on(sample_mirror, tmp_path):
    reference, crashed = tmp_path / "reference" / "archive.db", tmp_path / "crashed" / "archive.db"
    for db, settings in ((reference, {}), (crashed, {"WORKER_CRASH_ON_URL": CRASHING_ARTICLE})):
        result = run_crawl(sample_mirror.registry, db, settings={"WORKER_PROCESSES": 2, **settings})
        assert result.returncode == 0, result.stderr[-3000:]
    expected = {row["url"] for row in query(reference, "SELECT url FROM articles")}
    victim = next(url for url in expected if CRASHING_ARTICLE in url)
    archived = {row["url"] for row in query(crashed, "SELECT url FROM articles")}
    assert archived == expected - {victim}
    failure = query(crashed, "SELECT url, reason, detail FROM failed_pages WHERE reason = 'worker_crashed'")
    assert [row["url"] for row in failure] == [victim]
    assert "worker process died" in failure[0]["detail"]
    stats = crawl_stats(crashed)
    assert stats["workers/crashed"] == 1 and stats["workers/pool_restarts"] >= 1
    assert stats["extract/dropped/worker_crashed"] == 1
    assert stats["finish_reason"] == "finished"
    # its raw page is kept all the same (the WARC record is made in a worker too: the crash hook spares it)
    assert any(CRASHING_ARTICLE in page.url for page in iter_pages(crashed.parent / "warc"))
    assert stats["warc/records"] == crawl_stats(reference)["warc/records"]


def test_pool_returns_results_and_exceptions_and_survives_a_crash():
    async def scenario():
        pool = WorkerPool(1, crash_on="/kill-me")
        try:
            assert await pool.run(detect_language, "Hạ Long đón gần 6 triệu lượt khách trong 6 tháng đầu năm nay",
                                  tag="/a") == detect_language("Hạ Long đón gần 6 triệu lượt khách trong 6 tháng đầu năm nay")
            with pytest.raises(NotAnArticle) as raised:
                await pool.run(extract_page, b"  ", "https://x.vn/a", tag="/b")
            assert raised.value.reason == "empty"
            with pytest.raises(WorkerCrashed):
                await pool.run(detect_language, "anything at all", tag="https://x.vn/kill-me")
            # the pool was replaced: later tasks run as before
            assert (await pool.run(detect_language, "The provincial People's Committee approved the plan today.",
                                   tag="/c"))[0] == "en"
        finally:
            pool.close()

    asyncio.run(scenario())


def test_pool_size_setting():
    assert configured_processes(0) == 0
    assert configured_processes("3") == 3
    assert configured_processes(None) >= 1 and configured_processes(-1) == configured_processes("")
