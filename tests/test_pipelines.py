"""Unit tests of each pipeline's own job, on real objects (a real SQLite file, real langdetect, real MinHash)."""

import random
import sqlite3
from dataclasses import replace

import numpy as np
import pytest
from datasketch import LeanMinHash, MinHashLSH

from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from pipelines.archive import Archive
from pipelines.archive.duplicate_index import DuplicateIndex
from pipelines.deduplicate import DeduplicatePipeline
from pipelines.extraction.analyse import looks_like_html
from pipelines.extraction.encoding import decode_html
from pipelines.extraction.fingerprint import MINHASH_SCHEME, content_hash, fingerprint
from pipelines.extraction.language import detect_language, language_sample
from pipelines.extraction.page import Article, FailedPage, RawPage
from pipelines.extraction.urls import article_key, normalize_url
from pipelines.not_archived import NotArchived
from pipelines.store import StorePipeline

STORY = " ".join(
    f"In commune {n}, the provincial People's Committee approved plan number {n * 7} to upgrade road {n + 3}, "
    f"with works due to start in month {n % 12 + 1} and a budget of {n * 13} billion dong." for n in range(1, 16))


class FakeCrawler:
    """Just enough of a crawler for MemoryStatsCollector."""

    class settings:
        @staticmethod
        def getbool(name, default=False):
            return default


def new_stats():
    return MemoryStatsCollector(FakeCrawler)


def store_pipeline(db, batch_size: int) -> StorePipeline:
    """The store as a crawl builds it (Scrapy's test crawler: real settings, stats and signals)."""
    crawler = get_crawler(settings_dict={"ARCHIVE_DB": str(db), "ARCHIVE_BATCH_SIZE": batch_size,
                                         "ARCHIVE_BATCH_SECONDS": 60})
    return StorePipeline.from_crawler(crawler)


def dedup_pipeline(tmp_path, threshold=0.8):
    pipeline = DeduplicatePipeline(new_stats(), str(tmp_path / "a.db"), 128, threshold)
    pipeline.open_spider()
    return pipeline


def article(url, text, published=None, **extra):
    digest, signature = fingerprint(text)
    return Article(url=url, text=text, published=published, fetched_url=url, site="s", content_hash=digest,
                   minhash=signature, **extra)


def test_urls_lose_tracking_parameters_and_fragments():
    assert normalize_url("https://BaoNgheAn.vn/a-b-12345678.html?utm_source=fb&fbclid=x#comments") == \
        "https://baonghean.vn/a-b-12345678.html"
    assert normalize_url("https://x.vn/list?page=2&utm_medium=social") == "https://x.vn/list?page=2"


def test_text_is_nfc_whatever_the_encoding():
    # windows-1258 writes tone marks as combining characters: "Nghệ" is e-circumflex + combining dot below.
    body = '<meta charset="windows-1258"><p>Nghê\u0323 An</p>'.encode("cp1258")
    text, encoding = decode_html(body, "text/html")
    assert "Nghệ An" in text and encoding == "cp1258"
    # A UTF-8 page labelled ISO-8859-1 is still read as UTF-8.
    text, encoding = decode_html("<p>Đà Nẵng</p>".encode(), "text/html; charset=iso-8859-1")
    assert "Đà Nẵng" in text and encoding == "utf-8"


def test_html_sniffing():
    assert looks_like_html(b"%PDF-1.4", None) is False
    assert looks_like_html(b"<html><body>", "application/pdf") is False
    assert looks_like_html(b"<!DOCTYPE html><html>", None)


def test_article_key_prefers_same_host_canonical():
    assert article_key("https://x.vn/a-b-c-1234567.html", "https://x.vn/old-7654321.html?utm_source=z") \
        == "https://x.vn/a-b-c-1234567.html"
    assert article_key("https://other.vn/a-1.html", "https://x.vn/a-b-c-1.html") == \
        "https://x.vn/a-b-c-1.html"


def test_content_hash_ignores_case_and_punctuation():
    assert content_hash("Hạ Long, Quảng Ninh.") == content_hash("hạ long   quảng ninh")
    assert content_hash("Hạ Long") != content_hash("Hà Long")


def test_exact_and_near_duplicates_are_marked_with_their_original(tmp_path):
    pipeline = dedup_pipeline(tmp_path)
    first = pipeline.process_item(article("https://a.vn/x-1.html", STORY, "2024-07-19T18:02:00+07:00"))
    assert first.verdict == "new"
    exact = pipeline.process_item(article("https://b.vn/y-2.html", STORY.upper(), "2024-07-20T08:00:00+07:00"))
    assert (exact.verdict, exact.duplicate_of, exact.duplicate_kind) == ("duplicate", first.url, "exact")
    edited = STORY.replace("approved plan", "endorsed plan", 1) + " Reported by the provincial portal."
    near = pipeline.process_item(article("https://c.vn/z-3.html", edited, "2024-07-21T08:00:00+07:00"))
    assert near.verdict == "duplicate" and near.duplicate_kind == "near" and 0.8 <= near.similarity < 1
    other = pipeline.process_item(article("https://c.vn/w-4.html", "A completely different report " * 40))
    assert other.verdict == "new"
    assert pipeline.stats.get_value("dedup/duplicate") == 2


def test_the_earliest_published_copy_is_the_original_whatever_the_order(tmp_path):
    pipeline = dedup_pipeline(tmp_path)
    copy = pipeline.process_item(article("https://portal.vn/copy", STORY, "2024-07-20T09:00:00+07:00"))
    original = pipeline.process_item(article("https://paper.vn/story-12345678.html", STORY,
                                              "2024-07-19T18:02:00+07:00"))
    assert copy.verdict == "new"
    assert original.verdict == "new" and original.supersedes == copy.url
    again = pipeline.process_item(article("https://portal.vn/copy", STORY, "2024-07-20T09:00:00+07:00"))
    assert again.verdict == "duplicate" and again.duplicate_of == original.url


def test_same_url_is_unchanged_or_updated(tmp_path):
    pipeline = dedup_pipeline(tmp_path)
    pipeline.process_item(article("https://a.vn/x-1.html", STORY))
    assert pipeline.process_item(article("https://a.vn/x-1.html", STORY)).verdict == "unchanged"
    assert pipeline.process_item(article("https://a.vn/x-1.html", STORY + " Correction.")).verdict == "updated"


def test_duplicate_index_bands_and_matches_as_datasketch_lsh():
    """The compact index must find what datasketch's MinHashLSH finds, with the same similarity."""
    rng = random.Random(7)
    words = [f"w{n}" for n in range(400)]
    stories = [[rng.choice(words) for _ in range(150)] for _ in range(120)]
    variants = [story[:] for story in stories[:60]]
    for variant in variants:  # near copies: a few words changed, some beyond recognition
        for _ in range(rng.choice((2, 5, 40))):
            variant[rng.randrange(len(variant))] = rng.choice(words)
    signatures = {f"https://a.vn/{n}": fingerprint(" ".join(s))[1] for n, s in enumerate(stories)}
    index, lsh = DuplicateIndex(128, 0.8), MinHashLSH(threshold=0.8, num_perm=128)
    assert (index.bands, index.rows_per_band) == (lsh.b, lsh.r)
    for url, signature in signatures.items():
        index.add(url, url, None, signature)
        lsh.insert(url, lean(signature))
    found = 0
    for variant in variants:
        signature = fingerprint(" ".join(variant))[1]
        scored = [(lean(signature).jaccard(lean(signatures[url])), url) for url in lsh.query(lean(signature))]
        expected = max(((round(j, 4), url) for j, url in scored if j >= 0.8), default=None)
        match = index.match("no exact copy", signature)
        assert (match and (match[2], match[0])) == (expected or None)
        found += match is not None
    assert 0 < found < len(variants)
    index.remove("https://a.vn/0")
    assert index.match("x", signatures["https://a.vn/0"]) is None
    assert index.match("x", signatures["https://a.vn/1"])[0] == "https://a.vn/1"


def lean(signature):
    return LeanMinHash(seed=1, hashvalues=np.frombuffer(signature, dtype=np.uint32), scheme=MINHASH_SCHEME)


def test_language_is_deterministic_and_und_for_short_text():
    vi = "Chiều 14/10, Ban Thường vụ Tỉnh ủy làm việc với Đảng ủy Sở Nội vụ về công tác xây dựng Đảng."
    assert detect_language(vi)[0] == "vi"
    assert detect_language(STORY) == detect_language(STORY) and detect_language(STORY)[0] == "en"
    assert detect_language("Hà Nội") == ("und", 0.0)
    assert detect_language("12345 67890 ... 2024 2025 !!! ??? 000") == ("und", 0.0)
    assert len(language_sample("x" * 100_000, 2000)) <= 2001


def test_store_batches_articles_duplicates_and_failures(tmp_path):
    db = tmp_path / "a.db"
    store = store_pipeline(db, batch_size=2)
    stats = store.stats
    store.crawl_id = 7  # what the run's recorder sets when the spider opens
    store.open_spider()
    dedup = dedup_pipeline(tmp_path)
    for item in (article("https://a.vn/x-1.html", STORY, "2024-07-19T18:02:00+07:00", title="Coastal road"),
                 article("https://b.vn/copy-2.html", STORY, "2024-07-20T18:02:00+07:00", title="Copy"),
                 FailedPage(url="https://a.vn/gone-3.html", site="s", reason="http_404", status=404)):
        store.process_item(dedup.process_item(item))
    page = RawPage(url="https://a.vn/list-4.html", final_url="https://a.vn/list-4.html", status=200, headers={},
                   body=b"", fetched_at="now", site="s")
    store.item_dropped(page, None, NotArchived("not_article", page))
    store.close_spider()
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT url, title, crawl_id FROM articles").fetchall() == [("https://a.vn/x-1.html", "Coastal road", 7)]
    assert conn.execute("SELECT url, duplicate_of, kind FROM duplicates").fetchall() == \
        [("https://b.vn/copy-2.html", "https://a.vn/x-1.html", "exact")]
    assert sorted(conn.execute("SELECT reason, crawl_id FROM failed_pages").fetchall()) == \
        [("http_404", 7), ("not_article", 7)]
    assert conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'coastal'").fetchone()[0] == 1
    assert stats.get_value("archive/transactions") == 2
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_demoted_article_keeps_its_text_in_duplicates(tmp_path):
    archive = Archive(tmp_path / "a.db")
    with archive.transaction():
        archive.save_article({"url": "https://portal.vn/copy", "site": "p", "text": STORY, "first_seen": "t"})
        archive.save_duplicate({"url": "https://other.vn/c", "duplicate_of": "https://portal.vn/copy", "kind": "exact"})
        archive.save_article({"url": "https://paper.vn/o-1.html", "site": "q", "text": STORY, "first_seen": "t"})
        archive.demote_article("https://portal.vn/copy", "https://paper.vn/o-1.html", "exact", 1.0, None)
    rows = archive.db.execute("SELECT url, duplicate_of, text IS NOT NULL FROM duplicates ORDER BY url").fetchall()
    assert rows == [("https://other.vn/c", "https://paper.vn/o-1.html", 0),
                    ("https://portal.vn/copy", "https://paper.vn/o-1.html", 1)]
    assert [r[0] for r in archive.db.execute("SELECT url FROM articles")] == ["https://paper.vn/o-1.html"]


def test_archive_upserts_keep_first_seen_and_search_follows_the_current_text(tmp_path):
    archive = Archive(tmp_path / "a.db")
    url = "https://a.vn/x-1.html"

    def save(text, seen):
        row = {"url": url, "site": "s", "title": "Coastal road", "text": text, "content_hash": content_hash(text),
               "first_seen": seen, "version_seen": seen, "last_seen": seen, "crawl_id": None}
        with archive.transaction():
            return archive.save_article(row, b"sig")

    def matches(word):
        return archive.db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", [word]).fetchone()[0]

    def stored():
        return archive.db.execute("SELECT first_seen, version_seen, last_seen FROM articles").fetchone()

    assert save(STORY, "2024-07-01") == "new"
    assert save(STORY, "2024-07-02") == "unchanged"
    assert stored() == ("2024-07-01", "2024-07-01", "2024-07-02")
    with archive.transaction():
        archive.touch_article(url, "2024-07-03", None)
    assert save(STORY + " Correction: seawall.", "2024-07-04") == "updated"
    assert stored() == ("2024-07-01", "2024-07-04", "2024-07-04")
    revisions = archive.db.execute("SELECT article_url, text, version_seen, replaced FROM article_revisions").fetchall()
    assert revisions == [(url, STORY, "2024-07-01", "2024-07-04")]
    assert (matches("seawall"), matches("coastal"), matches("budget")) == (1, 1, 1)
    archive.db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
    with archive.transaction():
        archive.save_duplicate({"url": "https://b.vn/c", "duplicate_of": url, "kind": "exact", "first_seen": "a"})
        archive.save_duplicate({"url": "https://b.vn/c", "duplicate_of": url, "kind": "near", "first_seen": "b"})
    assert archive.db.execute("SELECT kind, first_seen FROM duplicates").fetchall() == [("near", "a")]
    assert archive.db.execute("SELECT count(*) FROM article_fingerprints").fetchone()[0] == 1


def test_an_article_superseded_in_the_same_run_moves_to_the_duplicates(tmp_path):
    """The store applies the verdicts in the order the deduplicator made them (both are synchronous steps of the
    same item): the copy is stored first, then demoted when its original arrives."""
    store = store_pipeline(tmp_path / "a.db", batch_size=100)
    stats = store.stats
    store.open_spider()
    dedup = dedup_pipeline(tmp_path)
    for item in (article("https://portal.vn/copy", STORY, "2024-07-20T09:00:00+07:00"),
                 article("https://paper.vn/o-12345678.html", STORY, "2024-07-19T09:00:00+07:00")):
        store.process_item(dedup.process_item(item))
    store.close_spider()
    conn = sqlite3.connect(tmp_path / "a.db")
    assert conn.execute("SELECT url FROM articles").fetchall() == [("https://paper.vn/o-12345678.html",)]
    assert conn.execute("SELECT url, duplicate_of FROM duplicates").fetchall() == \
        [("https://portal.vn/copy", "https://paper.vn/o-12345678.html")]
    assert (stats.get_value("archive/new"), stats.get_value("archive/superseded")) == (2, 1)


@pytest.mark.parametrize("alias_first", [True, False])
def test_an_article_met_through_an_alias_ends_with_its_own_urls_fetch(tmp_path, alias_first):
    """A page whose canonical link names an article is an alias of it: whichever of the two URLs is fetched first,
    the article's row ends with its own URL's fetch (URL and validators) and the alias is a canonical duplicate."""
    own, alias = "https://a.vn/story-3301245.html", "https://a.vn/old-path-3290877.html"
    fetches = [article(own, STORY, etag='"own"'), replace(article(own, STORY, etag='"alias"'), fetched_url=alias)]
    db = tmp_path / "a.db"
    store = store_pipeline(db, batch_size=10)
    store.open_spider()
    dedup = dedup_pipeline(tmp_path)
    for fetch in reversed(fetches) if alias_first else fetches:
        store.process_item(dedup.process_item(fetch))
    store.close_spider()
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT url, fetched_url, etag FROM articles").fetchall() == [(own, own, '"own"')]
    assert conn.execute("SELECT url, duplicate_of, kind FROM duplicates").fetchall() == [(alias, own, "canonical")]
