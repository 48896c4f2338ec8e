"""The archive's schema: every table's columns and every migration, in the one order they are applied.

Migrations are recorded in the database (sqlite-utils' ``_sqlite_migrations``), so opening an archive of any age
brings it to the current schema; a new migration goes at the end of this module and nowhere else.
"""

from __future__ import annotations

import sqlite_utils
from sqlite_utils.migrations import Migrations

from pipelines.archive.duplicate_index import DEFAULT_NUM_PERM, DEFAULT_THRESHOLD, backfill_bands, banding
from pipelines.archive.search import EXACT_FTS_TABLE, FTS_TABLE, install_exact_index, install_search_index
from pipelines.archive.search import install_exact_triggers, install_triggers, set_merges

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
    "extracted_by": str,  # which extractor's text the row holds: "project", or "trafilatura" (the floor)
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


@migrations()
def m103_articles_extracted_by(db: sqlite_utils.Database) -> None:
    """Which extractor's text each article holds (``Article.extracted_by``), so that fallbacks show in the archive.

    An archive created since the column joined ``ARTICLE_COLUMNS`` has it already; older rows stay NULL (unknown).
    """
    if "extracted_by" not in db["articles"].columns_dict:
        db["articles"].add_column("extracted_by", str)


@migrations()
def m104_search_keeps_diacritics(db: sqlite_utils.Database) -> None:
    """A second index that keeps the diacritics, so that the spelling a reader typed ranks first (issue 15)."""
    install_exact_index(db)


@migrations()
def m105_archive_at_scale(db: sqlite_utils.Database) -> None:
    """An archive of millions of articles. What a crawl asks is answered by an index, never by loading the archive
    at start: the LSH band keys of every stored signature (backfilled here; the store writes them with each
    article) and the fetched URL (incremental skip, revisits). What Datasette shows is answered by an index or by
    a summary table that triggers keep current: the publication time (newest first, revisits, latest articles),
    each default facet's column, articles per day and site, duplicate clusters."""
    db.execute("CREATE TABLE article_bands (key INTEGER NOT NULL, article_id INTEGER NOT NULL, "
               "PRIMARY KEY (key, article_id)) WITHOUT ROWID")
    bands, rows = banding(DEFAULT_THRESHOLD, DEFAULT_NUM_PERM)
    db["article_band_config"].insert({"bands": bands, "rows": rows})
    backfill_bands(db.conn, bands, rows)
    for columns in (["fetched_url"], ["published"], ["province"], ["language"]):
        db["articles"].create_index(columns)
    db.execute(f"CREATE INDEX idx_articles_latest ON articles ({LATEST_SQL})")
    # Selecting a month (Datasette's published__startswith, a LIKE 'YYYY-MM%') can use only a NOCASE index.
    db.execute("CREATE INDEX idx_articles_published_nocase ON articles (published COLLATE NOCASE)")
    install_summaries(db)


# Expressions an index or a summary is made on; Datasette's canned queries (data/metadata.yml) spell them the same
# way, so that SQLite uses them.
LATEST_SQL = "coalesce(published, first_seen)"
DAY_SQL = "coalesce(substr({row}published, 1, 10), 'undated')"
# The articles table's default facets (data/metadata.yml), counted for the whole table: value expression, and the
# condition under which a row counts (Datasette leaves NULLs out; the month facet, dates that start YYYY-MM).
FACETS = {
    "site": ("site", "{row}site", "{row}site IS NOT NULL"),
    "province": ("province", "{row}province", "{row}province IS NOT NULL"),
    "language": ("language", "{row}language", "{row}language IS NOT NULL"),
    "month": ("published", "substr({row}published, 1, 7)", "{row}published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*'"),
}
# A whole-table facet read from the summary (datasette/plugins): the most frequent values first, months newest.
FACET_COUNTS_SQL = ("SELECT value, n AS count FROM article_facets WHERE facet = :facet "
                    "ORDER BY {order} LIMIT :limit")


def _counted(table: str, key: dict[str, str], change: int, when: str = "1") -> str:
    """SQL adding ``change`` to the summary row of ``key`` (column: expression) when ``when`` holds, dropping
    rows that reach 0."""
    columns, values = ", ".join(key), ", ".join(key.values())
    where = " AND ".join(f"{column} = {value}" for column, value in key.items())
    if change > 0:
        return (f"INSERT INTO {table} ({columns}, n) SELECT {values}, 1 WHERE {when} "
                f"ON CONFLICT ({columns}) DO UPDATE SET n = n + 1;")
    return (f"UPDATE {table} SET n = n - 1 WHERE {where} AND {when}; "
            f"DELETE FROM {table} WHERE {where} AND n <= 0;")


# The summaries' counters: (source table, summary table, trigger name prefix, key: column -> expression of
# ``{row}``, the watched columns an update re-counts on, the condition under which a row counts).
COUNTERS = [("articles", "article_facets", f"{facet}_", {"facet": f"'{facet}'", "value": value}, column, when)
            for facet, (column, value, when) in FACETS.items()] + [
    ("articles", "article_days", "", {"day": DAY_SQL, "site": "{row}site"}, "published, site", "1"),
    ("duplicates", "duplicate_clusters", "", {"duplicate_of": "{row}duplicate_of"}, "duplicate_of", "1")]


def install_summaries(db: sqlite_utils.Database) -> None:
    """Counts a GROUP BY over millions of rows would take seconds for: articles per (day, site), per value of
    each default facet, and copies per duplicated original, kept by triggers on every write (any writer), and
    filled from the rows there are."""
    db.execute("CREATE TABLE article_facets (facet TEXT NOT NULL, value TEXT NOT NULL, n INTEGER NOT NULL, "
               "PRIMARY KEY (facet, value)) WITHOUT ROWID")
    db.execute("CREATE TABLE article_days (day TEXT NOT NULL, site TEXT NOT NULL, n INTEGER NOT NULL, "
               "PRIMARY KEY (day, site)) WITHOUT ROWID")
    db.execute("CREATE TABLE duplicate_clusters (duplicate_of TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID")
    db.execute("CREATE INDEX idx_duplicate_clusters_n ON duplicate_clusters (n DESC, duplicate_of)")
    for counter in COUNTERS:
        _install_counter(db, *counter)
    count_summaries(db)


def count_summaries(db: sqlite_utils.Database) -> None:
    """The summaries counted afresh from the rows there are (the migration, or a bulk load made without the
    triggers)."""
    for table in dict.fromkeys(counter[1] for counter in COUNTERS):
        db.execute(f"DELETE FROM {table}")
    for source, table, _, key, _, when in COUNTERS:
        plain = {column: value.format(row="") for column, value in key.items()}
        db.execute(f"INSERT INTO {table} ({', '.join(plain)}, n) SELECT {', '.join(plain.values())}, count(*) "
                   f"FROM {source} WHERE {when.format(row='')} GROUP BY {', '.join(plain.values())}")


def _install_counter(db: sqlite_utils.Database, source: str, table: str, prefix: str, key: dict[str, str],
                     watched: str, when: str = "1") -> None:
    """Triggers counting ``source`` rows into ``table`` by ``key`` (expressions of ``{row}``) when ``when`` holds
    (an update re-counts when one of the ``watched`` columns changed)."""
    new, old = ({column: value.format(row=row) for column, value in key.items()} for row in ("new.", "old."))
    new_when, old_when = when.format(row="new."), when.format(row="old.")
    changed = " OR ".join(f"{value} IS NOT {new[column]}" for column, value in old.items()) + \
        f" OR ({old_when}) IS NOT ({new_when})"
    name = f"{table}_{prefix}"
    db.execute(f"CREATE TRIGGER {name}insert AFTER INSERT ON {source} BEGIN {_counted(table, new, 1, new_when)} END")
    db.execute(f"CREATE TRIGGER {name}delete AFTER DELETE ON {source} BEGIN {_counted(table, old, -1, old_when)} END")
    db.execute(f"CREATE TRIGGER {name}update AFTER UPDATE OF {watched} ON {source} WHEN {changed} "
               f"BEGIN {_counted(table, old, -1, old_when)} {_counted(table, new, 1, new_when)} END")


@migrations()
def m106_facets_from_indexes(db: sqlite_utils.Database) -> None:
    """The facets of a selected site or month are counted from an index alone, never by reading the articles'
    rows (a site is 1/37 of the archive: 135,000 row reads at 5 million): ``(site, province, language)`` serves the
    site's province and language facets (its site and month facets read ``(site, published)``), and the month index
    (``published COLLATE NOCASE``, what a ``LIKE 'YYYY-MM%'`` can use) carries the three facet columns."""
    db["articles"].create_index(["site", "province", "language"], index_name="idx_articles_site_facets")
    db.execute("DROP INDEX idx_articles_published_nocase")
    db.execute("CREATE INDEX idx_articles_month_facets ON articles (published COLLATE NOCASE, site, province, "
               "language)")


@migrations()
def m107_fts_merges_at_scale(db: sqlite_utils.Database) -> None:
    """Both FTS indexes merge 16 segments at a time (``search.AUTOMERGE``): half the merge work of a store at
    millions of articles."""
    for fts_table in (FTS_TABLE, EXACT_FTS_TABLE):
        set_merges(db, fts_table)


@migrations()
def m108_fts_indexed_per_batch(db: sqlite_utils.Database) -> None:
    """Both FTS indexes index a transaction's new and changed articles once, just before it commits, instead of
    one article per statement (``search.index_pending``): their insert triggers queue the rowid instead. The
    indexes of an existing archive are complete, so its queues start empty."""
    install_triggers(db)
    install_exact_triggers(db)


# The rows whose fetched URL the fetched-URL index holds: an alias (the page was fetched under a URL other than its
# canonical one). ``LOOKUP_SQL`` spells the condition the same way, so that SQLite uses the partial index.
ALIAS_SQL = "fetched_url <> url"


@migrations()
def m109_fetched_url_indexed_for_aliases(db: sqlite_utils.Database) -> None:
    """The fetched URL is indexed only where it differs from the article's URL: most articles are fetched under
    their canonical URL, which the URL index already finds, and every new article wrote one more random leaf
    (at 5 million articles, about 1.4 of the 20-30 pages a new article writes to the WAL) into an index as large as
    the URL's."""
    db.execute("DROP INDEX idx_articles_fetched_url")
    db.execute(f"CREATE INDEX idx_articles_fetched_url ON articles (fetched_url) WHERE {ALIAS_SQL}")
