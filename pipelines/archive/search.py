"""Vietnamese full-text search that also matches words typed without diacritics.

FTS5's ``unicode61`` tokenizer with ``remove_diacritics 2`` folds "Nghệ" to "nghe", but "đ" is a letter of its own,
not a "d" with a mark, so "da nang" would never find "Đà Nẵng". The index therefore stores every text with đ/Đ
replaced by d/D, and searches fold the query the same way (``fold_query``; Datasette's ``escape_fts`` is replaced by
it in ``datasette/plugins/archive_browse.py``). The folding is one character for one character, so token positions
in the index line up with the original text in ``articles``, which is the FTS table's content table: snippets and
highlights show the original, diacritics and all.

The triggers are plain SQL (nested ``replace``) so that any writer, including one without our Python functions
registered, keeps the index right. FTS5's ``'rebuild'`` command (and sqlite-utils' ``rebuild_fts``/``populate_fts``)
would re-index the unfolded text: call ``install_search_index`` instead.
"""

from __future__ import annotations

import sqlite_utils

TABLE = "articles"
FTS_TABLE = "articles_fts"
COLUMNS = ("title", "lead", "text")
TOKENIZE = "unicode61 remove_diacritics 2"
FOLDS = (("đ", "d"), ("Đ", "D"))


def fold_sql(expression: str) -> str:
    """The SQL expression folding ``expression`` as the index does."""
    for letter, plain in FOLDS:
        expression = f"replace({expression}, '{letter}', '{plain}')"
    return expression


def fold_query(text: str) -> str:
    """The Python twin of ``fold_sql``, for the search terms."""
    for letter, plain in FOLDS:
        text = text.replace(letter, plain)
    return text


def _folded(prefix: str) -> str:
    return ", ".join(fold_sql(f"{prefix}[{column}]") for column in COLUMNS)


def install_search_index(db: sqlite_utils.Database) -> None:
    """(Re)create ``articles_fts`` and its triggers, folding đ, and index every article. Safe to repeat."""
    columns = ", ".join(f"[{column}]" for column in COLUMNS)
    db.execute(f"DROP TABLE IF EXISTS [{FTS_TABLE}]")
    db.execute(f"CREATE VIRTUAL TABLE [{FTS_TABLE}] USING FTS5 ({columns}, content=[{TABLE}], "
               f"tokenize='{TOKENIZE}')")
    db.execute(f"INSERT INTO [{FTS_TABLE}] (rowid, {columns}) SELECT rowid, {_folded('')} FROM [{TABLE}]")
    install_triggers(db)


def install_triggers(db: sqlite_utils.Database) -> None:
    """The triggers keeping ``articles_fts`` in step with ``articles``. Safe to repeat.

    An update re-indexes the row only when an indexed column changed: crawls touch ``last_seen`` of every
    revisited article, and re-indexing unchanged text would cost as much as indexing a new article.
    """
    columns = ", ".join(f"[{column}]" for column in COLUMNS)
    for suffix in ("ai", "ad", "au"):
        db.execute(f"DROP TRIGGER IF EXISTS [{TABLE}_{suffix}]")
    # An external-content FTS5 index forgets a row only when told the exact (folded) values it indexed.
    delete = (f"INSERT INTO [{FTS_TABLE}] ([{FTS_TABLE}], rowid, {columns}) "
              f"VALUES ('delete', old.rowid, {_folded('old.')});")
    insert = f"INSERT INTO [{FTS_TABLE}] (rowid, {columns}) VALUES (new.rowid, {_folded('new.')});"
    changed = " OR ".join(f"old.[{column}] IS NOT new.[{column}]" for column in COLUMNS)
    db.execute(f"CREATE TRIGGER [{TABLE}_ai] AFTER INSERT ON [{TABLE}] BEGIN {insert} END")
    db.execute(f"CREATE TRIGGER [{TABLE}_ad] AFTER DELETE ON [{TABLE}] BEGIN {delete} END")
    db.execute(f"CREATE TRIGGER [{TABLE}_au] AFTER UPDATE OF {columns} ON [{TABLE}] WHEN {changed} "
               f"BEGIN {delete} {insert} END")

