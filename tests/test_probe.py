"""``python -m crawler.sites --probe KEY [--url URL]`` against the loopback sample mirrors (issue 13): what discovery
finds on each mirror family, through the spider's own code, with nothing fetched beyond discovery and nothing
archived."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT, TEST_SETTINGS

# Hand-counted from data/samples: (site, a discovery URL path, articles it lists, how many the pattern keeps).
FAMILIES = [
    ("baonghean", "/rss/home.rss", 4, 4),  # OneCMS: robots.txt -> sitemap index -> daily sitemaps, RSS, sections
    ("baohatinh", "/sitemaps/news-2024-07.xml.gz", 3, 3),  # gzip monthly sitemaps behind robots.txt
    ("vietnamvn", "/sitemap/sitemap-category.xml", 2, 0),  # a category sitemap: listed, rejected by the pattern
    ("baoquangninh", "/rss/news/kinh-te.rss", 3, 3),
    ("baothanhhoa", "/rss/thoi-su.xml", 2, 2),
]


def probe(mirror, tmp_path, key: str, *options: str) -> subprocess.CompletedProcess:
    settings = [f"-s{name}={value}" for name, value in {**TEST_SETTINGS, "LOG_LEVEL": "WARNING",
                                                        "ARCHIVE_DB": str(tmp_path / "archive.db")}.items()]
    return subprocess.run([sys.executable, "-m", "crawler.sites", "--registry", str(mirror.registry), "--probe", key,
                           *options, *settings], cwd=ROOT, capture_output=True, text=True, timeout=120)


def row_for(report: str, url: str) -> list[str]:
    [line] = [line for line in report.splitlines() if line.split("  [")[0].endswith(" " + url)]
    return line.split()


@pytest.mark.parametrize("key, path, listed, kept", FAMILIES, ids=[f[0] for f in FAMILIES])
def test_probe_reports_what_each_discovery_url_lists_and_fetches_no_article(
        private_mirror, tmp_path, key, path, listed, kept):
    result = probe(private_mirror, tmp_path, key)
    assert result.returncode == 0, result.stderr[-3000:]
    host = next(h for h in private_mirror.origins if key.removeprefix("bao") in h.replace(".", ""))
    row = row_for(result.stdout, private_mirror.url(host, path))
    assert row[:2] == [str(listed), str(kept)]
    assert private_mirror.url(host, "/robots.txt") in result.stdout
    assert "Kept, first few:" in result.stdout and "Rejected, first few of each reason:" in result.stdout
    fetched = {entry["path"] for entry in private_mirror.requests()}
    article_paths = {line.strip().split(private_mirror.url(host, ""))[-1] for line in
                     result.stdout.split("Kept, first few:")[1].split("Rejected")[0].splitlines() if line.strip()}
    assert article_paths and not {"/" + p.lstrip("/") for p in article_paths} & fetched
    assert not (tmp_path / "archive.db").exists()


def test_probe_applies_robots_txt_and_counts_what_every_source_lists(private_mirror, tmp_path):
    result = probe(private_mirror, tmp_path, "baonghean")
    assert result.returncode == 0, result.stderr[-3000:]
    report = result.stdout
    assert "private/ban-thao-ke-hoach-noi-bo-toa-soan-12345678.html  (robots)" in report
    assert "rejected (robots): 1" in report
    assert "Article URLs listed: 25; distinct URLs kept: 5; rejected: 10" in report
    assert "2024-07-20" in row_for(report, private_mirror.url("baonghean.vn", "/sitemap-article-2024-07-20.xml"))


def test_probe_of_one_url_with_a_wrong_pattern_keeps_nothing_and_exits_non_zero(private_mirror, tmp_path):
    """The check to run before ``verified = true``: the registry's pattern against a sitemap of the live site."""
    registry = private_mirror.registry
    registry.write_text(registry.read_text(encoding="utf-8").replace("article_pattern = '-post\\d+\\.html$'",
                                                                    "article_pattern = '-p\\d+\\.htm$'"))
    url = private_mirror.url("baohatinh.vn", "/sitemaps/news-2024-07.xml.gz")
    result = probe(private_mirror, tmp_path, "baohatinh", "--url", url)
    assert result.returncode == 1, result.stdout + result.stderr[-2000:]
    assert row_for(result.stdout, url)[:2] == ["3", "0"]
    assert "rejected (pattern): 3" in result.stdout
    assert {entry["path"] for entry in private_mirror.requests()} == {"/robots.txt", "/sitemaps/news-2024-07.xml.gz"}
