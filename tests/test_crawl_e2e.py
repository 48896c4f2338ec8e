"""End to end: a real crawl of the sample sites, through Scrapy's engine, into a real SQLite archive."""

import json
import re
import subprocess
import sys
from urllib.parse import urlsplit

import pytest

from crawler.registry import load_registry
from tests.conftest import ROOT, SAMPLES, query, run_crawl

WS = re.compile(r"\s+")


def site_origins(sample_mirror) -> dict[str, str]:
    """Registry key → loopback origin of the sample site."""
    sites = load_registry(SAMPLES / "sites.toml")
    return {key: sample_mirror.origins[site.domains[0]] for key, site in sites.items()}


def url_of(sample_mirror, site: str, path: str) -> str:
    return site_origins(sample_mirror)[site] + path


def squash(text: str) -> str:
    return WS.sub(" ", text or "").strip()


@pytest.fixture(scope="module")
def archived(sample_crawl):
    rows = query(sample_crawl["db"], "SELECT * FROM articles")
    return {row["url"]: row for row in rows}


def test_every_sample_article_is_stored_once_with_its_metadata(sample_crawl, archived, expected):
    for article in expected["articles"]:
        url = url_of(sample_crawl["mirror"], article["site"], article["path"])
        assert url in archived, f"{url} not archived; log tail: {sample_crawl['log'][-2000:]}"
        row = archived[url]
        assert row["site"] == article["site"]
        assert squash(row["title"]) == squash(article["title"])
        assert row["author"] == article["author"]
        assert row["published"] == article["published"]
        assert row["language"] == article["language"]
        assert row["language_prob"] > 0.9
    assert len(archived) == len(expected["articles"])


def test_body_has_every_paragraph_and_no_boilerplate(archived, sample_crawl, expected):
    for article in expected["articles"]:
        row = archived[url_of(sample_crawl["mirror"], article["site"], article["path"])]
        text = squash(row["text"])
        for paragraph in article["paragraphs"]:
            assert squash(paragraph) in text, f"{article['path']}: missing paragraph {paragraph[:60]!r}"
        for line in article["boilerplate"]:
            assert squash(line) not in text, f"{article['path']}: boilerplate {line!r} in text"
        assert squash(row["lead"]) == squash(article["lead"])


def test_duplicates_are_recorded_with_their_original(sample_crawl, expected):
    mirror = sample_crawl["mirror"]
    rows = {row["url"]: row for row in query(sample_crawl["db"], "SELECT * FROM duplicates")}
    for duplicate in expected["duplicates"]:
        url = url_of(mirror, duplicate["site"], duplicate["path"])
        assert url in rows, f"duplicate {url} not recorded"
        original = duplicate["duplicate_of"]
        assert rows[url]["duplicate_of"] == url_of(mirror, original["site"], original["path"])
        assert rows[url]["kind"] == duplicate["kind"]
        assert 0.8 <= rows[url]["similarity"] <= 1.0


def test_pages_not_archived_are_recorded_with_their_reason(sample_crawl, expected):
    mirror = sample_crawl["mirror"]
    failures = {(row["url"], row["reason"]) for row in query(sample_crawl["db"], "SELECT * FROM failed_pages")}
    for page in expected["not_archived"]:
        url = url_of(mirror, page["site"], page["path"])
        assert (url, page["reason"]) in failures, f"{url} not recorded as {page['reason']}: {failures}"


def test_robots_disallowed_pages_are_never_fetched(sample_crawl, expected):
    robots = [p for p in expected["not_archived"] if p["reason"] == "robots"]
    assert robots, "the samples must include a robots.txt-disallowed article"
    fetched = {r["path"] for r in sample_crawl["requests"]}
    for page in robots:
        assert urlsplit(page["path"]).path not in fetched


def test_crawl_row_has_stats(sample_crawl, expected):
    [crawl] = query(sample_crawl["db"], "SELECT * FROM crawls")
    assert crawl["spider"] == "news" and crawl["finished"] and crawl["outcome"] == "finished"
    stats = json.loads(crawl["stats"])
    assert stats["archive/new"] - stats.get("archive/superseded", 0) == len(expected["articles"])
    assert stats["archive/duplicate"] + stats.get("archive/superseded", 0) == len(expected["duplicates"])
    assert any(name.startswith("extract/dropped/") for name in stats)
    sites = query(sample_crawl["db"], "SELECT key FROM sites ORDER BY key")
    assert [s["key"] for s in sites] == sorted(load_registry(SAMPLES / "sites.toml"))


def test_full_text_search_finds_an_article_by_a_body_word(sample_crawl, expected):
    article = expected["articles"][0]
    word = max(re.findall(r"\w{7,}", article["paragraphs"][-1]), key=len)
    hits = query(sample_crawl["db"], "SELECT a.url FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
                                     "WHERE articles_fts MATCH ?", [f'"{word}"'])
    assert url_of(sample_crawl["mirror"], article["site"], article["path"]) in [h["url"] for h in hits]


def test_text_is_stored_nfc(archived):
    import unicodedata
    for row in archived.values():
        assert unicodedata.is_normalized("NFC", row["text"]) and unicodedata.is_normalized("NFC", row["title"])


def test_a_second_identical_crawl_adds_nothing(sample_mirror, tmp_path):
    db = tmp_path / "archive.db"
    first = run_crawl(sample_mirror.registry, db, "sites=baoquangninh")
    assert first.returncode == 0, first.stderr[-2000:]
    before = query(db, "SELECT url, content_hash, first_seen FROM articles ORDER BY url")
    second = run_crawl(sample_mirror.registry, db, "sites=baoquangninh")
    assert second.returncode == 0, second.stderr[-2000:]
    assert query(db, "SELECT url, content_hash, first_seen FROM articles ORDER BY url") == before
    assert len(query(db, "SELECT id FROM crawls")) == 2


def test_adhoc_url_crawls_an_unregistered_site(sample_mirror, tmp_path):
    db = tmp_path / "adhoc.db"
    origin = sample_mirror.origins["www.vietnam.vn"]
    result = run_crawl(sample_mirror.registry, db, f"url={origin}/sitemap.xml")
    assert result.returncode == 0, result.stderr[-2000:]
    rows = query(db, "SELECT url, site FROM articles")
    assert rows and all(row["url"].startswith(origin) for row in rows)


def test_unknown_site_key_is_a_clear_error(sample_mirror, tmp_path):
    result = run_crawl(sample_mirror.registry, tmp_path / "x.db", "sites=nosuchsite")
    assert "unknown site keys ['nosuchsite']" in result.stderr


def test_extract_cli_matches_the_pipeline(sample_crawl, expected, tmp_path):
    article = expected["articles"][0]
    mirror = sample_crawl["mirror"]
    url = url_of(mirror, article["site"], article["path"])
    page = tmp_path / "page.html"
    import urllib.request
    page.write_bytes(urllib.request.urlopen(url).read())
    out = subprocess.run([sys.executable, "-m", "scrapy", "extract", str(page), "--url", url], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.splitlines()[0])
    [row] = query(sample_crawl["db"], "SELECT * FROM articles WHERE url = ?", [url])
    for field in ("title", "lead", "text", "author", "published", "modified", "language", "language_prob",
                  "word_count"):
        assert result[field] == row[field], field
