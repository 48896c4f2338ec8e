"""The fetched URL is indexed only for aliases (m109): the crawl's lookups answer as they did when every fetched URL
was indexed, for an article fetched under its own URL, under another URL, and stored without a fetched URL."""

from __future__ import annotations

from pipelines.archive import Archive
from pipelines.archive.database import LOOKUP_SQL

# The lookups before m109 (every fetched URL indexed): the reference of their meaning.
FULL_INDEX_SQL = {
    "archived": "SELECT EXISTS (SELECT 1 FROM articles WHERE url = :url) "
                "OR EXISTS (SELECT 1 FROM articles WHERE fetched_url = :url) "
                "OR EXISTS (SELECT 1 FROM duplicates WHERE url = :url)",
    "revisit": "SELECT published, etag, last_modified FROM articles "
               "WHERE fetched_url = :url OR (url = :url AND fetched_url IS NULL) ORDER BY id",
}
STORED = [  # (url, fetched_url)
    ("https://a.vn/own", "https://a.vn/own"),
    ("https://a.vn/canonical", "https://a.vn/fetched-as"),
    ("https://a.vn/unfetched", None),
    ("https://a.vn/fetched-as", "https://a.vn/fetched-as"),  # an article whose URL is another one's alias
]
ASKED = [url for pair in STORED for url in pair if url] + ["https://a.vn/unknown"]


def test_lookups_answer_as_with_every_fetched_url_indexed(tmp_path):
    archive = Archive(tmp_path / "archive.db")
    with archive.transaction():
        for n, (url, fetched) in enumerate(STORED):
            archive.save_article({"url": url, "fetched_url": fetched, "site": "a", "text": f"text {n}",
                                  "first_seen": "2025-06-01T00:00:00+00:00", "etag": f'"{n}"',
                                  "published": "2025-06-01T00:00:00+00:00", "content_hash": str(n)})
    for name, reference in FULL_INDEX_SQL.items():
        for url in ASKED:
            assert (archive.db.execute(LOOKUP_SQL[name], {"url": url}).fetchall()
                    == archive.db.execute(reference, {"url": url}).fetchall()), (name, url)
    assert archive.is_archived("https://a.vn/fetched-as") and not archive.is_archived("https://a.vn/unknown")
    assert archive.revisit_headers("https://a.vn/canonical", "2025-01-01T00:00:00+00:00") is None  # fetched elsewhere
    plan = archive.db.execute(f"EXPLAIN QUERY PLAN {LOOKUP_SQL['revisit']}", {"url": "x"}).fetchall()
    assert any("idx_articles_fetched_url" in row[3] for row in plan), plan
    archive.close()
