"""The archive's schema: every table's columns and every migration, in the one order they are applied.

Migrations are recorded in the database (sqlite-utils' ``_sqlite_migrations``), so opening an archive of any age
brings it to the current schema; a new migration goes at the end of this module and nowhere else.
"""

from __future__ import annotations

import sqlite_utils
from sqlite_utils.migrations import Migrations

from pipelines.archive.search import install_search_index, install_triggers

migrations = Migrations("provincial-news-archive")

ARTICLE_COLUMNS = {
    "id": int,
    "url": str,  # canonical URL, normalised: the article's stable key
    "site": str,
    "province": str,
    "title": str,
    "lead": str,
    "text": str,
    "author": str,
    "published": str,  # ISO 8601 with offset
    "modified": str,
    "language": str,
    "language_prob": float,
    "word_count": int,
    "description": str,
    "tags": str,  # JSON list
    "categories": str,  # JSON list
    "image": str,
    "captions": str,  # JSON list of {image, caption, credit}
    "page_type": str,
    "fetched_url": str,
    "status": int,
    "encoding": str,
    "etag": str,  # validators of the last response, for conditional revisits
    "last_modified": str,
    "content_hash": str,
    "first_seen": str,  # when the archive first stored the article (UTC)
    "version_seen": str,  # when the current text was first stored
    "last_seen": str,  # when a crawl last saw it
    "warc_file": str,  # the raw response in the WARC archive
    "warc_offset": int,
    "warc_length": int,
    "crawl_id": int,
}

# An earlier text of an article: kept whenever a revisit finds the text changed.
REVISION_COLUMNS = {
    "id": int,
    "article_url": str,
    "title": str,
    "lead": str,
    "text": str,
    "author": str,
    "published": str,
    "modified": str,
    "content_hash": str,
    "version_seen": str,  # when this text was first stored
    "replaced": str,  # when a newer text replaced it
    "warc_file": str,
    "warc_offset": int,
    "warc_length": int,
    "crawl_id": int,
}

DUPLICATE_COLUMNS = {
    "id": int,
    "url": str,
    "site": str,
    "duplicate_of": str,  # url of the article kept in `articles`
    "kind": str,  # exact | near | canonical
    "similarity": float,
    "title": str,
    "author": str,
    "published": str,
    "text": str,
    "content_hash": str,
    "first_seen": str,
    "last_seen": str,
    "warc_file": str,
    "warc_offset": int,
    "warc_length": int,
    "crawl_id": int,
}


@migrations()
def m001_initial_schema(db: sqlite_utils.Database) -> None:
    db["sites"].create(
        {"key": str, "name": str, "province": str, "languages": str, "platform": str, "domains": str,
         "start_urls": str, "sitemaps": str, "feeds": str, "article_pattern": str, "verified": int,
         "updated": str},
        pk="key", not_null={"name"},
    )
    db["crawls"].create(
        {"id": int, "spider": str, "args": str, "started": str, "finished": str, "outcome": str, "stats": str},
        pk="id", not_null={"spider", "started"},
    )
    db["articles"].create(ARTICLE_COLUMNS, pk="id", not_null={"url", "site", "text", "first_seen"},
                          foreign_keys=[("site", "sites", "key"), ("crawl_id", "crawls", "id")])
    db["articles"].create_index(["url"], unique=True)
    db["articles"].create_index(["site", "published"])
    db["articles"].create_index(["content_hash"])
    db["article_fingerprints"].create({"url": str, "minhash": bytes}, pk="url")
    db["article_revisions"].create(REVISION_COLUMNS, pk="id", not_null={"article_url", "text"},
                                   foreign_keys=[("crawl_id", "crawls", "id")])
    db["article_revisions"].create_index(["article_url"])
    db["duplicates"].create(DUPLICATE_COLUMNS, pk="id", not_null={"url", "duplicate_of", "kind"},
                            foreign_keys=[("crawl_id", "crawls", "id")])
    db["duplicates"].create_index(["url"], unique=True)
    db["duplicates"].create_index(["duplicate_of"])
    db["failed_pages"].create(
        {"id": int, "crawl_id": int, "url": str, "site": str, "reason": str, "status": int, "detail": str,
         "seen_at": str},
        pk="id", not_null={"url", "reason"}, foreign_keys=[("crawl_id", "crawls", "id")],
    )
    db["failed_pages"].create_index(["crawl_id"])
    db["articles"].enable_fts(["title", "lead", "text"], fts_version="FTS5", create_triggers=True,
                              tokenize="unicode61")


@migrations()
def m002_site_history_and_notes(db: sqlite_utils.Database) -> None:
    """The registry records the provinces a site's paper was formed from (2025 merger), editions and notes."""
    for column in ("former_provinces", "edition_of", "notes"):
        db["sites"].add_column(column, str)



@migrations()
def m101_search_folds_vietnamese_d(db: sqlite_utils.Database) -> None:
    """Replace sqlite-utils' plain unicode61 index by the diacritics-insensitive one (``search.py``)."""
    install_search_index(db)


@migrations()
def m102_reindex_only_changed_text(db: sqlite_utils.Database) -> None:
    """The update trigger re-indexes a row only when its title, lead or text changed."""
    install_triggers(db)
