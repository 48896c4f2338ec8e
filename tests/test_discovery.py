"""Discovery per path and per platform family, date bounds, per-site limits and politeness, against the
loopback sample mirror (the request log shows what was fetched, and what was not)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from crawler.dates import DateWindow, parse_date, url_period
from crawler.middlewares import retry_after_seconds
from tests.conftest import query, run_crawl

HT = "baohatinh.vn"
HT_JUNE = "/ha-tinh-co-ban-hoan-thanh-thu-hoach-lua-vu-xuan-2024-post270112.html"
HT_JULY = ["/cang-vung-ang-don-tau-container-trong-tai-lon-nhat-tu-truoc-den-nay-post272345.html",
           "/bien-thien-cam-nhon-nhip-du-khach-trong-cao-diem-he-post272480.html"]
HT_REMOVED = "/thong-bao-tam-dung-cap-nuoc-khu-vuc-thanh-pho-ha-tinh-post270999.html"
TH = "baothanhhoa.vn"
TH_NEW = "/sam-son-don-hon-3-trieu-luot-khach-trong-6-thang-dau-nam-218765.htm"
TH_OLD = "/thanh-hoa-khoi-cong-duong-ven-bien-doan-qua-huyen-quang-xuong-214321.htm"


def crawl(mirror, tmp_path, *args, settings=None):
    """One crawl into a fresh archive; returns (archived paths per host, request log, stats)."""
    mirror.clear_log()
    db = tmp_path / "archive.db"
    result = run_crawl(mirror.registry, db, *args, settings=settings)
    assert result.returncode == 0, result.stderr[-3000:]
    host_of = {origin: host for host, origin in mirror.origins.items()}
    archived: dict[str, set[str]] = {}
    for row in query(db, "SELECT url FROM articles"):
        origin, path = row["url"][:row["url"].index("/", 8)], row["url"][row["url"].index("/", 8):]
        archived.setdefault(host_of[origin], set()).add(path)
    [crawl_row] = query(db, "SELECT stats FROM crawls")
    return archived, mirror.requests(), json.loads(crawl_row["stats"]), db


def fetched(requests, host):
    return [r["path"] for r in requests if r["host"] == host]


# --- dates known before fetching ------------------------------------------------------------------------
@pytest.mark.parametrize("url, period", [
    ("https://www.vietnam.vn/sitemap/sitemap-post/2024-07-19.xml", (date(2024, 7, 19), date(2024, 7, 19))),
    ("https://baohatinh.vn/sitemaps/news-2024-06.xml.gz", (date(2024, 6, 1), date(2024, 6, 30))),
    ("https://baonghean.vn/sitemap-article-2024-02-29.xml", (date(2024, 2, 29), date(2024, 2, 29))),
    ("https://baokhanhhoa.vn/xa-hoi/202407/mot-bai-viet-ab12cd3/", (date(2024, 7, 1), date(2024, 7, 31))),
    ("https://example.vn/2023/12/05/tin-moi.html", (date(2023, 12, 5), date(2023, 12, 5))),
    ("https://baonghean.vn/hang-nghin-luot-khach-dip-he-2024-10279933.html", None),  # a year in a slug, an id
    ("https://example.vn/tin-20240719.html", None),  # digits glued to a slug are an id, not a date
    ("https://example.vn/ket-qua-2024-07-tin-moi.html", None),
    ("https://baohatinh.vn/sitemap.xml", None),
])
def test_url_period(url, period):
    assert url_period(url) == period


def test_parse_date_reads_w3c_rfc822_and_converts_to_vietnam_time():
    assert parse_date("2024-07-19T20:15:00+07:00") == date(2024, 7, 19)
    assert parse_date("2024-07-19T20:15:00Z") == date(2024, 7, 20)  # 03:15 on the 20th in Vietnam
    assert parse_date("Sat, 20 Jul 2024 08:05:00 +0700") == date(2024, 7, 20)
    assert parse_date("2024-07-19") == date(2024, 7, 19)
    assert parse_date("yesterday") is None and parse_date(None) is None


def test_date_window_skips_only_what_is_known_to_be_outside():
    window = DateWindow(since=date(2024, 7, 1), until=date(2024, 7, 31))
    assert not window.admits("https://x.vn/news-2024-06.xml")
    assert window.admits("https://x.vn/news-2024-07.xml")
    assert not window.admits("https://x.vn/a-b-c", published=date(2024, 8, 1))
    assert not window.admits("https://x.vn/a-b-c", modified=date(2024, 6, 30))  # unchanged since June
    assert window.admits("https://x.vn/a-b-c", modified=date(2024, 8, 2))  # modified later: maybe in July
    assert window.admits("https://x.vn/a-b-c")  # nothing known: fetched
    assert DateWindow().admits("https://x.vn/news-2001-01.xml")


def test_retry_after_header_forms():
    assert retry_after_seconds(b"120") == 120
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10
    assert retry_after_seconds(b"soon") is None and retry_after_seconds(None) is None


# --- platform families ------------------------------------------------------------------------------------
def test_article_family_robots_sitemap_index_gzip_news_sitemaps(sample_mirror, tmp_path):
    """baohatinh.vn: robots.txt -> sitemap index -> monthly gzipped news sitemaps -> articles."""
    archived, requests, stats, db = crawl(sample_mirror, tmp_path, "sites=baohatinh")
    paths = fetched(requests, HT)
    for sitemap in ("/robots.txt", "/sitemap.xml", "/sitemaps/news-2024-06.xml.gz", "/sitemaps/news-2024-07.xml.gz"):
        assert sitemap in paths
    assert archived[HT] == {HT_JUNE, *HT_JULY}
    assert paths.count(HT_JULY[0]) == 1  # found in the sitemap and on the homepage, fetched once
    [failed] = query(db, "SELECT url, reason FROM failed_pages WHERE reason != 'pattern'")  # pattern: categories.xml
    assert failed["url"].endswith(HT_REMOVED) and failed["reason"] == "http_404"


def test_dcontent_family_atom_feed_and_next_page_without_rel(sample_mirror, tmp_path):
    """baothanhhoa.vn: an Atom feed, and a section whose second page is linked only by its "Trang sau" text."""
    archived, requests, stats, _ = crawl(sample_mirror, tmp_path, "sites=baothanhhoa")
    assert archived[TH] == {TH_NEW, TH_OLD}
    assert "/thoi-su/trang-2.htm" in fetched(requests, TH)
    assert stats["discovery/feed"] == 1 and stats["discovery/next_page"] == 1


# --- date bounds ------------------------------------------------------------------------------------------
def test_since_skips_older_sitemaps_and_entries_without_fetching_them(sample_mirror, tmp_path):
    archived, requests, stats, _ = crawl(sample_mirror, tmp_path, "sites=baohatinh", "since=2024-07-01")
    paths = fetched(requests, HT)
    assert "/sitemaps/news-2024-07.xml.gz" in paths
    assert "/sitemaps/news-2024-06.xml.gz" not in paths  # monthly file name before `since`
    assert "/sitemaps/categories.xml" not in paths  # lastmod before `since`
    assert HT_JUNE not in paths
    assert HT_REMOVED not in paths  # in the July sitemap, but news:publication_date is 29 June
    assert archived[HT] == set(HT_JULY)
    assert stats["discovery/sitemap_skipped_by_date"] == 2 and stats["discovery/skipped_by_date"] == 1


def test_until_skips_newer_sitemaps(sample_mirror, tmp_path):
    archived, requests, _, _ = crawl(sample_mirror, tmp_path, "sites=baonghean", "until=2024-07-19")
    paths = fetched(requests, "baonghean.vn")
    assert "/sitemap-article-2024-07-19.xml" in paths and "/sitemap-article-2024-07-20.xml" not in paths


def test_since_uses_feed_dates(sample_mirror, tmp_path):
    """Atom <published> and RSS <pubDate>: older items are never fetched."""
    atom = sample_mirror.url(TH, "/rss/thoi-su.xml")
    archived, requests, _, _ = crawl(sample_mirror, tmp_path, f"url={atom}", "since=2024-07-01")
    assert TH_NEW in fetched(requests, TH) and TH_OLD not in fetched(requests, TH)
    rss = sample_mirror.url("baoquangninh.vn", "/rss/news/kinh-te.rss")
    archived, requests, _, _ = crawl(sample_mirror, tmp_path / "rss", f"url={rss}", "since=2024-07-20",
                                     "until=2024-07-20")
    assert fetched(requests, "baoquangninh.vn") == [
        "/robots.txt", "/rss/news/kinh-te.rss", "/van-don-phat-trien-nuoi-trong-thuy-san-ung-dung-cong-nghe-cao-3301402.html"]


def test_invalid_date_argument_is_a_clear_error(sample_mirror, tmp_path):
    result = run_crawl(sample_mirror.registry, tmp_path / "x.db", "sites=baohatinh", "since=July")
    assert "since='July' is not a date" in result.stderr


# --- limits and politeness --------------------------------------------------------------------------------
def test_max_articles_per_site(sample_mirror, tmp_path):
    archived, requests, stats, _ = crawl(sample_mirror, tmp_path, "sites=baohatinh,baothanhhoa", "max_articles=1")
    every = {HT: {HT_JUNE, HT_REMOVED, *HT_JULY}, TH: {TH_NEW, TH_OLD}}
    for host, articles in every.items():
        assert len([p for p in fetched(requests, host) if p in articles]) == 1
    assert stats["articles/skipped_max_articles"] >= 1


def test_robots_disallow_is_obeyed_for_sitemap_urls(private_mirror, tmp_path):
    robots = private_mirror.root / HT / "robots.txt"
    robots.write_text(robots.read_text().replace("Disallow: /tim-kiem/", f"Disallow: {HT_JULY[0]}"))
    archived, requests, _, db = crawl(private_mirror, tmp_path, "sites=baohatinh")
    assert HT_JULY[0] not in fetched(requests, HT)
    assert HT_JULY[0] not in archived[HT]
    reasons = {row["url"].rsplit("/", 1)[-1]: row["reason"] for row in query(db, "SELECT * FROM failed_pages")}
    assert reasons[HT_JULY[0].lstrip("/")] == "robots"


def test_retry_after_is_honoured(private_mirror, tmp_path):
    (private_mirror.root / TH / "_headers.toml").write_text(
        f'["{TH_NEW}"]\nstatus = 429\nbody = "Too Many Requests"\nheaders = {{"Retry-After" = "2"}}\n')
    archived, requests, stats, db = crawl(private_mirror, tmp_path, "sites=baothanhhoa",
                                          settings={"RETRY_TIMES": "1"})
    attempts = [r for r in requests if r["host"] == TH and r["path"] == TH_NEW]
    assert [r["status"] for r in attempts] == [429, 429]
    assert attempts[1]["time"] - attempts[0]["time"] >= 1.9
    assert stats["retry/retry_after"] == 2
    assert {"reason": "http_429"} in query(db, "SELECT reason FROM failed_pages")


def test_backoff_without_retry_after(private_mirror, tmp_path):
    (private_mirror.root / TH / "_headers.toml").write_text(f'["{TH_NEW}"]\nstatus = 503\n')
    _, requests, stats, _ = crawl(private_mirror, tmp_path, "sites=baothanhhoa",
                                  settings={"RETRY_TIMES": "1", "RETRY_BACKOFF_BASE": "1.5"})
    attempts = [r["time"] for r in requests if r["host"] == TH and r["path"] == TH_NEW]
    assert len(attempts) == 2 and attempts[1] - attempts[0] >= 1.4
    assert stats["retry/backoff"] == 2


def test_closespider_settings_are_respected(sample_mirror, tmp_path):
    mirror = sample_mirror
    mirror.clear_log()
    db = tmp_path / "archive.db"
    result = run_crawl(mirror.registry, db, "sites=baohatinh,baothanhhoa",
                       settings={"CLOSESPIDER_ITEMCOUNT": "1", "CONCURRENT_REQUESTS": "1"})
    assert result.returncode == 0
    assert "closespider_itemcount" in result.stderr
    assert len(query(db, "SELECT url FROM articles")) < 5
