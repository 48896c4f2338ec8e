"""The FTS indexes are written once per batch (``search.index_pending``): what a batch leaves in them."""

from __future__ import annotations

import sqlite3

import pytest

from pipelines.archive import Archive
from pipelines.archive.search import EXACT_FTS_TABLE, FTS_TABLE, pending_table

INDEXES = (FTS_TABLE, EXACT_FTS_TABLE)


def row(n: int, text: str) -> dict:
    return {"url": f"https://baonghean.vn/tin-{n}.html", "site": "baonghean", "title": f"Tin so {n}",
            "text": text, "content_hash": text, "first_seen": "2025-12-01T00:00:00+00:00"}


def found(archive: Archive, words: str) -> dict[str, set[int]]:
    """{FTS table: rowids matching ``words``}."""
    return {table: {r[0] for r in archive.db.execute(f"SELECT rowid FROM [{table}] WHERE [{table}] MATCH ?",
                                                      [words])} for table in INDEXES}


def queued(archive: Archive) -> int:
    return sum(archive.db.execute(f"SELECT count(*) FROM [{pending_table(t)}]").fetchone()[0] for t in INDEXES)


def check_integrity(archive: Archive) -> None:
    """FTS5's own check of each index, against ``articles`` too (the texts have no đ, which only the folded index
    changes)."""
    for table in INDEXES:
        archive.db.execute(f"INSERT INTO [{table}] ([{table}], rank) VALUES ('integrity-check', 1)")


@pytest.fixture
def archive(tmp_path):
    store = Archive(tmp_path / "archive.db")
    yield store
    store.close()


def test_a_batch_is_searchable_once_committed(archive):
    with archive.transaction():
        for n in range(50):
            archive.save_article(row(n, f"Nghe An don khach word{n}"))
        assert queued(archive) == 2 * 50  # nothing indexed yet
    assert queued(archive) == 0
    ids = {r[0] for r in archive.db.execute("SELECT id FROM articles")}
    assert found(archive, "nghe an") == {FTS_TABLE: ids, EXACT_FTS_TABLE: ids}
    assert all(len(found(archive, f"word{n}")[FTS_TABLE]) == 1 for n in range(50))
    check_integrity(archive)


def test_a_rolled_back_batch_leaves_queue_and_index_untouched(archive):
    with archive.transaction():
        archive.save_article(row(1, "kept words"))
    with pytest.raises(sqlite3.IntegrityError), archive.transaction():
        archive.save_article(row(2, "rolled back words"))
        archive.save_article(row(1, "rolled back change"))
        archive.db.execute("INSERT INTO articles (url, site, text, first_seen) VALUES ('x', 's', NULL, 't')")
    assert queued(archive) == 0
    assert found(archive, "rolled") == {FTS_TABLE: set(), EXACT_FTS_TABLE: set()}
    assert found(archive, "kept")[FTS_TABLE] == {1}
    check_integrity(archive)


def test_updated_article_is_found_by_its_new_words_only_and_a_deleted_one_not_at_all(archive):
    with archive.transaction():
        archive.save_article(row(1, "old words"))
        archive.save_article(row(2, "gone words"))
    with archive.transaction():
        archive.save_article(row(1, "new text"))
        archive.save_article(row(3, "first draft"))  # inserted, changed and deleted before the batch is indexed
        archive.save_article(row(3, "second draft"))
        archive.save_article(row(4, "born deleted"))
        archive.db.execute("DELETE FROM articles WHERE url IN (?, ?)", [row(2, "")["url"], row(4, "")["url"]])
        archive.touch_article(row(1, "")["url"], "2025-12-02T00:00:00+00:00", None)  # no indexed column
    nobody = {FTS_TABLE: set(), EXACT_FTS_TABLE: set()}
    assert found(archive, "new") == {FTS_TABLE: {1}, EXACT_FTS_TABLE: {1}}
    assert found(archive, "old") == found(archive, "gone") == found(archive, "born") == nobody
    assert found(archive, "first") == nobody and found(archive, "second") == {FTS_TABLE: {3}, EXACT_FTS_TABLE: {3}}
    assert queued(archive) == 0
    check_integrity(archive)


def test_rows_another_writer_queued_are_indexed_when_the_archive_is_opened(archive, tmp_path):
    other = sqlite3.connect(tmp_path / "archive.db")
    with other:
        other.execute("INSERT INTO articles (url, site, text, first_seen) VALUES ('https://x.vn/1', 's', "
                      "'written elsewhere', 't')")
    other.close()
    assert found(archive, "elsewhere")[FTS_TABLE] == set() and queued(archive) == 2
    reopened = Archive(tmp_path / "archive.db")
    assert queued(reopened) == 0 and len(found(reopened, "elsewhere")[EXACT_FTS_TABLE]) == 1
    check_integrity(reopened)
    reopened.close()
