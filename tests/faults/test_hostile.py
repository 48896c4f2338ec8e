"""Hostile sites and damaged raw archives (issue 16): off-site redirects, a malformed URL among good ones, torn WARC
files, a WARC directory that is not the archive's, and a re-extraction under a reader that holds the archive open."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from pipelines.archive.warc import WarcWriter
from pipelines.extraction.page import RawPage
from tests.conftest import ROOT, query, run_crawl

ARTICLE = "/nghe-an-thu-hut-hon-1-ty-usd-von-dau-tu-truc-tiep-nuoc-ngoai-trong-6-thang-dau-nam-10279850.html"
OTHER_ARTICLE = "/hang-nghin-luot-khach-ve-khu-di-tich-kim-lien-dip-he-2024-10279933.html"


class InternalHost:
    """A host the crawl must never reach (a stand-in for an internal service): it counts the requests it gets."""

    def __init__(self):
        self.paths: list[str] = []
        host = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                host.paths.append(self.path)
                body = b"<html><body><article><p>" + b"internal secret " * 200 + b"</p></article></body></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def internal_host():
    host = InternalHost()
    yield host
    host.server.shutdown()


def write_sitemap(site_dir, name: str, locs: list[str]) -> None:
    entries = "".join(f"<url><loc>{loc}</loc></url>" for loc in locs)
    (site_dir / name).write_text(f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                 f"{entries}</urlset>")


def test_redirects_off_the_registered_domains_are_not_followed(private_mirror, tmp_path, internal_host):
    site = private_mirror.root / "baonghean.vn"
    with (site / "_headers.toml").open("a") as overrides:
        overrides.write(f'\n["/away.html"]\nstatus = 302\nheaders = {{"Location" = "{internal_host.url}/admin"}}\n'
                        f'\n["/away-sitemap.xml"]\nstatus = 301\n'
                        f'headers = {{"Location" = "{internal_host.url}/sitemap.xml"}}\n')
    write_sitemap(site, "redirects.xml", [f"https://baonghean.vn{ARTICLE}", "https://baonghean.vn/away.html"])
    (site / "index.xml").write_text(
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<sitemap><loc>https://baonghean.vn/redirects.xml</loc></sitemap>"
        "<sitemap><loc>https://baonghean.vn/away-sitemap.xml</loc></sitemap></sitemapindex>")
    db = tmp_path / "archive.db"
    result = run_crawl(private_mirror.registry, db, "url=" + private_mirror.url("baonghean.vn", "/index.xml"))
    assert result.returncode == 0, result.stderr[-3000:]
    assert internal_host.paths == []
    assert [row["url"] for row in query(db, "SELECT url FROM articles")] == [private_mirror.url("baonghean.vn", ARTICLE)]
    failed = {row["url"].rsplit("/", 1)[1]: row["reason"] for row in query(db, "SELECT url, reason FROM failed_pages")}
    assert failed == {"away.html": "offsite", "away-sitemap.xml": "discovery_offsite"}


def test_one_malformed_url_does_not_cost_the_rest_of_its_sitemap(private_mirror, tmp_path):
    site = private_mirror.root / "baonghean.vn"
    write_sitemap(site, "malformed.xml", [f"https://baonghean.vn{ARTICLE}", "http://[::1/broken-12345678.html",
                                          f"https://baonghean.vn{OTHER_ARTICLE}"])
    db = tmp_path / "archive.db"
    result = run_crawl(private_mirror.registry, db, "url=" + private_mirror.url("baonghean.vn", "/malformed.xml"))
    assert result.returncode == 0, result.stderr[-3000:]
    urls = {row["url"] for row in query(db, "SELECT url FROM articles")}
    assert urls == {private_mirror.url("baonghean.vn", ARTICLE), private_mirror.url("baonghean.vn", OTHER_ARTICLE)}
    stats = json.loads(query(db, "SELECT stats FROM crawls")[0]["stats"])
    assert stats["discovery/rejected/malformed"] == 1
    assert "rejected (malformed): not a valid URL" in result.stderr


# --- re-extraction over damaged or foreign raw archives ---------------------------------------------------------
def reextract(db, registry, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scrapy", "reextract", "--db", str(db), "--registry", str(registry),
                           *options], cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.fixture
def archive_copy(sample_crawl, tmp_path):
    db = tmp_path / "archive.db"
    shutil.copy(sample_crawl["db"], db)
    shutil.copytree(sample_crawl["db"].parent / "warc", tmp_path / "warc")
    return db


def newest_warc(db):
    return max((db.parent / "warc").glob("*.warc.gz"), key=lambda path: path.name)


def test_a_torn_warc_tail_is_read_up_to_the_tear(archive_copy, sample_crawl):
    """A crawl killed mid-write leaves a partial record after the last whole one: the replay reads the rest."""
    with newest_warc(archive_copy).open("ab") as warc:
        warc.write(b"\x1f\x8b\x08\x00" + b"torn record" * 50)
    articles = query(archive_copy, "SELECT url FROM articles ORDER BY url")
    result = reextract(archive_copy, sample_crawl["mirror"].registry)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "ends in a damaged record" in result.stderr
    assert query(archive_copy, "SELECT url FROM articles ORDER BY url") == articles


def test_a_replay_that_misses_archived_records_replaces_nothing(archive_copy, sample_crawl):
    warc = newest_warc(archive_copy)
    warc.write_bytes(warc.read_bytes()[: warc.stat().st_size // 2])  # torn through archived records
    before = archive_copy.read_bytes()
    result = reextract(archive_copy, sample_crawl["mirror"].registry)
    assert result.returncode == 1
    assert "re-extraction failed, the archive is unchanged" in result.stderr and "have no readable record" in result.stderr
    assert archive_copy.read_bytes() == before


def test_a_warc_directory_of_another_archive_is_refused(archive_copy, sample_crawl, tmp_path):
    foreign = tmp_path / "foreign-warc"
    writer = WarcWriter(foreign, max_bytes=1 << 20)
    writer.write(RawPage(url="https://other.vn/a-12345678.html", final_url="https://other.vn/a-12345678.html",
                         status=200, headers={"Content-Type": "text/html"}, body=b"<html><p>other</p></html>",
                         fetched_at="2024-07-19T00:00:00+00:00", site="other"))
    writer.close()
    before = archive_copy.read_bytes()
    result = reextract(archive_copy, sample_crawl["mirror"].registry, "--warc-dir", str(foreign))
    assert result.returncode == 1 and "have no readable record" in result.stderr
    assert archive_copy.read_bytes() == before
    assert query(archive_copy, "SELECT count(*) AS n FROM articles")[0]["n"] == len(
        query(sample_crawl["db"], "SELECT url FROM articles"))


def test_a_reader_holding_the_archive_open_sees_the_rebuilt_archive(archive_copy, sample_crawl):
    """Datasette keeps its connection: the rebuild is copied into the same file, not renamed over it."""
    removed = query(archive_copy, "SELECT url FROM articles ORDER BY url LIMIT 1")[0]["url"]
    conn = sqlite3.connect(archive_copy)
    conn.execute("DELETE FROM articles WHERE url = ?", [removed])
    conn.commit()
    inode = archive_copy.stat().st_ino
    reader = sqlite3.connect(archive_copy)
    assert reader.execute("SELECT count(*) FROM articles WHERE url = ?", [removed]).fetchone()[0] == 0
    result = reextract(archive_copy, sample_crawl["mirror"].registry)
    assert result.returncode == 0, result.stderr[-3000:]
    assert archive_copy.stat().st_ino == inode
    assert reader.execute("SELECT count(*) FROM articles WHERE url = ?", [removed]).fetchone()[0] == 1
    reader.close()
    conn.close()


# --- robots.txt -------------------------------------------------------------------------------------------------
CRAWL_DELAY = 1.0


def article_requests(mirror, host: str) -> list[dict]:
    return [r for r in mirror.requests() if r["host"] == host and r["path"].endswith(".html")]


def test_crawl_delay_spaces_the_requests_to_its_host(private_mirror, tmp_path):
    robots = private_mirror.root / "baohatinh.vn" / "robots.txt"
    robots.write_text(f"User-agent: *\nCrawl-delay: {CRAWL_DELAY:g}\n" + robots.read_text())
    result = run_crawl(private_mirror.registry, tmp_path / "archive.db", "sites=baohatinh",
                       settings={"CONCURRENT_REQUESTS_PER_DOMAIN": "4"})
    assert result.returncode == 0, result.stderr[-3000:]
    times = sorted(r["time"] for r in article_requests(private_mirror, "baohatinh.vn"))
    assert len(times) >= 3
    assert min(later - earlier for earlier, later in zip(times, times[1:])) >= CRAWL_DELAY * 0.95


@pytest.mark.parametrize("failure", ["server error", "timeout"])
def test_an_unreadable_robots_txt_fetches_nothing_and_says_so(private_mirror, tmp_path, failure):
    override = 'status = 503\nbody = "busy"\n' if failure == "server error" else "delay = 5\n"
    with (private_mirror.root / "baohatinh.vn" / "_headers.toml").open("a") as overrides:
        overrides.write(f'\n["/robots.txt"]\n{override}')
    db = tmp_path / "archive.db"
    result = run_crawl(private_mirror.registry, db, "sites=baohatinh",
                       settings={"DOWNLOAD_TIMEOUT": "2", "RETRY_TIMES": "0"})
    assert "robots.txt of" in result.stderr and "could not be read" in result.stderr
    assert article_requests(private_mirror, "baohatinh.vn") == []
    assert query(db, "SELECT count(*) AS n FROM articles")[0]["n"] == 0
    reasons = {row["reason"] for row in query(db, "SELECT reason FROM failed_pages")}
    assert reasons == {"discovery_robots"}  # its discovery URLs too: nothing of the host is fetched
    assert "Site baohatinh yielded nothing: no discovery URL answered (robots ×" in result.stderr
    stats = json.loads(query(db, "SELECT stats FROM crawls")[0]["stats"])
    assert stats["robotstxt/unreachable"] == 1


# --- a page that takes too long to analyse ------------------------------------------------------------------------
HUGE_PARAGRAPHS = 40_000  # about 9 MB of HTML: minutes of extraction and hundreds of MB in one worker


def test_a_page_whose_analysis_runs_too_long_is_recorded_and_the_crawl_goes_on(private_mirror, tmp_path):
    site = private_mirror.root / "baonghean.vn"
    words = "Tỉnh Nghệ An tiếp tục đẩy mạnh thu hút đầu tư vào các khu công nghiệp trong những tháng cuối năm".split()
    paragraphs = "".join(f"<div class='p'><p>{' '.join(words[(i + j) % len(words)] for j in range(30))}</p></div>"
                         for i in range(HUGE_PARAGRAPHS))
    (site / "huge-page-12345678.html").write_text(
        f'<html lang="vi"><head><meta charset="utf-8"><title>Trang rất lớn</title></head><body><article>'
        f"<h1>Trang rất lớn</h1>{paragraphs}</article></body></html>", encoding="utf-8")
    write_sitemap(site, "huge.xml", ["https://baonghean.vn/huge-page-12345678.html", f"https://baonghean.vn{ARTICLE}"])
    db = tmp_path / "archive.db"
    result = run_crawl(private_mirror.registry, db, "url=" + private_mirror.url("baonghean.vn", "/huge.xml"),
                       settings={"WORKER_TASK_TIMEOUT": "1", "WORKER_PROCESSES": "1"})
    assert result.returncode == 0, result.stderr[-3000:]
    assert [row["url"] for row in query(db, "SELECT url FROM articles")] == [private_mirror.url("baonghean.vn", ARTICLE)]
    [failed] = query(db, "SELECT url, reason FROM failed_pages")
    assert failed["reason"] == "worker_timeout" and failed["url"].endswith("/huge-page-12345678.html")
    assert "took longer than 1.0 s: its worker is killed" in result.stderr
