"""Browsing the archive: a real `make browse` (Datasette) over a real sample crawl, asserted through its JSON API
and in headless Chromium, plus Datasette answering while a crawler process writes (WAL).

Run as ``python -m tests.test_browse write DB N`` it is that writer process.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, query

# Screenshots go to the test's temporary directory; `make screenshots` sets SCREENSHOT_DIR=docs/screenshots to
# refresh the committed ones on purpose (a relative path is taken from the repository root).
SCREENSHOT_DIR_VAR = "SCREENSHOT_DIR"
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--window-size=1280,1400", "--lang=vi-VN"]
SEARCH_MIGRATION = "m101_search_folds_vietnamese_d"

# The sample sites write "Đà Nẵng" only in English ("Da Nang"); this article of a sample site, stored through the
# crawler's own Archive (so through the index triggers), gives "da nang" a Vietnamese "Đà Nẵng" to find.
DA_NANG_ARTICLE = {
    "url": "https://baonghean.vn/du-lich/da-nang-don-khach-dip-le-hoi-phao-hoa-10279990.html",
    "site": "baonghean", "province": "Nghệ An", "language": "vi", "language_prob": 0.99,
    "title": "Đà Nẵng đón hơn 200.000 lượt khách dịp lễ hội pháo hoa",
    "lead": "Lễ hội pháo hoa quốc tế Đà Nẵng kéo du khách về thành phố bên sông Hàn.",
    "text": "Trong tuần đầu của lễ hội, các cơ sở lưu trú ở Đà Nẵng đạt công suất phòng "
            "trên 80%.\n"
            "Sở Du lịch cho biết lượng khách quốc tế tăng mạnh so với cùng kỳ.",
    "author": "Minh Đức", "published": "2024-07-21T20:10:00+07:00", "content_hash": "da-nang-sample",
    "first_seen": "2024-07-21T13:30:00+00:00", "last_seen": "2024-07-21T13:30:00+00:00",
}


# --- helpers ------------------------------------------------------------------------------------------------
def fold(text: str) -> str:
    """What a reader means by "without diacritics": marks dropped, đ read as d, case ignored."""
    text = unicodedata.normalize("NFD", text or "").replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def matches(row: dict, search: str) -> bool:
    """The search's meaning, computed without SQLite: every word of the query is a word of title, lead or text."""
    found = set(words(" ".join(row.get(c) or "" for c in ("title", "lead", "text"))))
    return all(word in found for word in words(search))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def copy_database(source: Path, target: Path) -> Path:
    """A consistent copy of a (possibly WAL) database, through SQLite's backup API."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return target


def archive(db: Path):
    """The crawler's own writer (every migration is in pipelines/archive/schema.py)."""
    from pipelines.archive import Archive

    return Archive(db)


def sample_archive_with(sample_crawl, directory: Path, extra_articles) -> Path:
    """A copy of the sample crawl's archive, under the name the metadata expects, with ``extra_articles`` added."""
    db = copy_database(sample_crawl["db"], directory / "archive.db")
    store = archive(db)
    with store.transaction():
        for row in extra_articles:
            store.save_article(row)
    store.close()
    return db


class Browse:
    """`make browse` running on a free port: the command users run, in its own process group."""

    def __init__(self, db: Path, env: dict | None = None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = db.parent / f"datasette-{self.port}.log"
        # -o: take the installed venv as up to date, so a test never reinstalls packages.
        command = ["make", "-s", "-o", ".venv/.installed", "browse", f"ARCHIVE_DB={db}"]
        with self.log.open("w") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                            env={**os.environ, "PORT": str(self.port), **(env or {})},
                                            start_new_session=True)
        deadline = time.monotonic() + 60
        while True:
            try:
                self.get("/-/versions.json")
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    pytest.fail(f"make browse did not start:\n{self.log.read_text()[-3000:]}")
                time.sleep(0.2)

    def get(self, path: str, params: dict | None = None):
        """(status, headers, body) of one GET, errors included."""
        url = self.base + path + ("?" + urllib.parse.urlencode(params) if params else "")
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def json(self, path: str, **params) -> dict | list:
        status, _, body = self.get(path, params)
        assert status == 200, f"{path} {params}: HTTP {status}: {body[:500]!r}"
        return json.loads(body)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(15)


# --- fixtures -----------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browse_db(sample_crawl, tmp_path_factory) -> Path:
    """The sample crawl's archive, copied under the name the metadata expects, plus the Đà Nẵng article."""
    return sample_archive_with(sample_crawl, tmp_path_factory.mktemp("browse"), [DA_NANG_ARTICLE])


@pytest.fixture(scope="module")
def browse(browse_db, sample_crawl):
    """Datasette over the copy; WARC files are read where the sample crawl wrote them."""
    server = Browse(browse_db, env={"WARC_DIR": str(sample_crawl["db"].parent / "warc")})
    yield server
    server.stop()


@pytest.fixture(scope="module")
def articles(browse_db) -> list[dict]:
    return query(browse_db, "SELECT * FROM articles")


def rows(browse: Browse, path: str, **params) -> list[dict]:
    return browse.json(path, _shape="array", _size="max", **params)


# --- JSON API ----------------------------------------------------------------------------------------------
def test_the_crawler_builds_the_diacritics_insensitive_index(sample_crawl):
    applied = {row["name"] for row in query(sample_crawl["db"], "SELECT name FROM _sqlite_migrations")}
    assert SEARCH_MIGRATION in applied, "pipelines/archive/schema.py must hold the search index's migration"


@pytest.mark.parametrize("search, needle", [
    ("nghe an", "Nghệ An"), ("da nang", "Đà Nẵng"), ("Đà Nẵng", "Đà Nẵng"), ("NGHỆ AN", "Nghệ An"),
    ("Da Nang", "Da Nang"), ("Hạ Long", "Hạ Long"), ("ha long", "Hạ Long"), ("van don", "Vân Đồn"),
])
def test_search_matches_with_and_without_diacritics(browse, articles, search, needle):
    expected = {row["id"] for row in articles if matches(row, search)}
    assert any(needle in " ".join(row[c] or "" for c in ("title", "lead", "text"))
               for row in articles if row["id"] in expected), f"no archived article contains {needle!r}"
    found = {row["id"] for row in rows(browse, "/archive/articles.json", _search=search)}
    assert found == expected


def test_search_page_highlights_the_original_words(browse):
    status, _, body = browse.get("/archive/articles", {"_search": "da nang"})
    assert status == 200
    marked = re.findall(r"<mark>(.*?)</mark>", body.decode())
    assert marked and {word for mark in marked for word in words(mark)} <= {"da", "nang"}
    assert "Đà Nẵng" in marked  # the phrase, as written (not the folded index), highlighted as one


def test_articles_newest_first_with_default_facets(browse, articles):
    data = browse.json("/archive/articles.json", _size="max", _shape="objects")
    published = [row["published"] for row in data["rows"] if row["published"]]
    assert published == sorted(published, reverse=True) and len(data["rows"]) == len(articles)
    facets = data["facet_results"]
    assert {"site", "province", "language", "published"} <= set(facets)
    for column in ("site", "province", "language"):
        counts = {}
        for row in articles:
            if row[column] is not None:
                counts[row[column]] = counts.get(row[column], 0) + 1
        assert {value["value"]: value["count"] for value in facets[column]["results"]} == counts
    months = {}
    for row in articles:
        if row["published"]:
            months[row["published"][:7]] = months.get(row["published"][:7], 0) + 1
    assert facets["published"]["type"] == "month"
    assert {value["value"]: value["count"] for value in facets["published"]["results"]} == months
    # Selecting a month filters on the publisher's local month.
    month = max(months)
    selected = rows(browse, "/archive/articles.json", published__startswith=month)
    assert len(selected) == months[month]


def test_sites_label_foreign_keys(browse, browse_db):
    names = {row["key"]: row["name"] for row in query(browse_db, "SELECT key, name FROM sites")}
    facet = browse.json("/archive/articles.json", _size=1)["facet_results"]["site"]["results"]
    assert {value["value"]: value["label"] for value in facet} == {v["value"]: names[v["value"]] for v in facet}


def test_canned_queries(browse, browse_db, articles):
    per_day = rows(browse, "/archive/articles_per_site_per_day.json")
    expected = {}
    for row in articles:
        key = ((row["published"] or "undated")[:10], row["site"])
        expected[key] = expected.get(key, 0) + 1
    assert {(r["day"], r["site"]): r["articles"] for r in per_day} == expected

    latest = rows(browse, "/archive/latest_articles.json")
    assert latest[0]["title"] == max(articles, key=lambda r: r["published"] or r["first_seen"])["title"]

    duplicates = query(browse_db, "SELECT url, duplicate_of FROM duplicates")
    assert duplicates, "the sample crawl has duplicates"
    clusters = rows(browse, "/archive/duplicate_clusters.json")
    copies = {}
    for duplicate in duplicates:
        copies.setdefault(duplicate["duplicate_of"], set()).add(duplicate["url"])
    assert {c["original_url"]: c["copies"] for c in clusters} == {url: len(urls) for url, urls in copies.items()}
    assert all(set(c["copy_urls"].split()) == copies[c["original_url"]] for c in clusters)

    last_failed = query(browse_db, "SELECT url FROM failed_pages WHERE crawl_id = (SELECT max(id) FROM crawls)")
    assert last_failed, "the sample crawl meets pages it does not archive"
    assert sorted(r["url"] for r in rows(browse, "/archive/failed_pages_last_run.json")) == sorted(
        r["url"] for r in last_failed)


def test_article_page_lists_duplicates_and_links_the_raw_page(browse, browse_db, articles):
    original = query(browse_db, "SELECT duplicate_of, count(*) AS n FROM duplicates GROUP BY duplicate_of "
                                "ORDER BY n DESC LIMIT 1")[0]
    article = next(row for row in articles if row["url"] == original["duplicate_of"])
    status, _, body = browse.get(f"/archive/articles/{article['id']}")
    html = body.decode()
    assert status == 200 and f"Duplicates ({original['n']})" in html
    for duplicate in query(browse_db, "SELECT id FROM duplicates WHERE duplicate_of = ?", [article["url"]]):
        assert f'href="/archive/duplicates/{duplicate["id"]}"' in html
    if "warc_file" not in article:
        return  # an archive from before raw pages were kept: nothing to link
    assert article["warc_file"], "the sample crawl keeps every article's raw response"
    link = re.search(r'<a class="raw" href="([^"]+)"', html).group(1)
    status, headers, raw = browse.get(link)
    assert status == 200 and headers["Content-Security-Policy"] == "sandbox"
    assert article["title"].split()[0].encode() in raw  # the page as the site served it


# --- read-only next to a crawl ------------------------------------------------------------------------------
def write_articles(db: Path, count: int) -> None:
    """The writer process: ``count`` articles, one transaction each, as the store pipeline writes them."""
    store = archive(db)
    for i in range(count):
        with store.transaction():
            store.save_article({**DA_NANG_ARTICLE, "url": f"{DA_NANG_ARTICLE['url']}?copy={i}",
                                "text": DA_NANG_ARTICLE["text"] + f"\nBản tin số {i} về Quảng Nam writerprobe.",
                                "content_hash": f"probe-{i}"})
        if i % 50 == 0:
            store.db.execute("PRAGMA wal_checkpoint(PASSIVE)")
        time.sleep(0.005)
    store.close()


def test_serves_while_a_crawler_writes(browse_db, tmp_path):
    db = copy_database(browse_db, tmp_path / "archive.db")
    archive(db).close()  # WAL mode, as the crawler leaves it
    before = query(db, "SELECT count(*) AS n FROM articles")[0]["n"]
    server = Browse(db)
    count, failures, answers = 300, [], 0
    try:
        writer = subprocess.Popen([sys.executable, "-m", "tests.test_browse", "write", str(db), str(count)],
                                  cwd=ROOT, stderr=subprocess.PIPE, text=True)
        seen = []
        while writer.poll() is None or not answers:
            for path, params in [("/archive/articles.json", {"_search": "quang nam", "_size": 1}),
                                 ("/archive.json", {"sql": "select count(*) as n from articles", "_shape": "array"}),
                                 ("/archive/articles", {"_search": "writerprobe"})]:
                status, _, body = server.get(path, params)
                answers += 1
                if status != 200 or b"locked" in body:
                    failures.append((path, status, body[:300]))
                elif path == "/archive.json":
                    seen.append(json.loads(body)[0]["n"])
        assert writer.wait() == 0, writer.stderr.read()[-2000:]
        assert not failures, failures[:3]
        assert answers > 30 and len(set(seen)) > 2, "Datasette saw the rows arrive while the crawl wrote"
        assert seen == sorted(seen)
        final = server.json("/archive/articles.json", _search="writerprobe", _size=1)["filtered_table_rows_count"]
        assert final == count
        assert server.json("/archive.json", sql="select count(*) as n from articles",
                           _shape="array")[0]["n"] == before + count
    finally:
        server.stop()


# --- in a real browser -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def chrome(tmp_path_factory):
    """Headless Chromium from the Debian packages, driven by Selenium through the packaged chromedriver."""
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    assert CHROMIUM.exists() and CHROMEDRIVER.exists(), "apt-packages.txt lists chromium and chromium-driver"
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS + [f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture
def screenshots(tmp_path) -> Path:
    """Where the browser test saves its screenshots: $SCREENSHOT_DIR if set, else the test's tmp_path."""
    chosen = os.environ.get(SCREENSHOT_DIR_VAR)
    directory = ROOT / chosen if chosen else tmp_path
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def test_search_box_and_article_page_in_chromium(browse, chrome, articles, screenshots):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    chrome.get(browse.base + "/archive/articles")
    assert "Articles" in chrome.find_element(By.TAG_NAME, "h1").text
    facet_names = {facet.get_attribute("data-column") for facet in chrome.find_elements(By.CSS_SELECTOR, ".facet-info")}
    assert {"site", "province", "language", "published"} <= facet_names
    box = chrome.find_element(By.ID, "_search")
    box.send_keys("da nang")
    box.submit()
    WebDriverWait(chrome, 30).until(lambda driver: "_search=" in driver.current_url)
    results = chrome.find_elements(By.CSS_SELECTOR, ".search-result")
    assert len(results) == sum(matches(row, "da nang") for row in articles)
    titles = [result.find_element(By.TAG_NAME, "h3").text for result in results]
    assert DA_NANG_ARTICLE["title"] in titles
    marks = {mark.text for mark in chrome.find_elements(By.CSS_SELECTOR, ".search-result mark")}
    assert "Đà Nẵng" in marks
    assert chrome.find_element(By.CSS_SELECTOR, "mark").value_of_css_property("background-color") != "rgba(0, 0, 0, 0)"
    assert chrome.save_screenshot(str(screenshots / "search.png"))

    # The article page: a Vietnamese article of the sample crawl, with its photo captions.
    article = next(row for row in sorted(articles, key=lambda r: r["id"])
                   if row["language"] == "vi" and json.loads(row["captions"] or "[]") and "Nghệ An" in row["title"])
    chrome.get(f"{browse.base}/archive/articles/{article['id']}")
    page = chrome.find_element(By.CSS_SELECTOR, "article.archived-article")
    assert page.find_element(By.TAG_NAME, "h1").text == article["title"]
    assert article["author"] in page.find_element(By.CSS_SELECTOR, ".byline").text
    assert page.find_element(By.CSS_SELECTOR, "time.published").get_attribute("datetime") == article["published"]
    assert page.find_element(By.CSS_SELECTOR, "a.original").get_attribute("href") == article["url"]
    paragraphs = [p.text for p in page.find_elements(By.CSS_SELECTOR, ".article-text p")]
    assert paragraphs == [line.strip() for line in article["text"].splitlines() if line.strip()]
    captions = [c.text for c in page.find_elements(By.CSS_SELECTOR, ".captions .caption")]
    assert captions == [(c.get("caption") or "").strip() for c in json.loads(article["captions"])]
    assert chrome.find_element(By.CSS_SELECTOR, ".kicker").text.startswith(
        query_site_name(browse, article["site"]))
    assert chrome.save_screenshot(str(screenshots / "article.png"))


def query_site_name(browse: Browse, key: str) -> str:
    return browse.json(f"/archive/sites/{key}.json", _shape="objects")["rows"][0]["name"]


if __name__ == "__main__" and sys.argv[1:2] == ["write"]:
    write_articles(Path(sys.argv[2]), int(sys.argv[3]))
