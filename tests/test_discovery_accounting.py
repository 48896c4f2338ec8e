"""Every article URL the spider does not request is counted per reason and per site, and the first few are logged
with the rule that rejected them (issue 13), on real crawls of the loopback sample mirror."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT, SAMPLES, query, run_crawl, run_job


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


HOSTS = {"baonghean": "baonghean.vn", "baoquangninh": "baoquangninh.vn", "baohatinh": "baohatinh.vn",
         "baothanhhoa": "baothanhhoa.vn"}
# Real URL shapes that the generic link heuristic rejects (issue 13); a sitemap that lists them lists articles.
LISTED_SHAPES = ["/news/a-1f3c9e", "/article/7b2d91ef", "/vi/tin-moi", "/world/asia/vietnam-floods-2024-10-01/",
                 "/p/123", "/article.php?id=123"]


def distinct_articles(expected: dict, count: int) -> list[dict]:
    """Sample articles that are neither duplicates nor originals of one, so each is archived as its own row."""
    involved = {d["path"] for d in expected["duplicates"]} | {d["duplicate_of"]["path"] for d in expected["duplicates"]}
    return [a for a in expected["articles"] if a["site"] in HOSTS and a["path"] not in involved][:count]


def tag_page(expected: dict) -> str:
    """A tag page as the real sites build them: a headline link and its sapo for each of a dozen articles."""
    teasers = "".join(f'<div class="story"><h3><a href="https://baonghean.vn{a["path"]}">{a["title"]}</a></h3>'
                      f'<p class="sapo">{a["lead"]}</p></div>' for a in expected["articles"][:12])
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Kinh tế - Báo Nghệ An</title>'
            f'<meta property="og:type" content="website"></head><body><h1>Kinh tế</h1>{teasers}</body></html>')


def publish(site_dir, path: str, source, original_path: str) -> None:
    """Serve the page ``source`` at ``path``, its canonical and og:url pointing at the new address."""
    relative = path.split("?")[0].lstrip("/")
    target = site_dir / (relative + ("index.html" if relative.endswith("/") else ""))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(source.read_bytes().replace(original_path.encode(), path.encode()))


def test_a_sitemap_of_odd_url_shapes_archives_every_article_and_drops_non_articles_with_a_reason(
        private_mirror, tmp_path, expected):
    """An ad-hoc crawl of a sitemap that lists articles under real shapes the link heuristic would refuse, plus a
    tag page and a PDF: every article archived, each non-article recorded with its reason, nothing uncounted."""
    site = private_mirror.root / "baonghean.vn"
    articles = distinct_articles(expected, len(LISTED_SHAPES))
    assert len(articles) == len(LISTED_SHAPES)
    for shape, article in zip(LISTED_SHAPES, articles):
        publish(site, shape, SAMPLES / HOSTS[article["site"]] / article["path"].lstrip("/"), article["path"])
    (site / "tag" / "kinh-te").mkdir(parents=True)
    (site / "tag" / "kinh-te" / "index.html").write_text(tag_page(expected), encoding="utf-8")
    (site / "files").mkdir()
    (site / "files" / "bao-cao.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
    listed = [*LISTED_SHAPES, "/tag/kinh-te/", "/files/bao-cao.pdf"]
    entries = "".join(f"<url><loc>https://baonghean.vn{path.replace('&', '&amp;')}</loc></url>" for path in listed)
    (site / "shapes-sitemap.xml").write_text(
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>')

    stats, _ = crawl_stats(private_mirror, tmp_path, "url=" + private_mirror.url("baonghean.vn", "/shapes-sitemap.xml"))
    db = tmp_path / "archive.db"
    titles = {row["title"] for row in query(db, "SELECT title FROM articles")}
    assert titles == {article["title"] for article in articles}
    archived_paths = {row["url"].split("/", 3)[3] for row in query(db, "SELECT url FROM articles")}
    assert archived_paths == {shape.lstrip("/") for shape in LISTED_SHAPES}
    failed = {row["url"].split("/", 3)[3]: row["reason"] for row in query(db, "SELECT url, reason FROM failed_pages")}
    assert failed == {"tag/kinh-te/": "not_article", "files/bao-cao.pdf": "not_html"}
    assert not any(name.startswith("discovery/rejected/") for name in stats)
    assert "sites/yielded_nothing" not in stats


def test_robots_rejections_are_counted_as_discovery_rejections(sample_mirror, tmp_path):
    stats, log = crawl_stats(sample_mirror, tmp_path, "sites=baonghean")
    assert stats["discovery/rejected/robots/baonghean"] == stats["articles/failed/robots"] == 1
    assert "rejected (robots): disallowed by the site's robots.txt" in log


def break_pattern(registry, site: str) -> None:
    """Give ``site`` a declared article pattern that matches none of its URLs (a wrong registry entry)."""
    text = registry.read_text(encoding="utf-8")
    start = text.index(f"[sites.{site}]")
    end = text.find("[sites.", start + 1)
    end = len(text) if end < 0 else end
    entry = "\n".join(line for line in text[start:end].splitlines() if not line.startswith("article_pattern"))
    registry.write_text(text[:start] + entry + "\narticle_pattern = '-wrong\\d+\\.html$'\n\n" + text[end:],
                        encoding="utf-8")


def test_a_site_with_a_wrong_pattern_is_named_and_its_lone_crawl_exits_non_zero(private_mirror, tmp_path):
    break_pattern(private_mirror.registry, "baohatinh")
    db = tmp_path / "archive.db"
    result = run_job(private_mirror.registry, db, "--sites", "baohatinh")
    assert result.returncode == 1, result.stderr[-3000:]
    assert "crawl failed: no site yielded an article" in result.stderr
    assert "Site baohatinh yielded nothing: discovery listed" in result.stderr
    [crawl] = query(db, "SELECT outcome, stats FROM crawls")
    assert crawl["outcome"] == "failed: no site yielded an article"
    why = json.loads(crawl["stats"])["sites/yielded_nothing"]["baohatinh"]
    assert why.startswith("discovery listed ") and "rejected them all (pattern ×" in why
    report = subprocess.run([sys.executable, "-m", "scrapy", "report", str(db)], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout
    assert "Sites that yielded nothing in that crawl: 1" in report and f"baohatinh        {why}" in report
    crawled = run_crawl(private_mirror.registry, tmp_path / "crawled.db", "sites=baohatinh")
    assert crawled.returncode == 1 and "crawl failed: no site yielded an article" in crawled.stderr


def test_one_silent_site_among_working_ones_is_named_but_the_run_finishes(private_mirror, tmp_path):
    break_pattern(private_mirror.registry, "baohatinh")
    db = tmp_path / "archive.db"
    result = run_job(private_mirror.registry, db, "--sites", "baohatinh,baothanhhoa")
    assert result.returncode == 0, result.stderr[-3000:]
    [crawl] = query(db, "SELECT outcome, stats FROM crawls")
    assert crawl["outcome"] == "finished"
    assert set(json.loads(crawl["stats"])["sites/yielded_nothing"]) == {"baohatinh"}
    assert query(db, "SELECT count(*) AS n FROM articles WHERE site = 'baothanhhoa'")[0]["n"] > 0
