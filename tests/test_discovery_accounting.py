"""Every article URL the spider does not request is counted per reason and per site, and the first few are logged
with the rule that rejected them (issue 13), on real crawls of the loopback sample mirror."""

from __future__ import annotations

import json

from tests.conftest import query, run_crawl


def crawl_stats(mirror, tmp_path, *args):
    result = run_crawl(mirror.registry, tmp_path / "archive.db", *args)
    assert result.returncode == 0, result.stderr[-3000:]
    [row] = query(tmp_path / "archive.db", "SELECT stats FROM crawls")
    return json.loads(row["stats"]), result.stderr


def test_date_rejections_are_counted_per_site_and_logged_with_the_window(sample_mirror, tmp_path):
    stats, log = crawl_stats(sample_mirror, tmp_path, "sites=baohatinh", "since=2024-07-01")
    assert stats["discovery/rejected/date/baohatinh"] == stats["discovery/rejected/date"] == 1
    assert stats["discovery/skipped_by_date"] == 1  # the total from before per-reason stats
    assert "rejected (date): date window since=2024-07-01 until=None" in log


def test_pattern_and_seen_rejections_are_counted_and_logged_with_the_pattern(sample_mirror, tmp_path):
    stats, log = crawl_stats(sample_mirror, tmp_path, "sites=baonghean")
    assert stats["discovery/rejected/pattern/baonghean"] == stats["discovery/rejected/pattern"] >= 1
    assert stats["discovery/ignored_url"] >= stats["discovery/rejected/pattern"]
    assert stats["discovery/rejected/seen/baonghean"] >= 1  # the sitemap, the feed and sections list the same URLs
    assert "of baonghean rejected (pattern): article_pattern '-\\\\d{8}\\\\.html$'" in log
    logged = log.count("of baonghean rejected (pattern)")
    assert logged == min(5, stats["discovery/rejected/pattern"])


ODD_SHAPES = ["/news/a-1f3c9e", "/p/123", "/world/asia/vietnam-floods-2024-10-01/"]


def test_sitemap_entries_are_candidates_unless_a_declared_pattern_rejects_them(private_mirror, tmp_path):
    """The generic heuristic does not judge sitemap entries (an ad-hoc crawl fetches every shape); a declared
    pattern does, and its rejections of listed URLs are recorded in failed_pages."""
    site = private_mirror.root / "baonghean.vn"
    article = (site / "nghe-an-thu-hut-hon-1-ty-usd-von-dau-tu-truc-tiep-nuoc-ngoai-trong-6-thang-dau-nam-10279850.html")
    for path in ODD_SHAPES:
        target = site / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(article.read_bytes())
    entries = "".join(f"<url><loc>https://baonghean.vn{path}</loc></url>" for path in ODD_SHAPES)
    (site / "odd-sitemap.xml").write_text(
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>')
    private_mirror.clear_log()
    stats, _ = crawl_stats(private_mirror, tmp_path, "url=" + private_mirror.url("baonghean.vn", "/odd-sitemap.xml"))
    fetched = {r["path"] for r in private_mirror.requests()}
    assert set(ODD_SHAPES) <= fetched
    assert "discovery/rejected/pattern" not in stats

    dated = site / "sitemap-article-2024-07-19.xml"
    dated.write_text(dated.read_text().replace("</urlset>", entries + "</urlset>"))
    (tmp_path / "declared").mkdir()
    stats, log = crawl_stats(private_mirror, tmp_path / "declared", "sites=baonghean")
    failed = query(tmp_path / "declared" / "archive.db", "SELECT url, reason, detail FROM failed_pages "
                                                         "WHERE reason = 'pattern'")
    assert {row["url"].split(":", 2)[2].split("/", 1)[1] for row in failed} >= {p.lstrip("/") for p in ODD_SHAPES}
    assert all("article_pattern" in row["detail"] for row in failed)
