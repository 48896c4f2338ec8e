"""Which extractor produced each article is recorded: ``extracted_by`` in the archive (migration m103) and stats."""

from __future__ import annotations

import json
import sqlite3

import sqlite_utils

from pipelines.archive import ARTICLE_COLUMNS, Archive
from pipelines.archive.schema import m103_articles_extracted_by


def columns(path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {row[1] for row in conn.execute("PRAGMA table_info(articles)")}


def test_m103_adds_the_column_to_an_archive_made_before_it(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    db["articles"].create({k: v for k, v in ARTICLE_COLUMNS.items() if k != "extracted_by"}, pk="id")
    m103_articles_extracted_by(db)
    db.close()
    assert "extracted_by" in columns(path)


def test_a_new_archive_has_the_column_and_m103_leaves_it(tmp_path):
    path = tmp_path / "new.db"
    Archive(path).close()
    assert "extracted_by" in columns(path)
    db = sqlite_utils.Database(path)
    m103_articles_extracted_by(db)  # already there: nothing to do
    assert list(db["articles"].columns_dict).count("extracted_by") == 1


def test_the_sample_crawl_records_the_path_of_every_article(sample_crawl):
    with sqlite3.connect(sample_crawl["db"]) as conn:
        paths = {row[0] for row in conn.execute("SELECT DISTINCT extracted_by FROM articles")}
        [stats] = conn.execute("SELECT stats FROM crawls").fetchone()
    stats = json.loads(stats)
    assert paths == {"project"}  # the sample mirrors need no fallback
    assert stats["extract/by/project"] == stats["extract/articles"]
