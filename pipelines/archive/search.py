"""Vietnamese full-text search that also matches words typed without diacritics.

FTS5's ``unicode61`` tokenizer with ``remove_diacritics 2`` folds "Nghệ" to "nghe", but "đ" is a letter of its own,
not a "d" with a mark, so "da nang" would never find "Đà Nẵng". The index therefore stores every text with đ/Đ
replaced by d/D, and searches fold the query the same way (``fold_query``; Datasette's ``escape_fts`` is replaced by
it in ``datasette/plugins/archive_browse.py``). The folding is one character for one character, so token positions
in the index line up with the original text in ``articles``, which is the FTS table's content table: snippets and
highlights show the original, diacritics and all.

The triggers are plain SQL (nested ``replace``) so that any writer, including one without our Python functions
registered, keeps the index right. They index a new or changed article at its transaction's commit, not at once
(``index_pending``, below): ``Archive.transaction`` indexes the queue before every commit and opening an
``Archive`` indexes what another writer left queued, so the index is current at every commit made through
``Archive`` and at the next opening after any other writer's. FTS5's ``'rebuild'`` command (and sqlite-utils'
``rebuild_fts``/``populate_fts``) would re-index the unfolded text: call ``install_search_index`` instead.

Ranking (issue 15) adds a second index that keeps the diacritics (``articles_fts_exact``) and builds, from a
reader's query, the FTS5 queries and the SQL that order the matches by relevance (``SearchQuery``, ``ranked_ids``,
``snippets``): the Datasette plugin and ``bench/search.py`` run the same code.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import sqlite_utils

TABLE = "articles"
FTS_TABLE = "articles_fts"
COLUMNS = ("title", "lead", "text")
TOKENIZE = "unicode61 remove_diacritics 2"
FOLDS = (("đ", "d"), ("Đ", "D"))
COLUMN_LIST = ", ".join(f"[{column}]" for column in COLUMNS)


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
    _create_index(db, FTS_TABLE, TOKENIZE)
    _index_every_article(db, FTS_TABLE, _folded)
    install_triggers(db)


def _index_every_article(db: sqlite_utils.Database, fts_table: str, values) -> None:
    """Every article into ``fts_table`` (``values(prefix)``: the SQL of the values it indexes of a row)."""
    db.execute(f"INSERT INTO [{fts_table}] (rowid, {COLUMN_LIST}) SELECT rowid, {values('')} FROM [{TABLE}]")


def index_bulk_load(db: sqlite_utils.Database) -> None:
    """Index every article in both FTS indexes, empty after a bulk load made without their triggers (the
    installers' own filling: the same index as the triggers make, in one pass)."""
    for fts_table, values in INDEXED_VALUES:
        _index_every_article(db, fts_table, values)


def _create_index(db: sqlite_utils.Database, fts_table: str, tokenize: str) -> None:
    """A fresh, empty external-content FTS5 index of ``articles`` (and no queue: its installer indexes every
    article)."""
    db.execute(f"DROP TABLE IF EXISTS [{fts_table}]")
    db.execute(f"DROP TABLE IF EXISTS [{pending_table(fts_table)}]")
    db.execute(f"CREATE VIRTUAL TABLE [{fts_table}] USING FTS5 ({COLUMN_LIST}, content=[{TABLE}], "
               f"tokenize='{tokenize}')")
    set_merges(db, fts_table)


# FTS5 keeps its index as segments merged like a log-structured tree, and it writes a new segment at every
# savepoint: SQLite opens one for each statement whose triggers write to a virtual table, so the triggers make one
# segment per stored article (40 articles in one transaction: 40 segments). With FTS5's default ``automerge`` of 4
# a term is then rewritten once per level, log4(articles) times, and those merges were most of the FTS cost of a
# store at a million articles (2.0 of 2.4 ms of CPU per article, against 0.36 on an empty archive). Merging 16
# segments at a time halves the levels (a search then reads up to 15 segments per level instead of 3, a few dozen
# B-tree probes); ``crisismerge`` (FTS5's bound on a level's segments before it merges them at once) must stay
# above it.
AUTOMERGE, CRISISMERGE = 16, 64


def set_merges(db: sqlite_utils.Database, fts_table: str) -> None:
    """The index's merge settings (kept in its ``_config`` table, so every writer follows them)."""
    for option, value in (("automerge", AUTOMERGE), ("crisismerge", CRISISMERGE)):
        db.execute(f"INSERT INTO [{fts_table}] ([{fts_table}], rank) VALUES (?, ?)", [option, value])


def install_triggers(db: sqlite_utils.Database) -> None:
    """The triggers keeping ``articles_fts`` in step with ``articles``. Safe to repeat.

    An update re-indexes the row only when an indexed column changed: crawls touch ``last_seen`` of every
    revisited article, and re-indexing unchanged text would cost as much as indexing a new article.
    """
    # An external-content FTS5 index forgets a row only when told the exact (folded) values it indexed.
    _install_index_triggers(db, FTS_TABLE, TABLE, _folded)


def _as_stored(prefix: str) -> str:
    return ", ".join(f"{prefix}[{column}]" for column in COLUMNS)


# The insert triggers used to index each article at once, and SQLite opens a savepoint for every statement whose
# triggers write to a virtual table, at which FTS5 writes its pending terms as a new segment: one segment per
# stored article, whose merges were most of the FTS cost of a store at millions of articles. So the triggers only
# queue a new or changed article's rowid in the index's pending table, and ``index_pending`` indexes the queue
# with one statement per index, one segment per batch, just before the transaction commits. Deletes (and the
# delete half of an update) stay in the triggers: FTS5 forgets a row only when told the values it indexed, which
# only the trigger's ``old`` row still has; a row still queued was never indexed, so it only leaves the queue.
def pending_table(fts_table: str) -> str:
    """The queue of the rows ``fts_table`` has yet to index."""
    return f"{fts_table}_pending"


def _install_index_triggers(db: sqlite_utils.Database, fts_table: str, name: str, values) -> None:
    """Insert, delete and update triggers ``<name>_ai|ad|au`` that keep ``fts_table`` in step with ``articles``
    (inserts through its queue); ``values(prefix)`` is the SQL of the values it indexes of a row (``old.``)."""
    pending = pending_table(fts_table)
    db.execute(f"CREATE TABLE IF NOT EXISTS [{pending}] (id INTEGER PRIMARY KEY)")
    for suffix in ("ai", "ad", "au"):
        db.execute(f"DROP TRIGGER IF EXISTS [{name}_{suffix}]")
    delete = (f"INSERT INTO [{fts_table}] ([{fts_table}], rowid, {COLUMN_LIST}) "
              f"SELECT 'delete', old.rowid, {values('old.')} "
              f"WHERE NOT EXISTS (SELECT 1 FROM [{pending}] WHERE id = old.rowid);")
    unqueue = f"DELETE FROM [{pending}] WHERE id = old.rowid;"
    # Not INSERT OR IGNORE: the DO UPDATE of the store's upsert runs the triggers with ABORT, which overrides it.
    queue = (f"INSERT INTO [{pending}] (id) SELECT new.rowid "
             f"WHERE NOT EXISTS (SELECT 1 FROM [{pending}] WHERE id = new.rowid);")
    changed = " OR ".join(f"old.[{column}] IS NOT new.[{column}]" for column in COLUMNS)
    db.execute(f"CREATE TRIGGER [{name}_ai] AFTER INSERT ON [{TABLE}] BEGIN {queue} END")
    db.execute(f"CREATE TRIGGER [{name}_ad] AFTER DELETE ON [{TABLE}] BEGIN {delete} {unqueue} END")
    db.execute(f"CREATE TRIGGER [{name}_au] AFTER UPDATE OF {COLUMN_LIST} ON [{TABLE}] WHEN {changed} "
               f"BEGIN {delete} {queue} END")


# --- the accented index -----------------------------------------------------------------------------------------
# The folded index cannot tell "Đà Nẵng" from "đã nâng". This second index keeps the diacritics (case is still
# folded), so a query typed with diacritics can rank the articles that spell it the same way first. Its content
# table is ``articles`` unchanged.
EXACT_FTS_TABLE = "articles_fts_exact"
EXACT_TOKENIZE = "unicode61 remove_diacritics 0"


def install_exact_index(db: sqlite_utils.Database) -> None:
    """(Re)create ``articles_fts_exact`` and its triggers, and index every article. Safe to repeat."""
    _create_index(db, EXACT_FTS_TABLE, EXACT_TOKENIZE)
    _index_every_article(db, EXACT_FTS_TABLE, _as_stored)
    install_exact_triggers(db)


def install_exact_triggers(db: sqlite_utils.Database) -> None:
    """The triggers keeping ``articles_fts_exact`` in step with ``articles`` (re-indexing changed text only)."""
    _install_index_triggers(db, EXACT_FTS_TABLE, EXACT_FTS_TABLE, _as_stored)


# Each FTS index and the SQL of the values it indexes of a row (``prefix``: the row's table alias).
INDEXED_VALUES = ((FTS_TABLE, _folded), (EXACT_FTS_TABLE, _as_stored))


def index_pending(conn) -> None:
    """Index the queued rows in each FTS index, one statement per index, and empty the queues (``conn``: a
    sqlite3 connection, inside the transaction about to commit). The rows go in rowid order: FTS5 writes its
    pending terms out as a segment whenever a rowid is not above the last one."""
    for fts_table, values in INDEXED_VALUES:
        pending = pending_table(fts_table)
        conn.execute(f"INSERT INTO [{fts_table}] (rowid, {COLUMN_LIST}) SELECT a.rowid, {values('a.')} "
                     f"FROM [{pending}] p JOIN [{TABLE}] a ON a.rowid = p.id ORDER BY p.id")
        conn.execute(f"DELETE FROM [{pending}]")


def anything_pending(conn) -> bool:
    """Whether a queue holds rows (a writer other than ``Archive`` committed without indexing them)."""
    return any(conn.execute(f"SELECT EXISTS (SELECT 1 FROM [{pending_table(fts_table)}])").fetchone()[0]
               for fts_table, _ in INDEXED_VALUES)


# --- ranking ----------------------------------------------------------------------------------------------------
# Relevance is an order of tiers, the first form of the query an article matches, then bm25 of that form within
# the tier (column weights: a title match outweighs a lead match, a lead match a body match):
#   1. the accented phrase, 2. every accented word (both only when the reader typed diacritics: the spelling they
#   typed first), 3. the folded phrase, 4. every folded word within NEAR_WINDOW tokens (a Vietnamese word is mostly
#   two or more syllables, and most syllables are words of their own), 5. every folded word anywhere.
# The matched set is always tier 5, "every word, folded": the count and the facets are of that set. Tiers are
# read best first and only until the page is full, so bm25 is computed for few rows when the query's phrase is
# in enough articles, rather than for every article holding its commonest syllable.
COLUMN_WEIGHTS = (10.0, 4.0, 1.0)  # title, lead, text
NEAR_WINDOW = 5  # at most this many tokens between the query's words
WORD = re.compile(r"[^\W_]+")
MATCH = "search_all"  # the query parameter of the matched set
TIERS = (("search_exact_phrase", EXACT_FTS_TABLE), ("search_exact_all", EXACT_FTS_TABLE),
         ("search_phrase", FTS_TABLE), ("search_near", FTS_TABLE), (MATCH, FTS_TABLE))


def plain(text: str) -> str:
    """Every diacritic removed and đ read as d: what "typed without diacritics" means."""
    decomposed = unicodedata.normalize("NFD", fold_query(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _quoted(words) -> str:
    return " ".join(f'"{word}"' for word in words)


@dataclass(frozen=True)
class SearchQuery:
    """A reader's query as FTS5 queries: the match (every word, folded) and the forms that rank within it.

    ``raw`` is FTS5 query syntax (Datasette's ``_searchmode=raw``): matched as written (so "d" for "đ", as the
    index stores it) and ranked by bm25.
    """

    words: tuple[str, ...]
    raw: str | None = None

    @classmethod
    def parse(cls, text: str, raw: bool = False) -> SearchQuery:
        if raw:
            return cls((), raw=text)
        return cls(tuple(WORD.findall(unicodedata.normalize("NFC", text).lower())))

    @property
    def empty(self) -> bool:
        return not (self.words or self.raw)

    @property
    def accented(self) -> bool:
        """Whether the reader typed any diacritic (then the accented spelling ranks first)."""
        return any(plain(word) != word for word in self.words)

    def params(self) -> dict[str, str | int]:
        """The named FTS5 queries of the tiers the query has (``MATCH`` is the matched set), and ``FLOOR`` 0 (every
        match ranked: ``bounded`` raises it)."""
        if self.raw:
            return {MATCH: self.raw, FLOOR: 0}
        folded = [fold_query(word) for word in self.words]
        params = {MATCH: _quoted(folded), FLOOR: 0}
        if len(folded) > 1:
            params.update(search_phrase=f'"{" ".join(folded)}"', search_near=f"NEAR({_quoted(folded)}, {NEAR_WINDOW})")
        if self.accented:
            params["search_exact_all"] = _quoted(self.words)
            if len(self.words) > 1:
                params["search_exact_phrase"] = f'"{" ".join(self.words)}"'
        return params

    def tiers(self) -> list[tuple[str, str]]:
        """(query parameter, FTS table) of each tier the query has, best first."""
        params = self.params()
        return [(param, table) for param, table in TIERS if param in params]


# A search for common words matches much of the archive (two common syllables: a third of it, 1.6 million articles
# at 5 million), and ranking or faceting every match took seconds. So past MATCH_CAP matches, the ranking and the
# facets are of the MATCH_CAP most recently archived ones (ids from ``FLOOR`` up), and the count stops at
# COUNT_CAP ("more than"). Fewer matches: every match ranked and counted, as before. The costs at 5 million
# articles ("nghe an"): the ranked tiers over its 5,000 newest matches 0.2 s, counting 100,000 matches 0.02 s.
MATCH_CAP = 5_000
COUNT_CAP = 100_000
FLOOR = "match_floor"  # the query parameter of the lowest id ranked


def _matches(floored: bool = False) -> str:
    floor = f" AND rowid >= :{FLOOR}" if floored else ""
    return f"(SELECT rowid FROM [{FTS_TABLE}] WHERE [{FTS_TABLE}] MATCH :{MATCH}{floor})"


def bounded(conn, params: dict, where: list[str] = ()) -> dict:
    """``params`` with ``FLOOR`` raised so that at most MATCH_CAP matches (the most recent) are ranked and
    faceted; unchanged when there are fewer."""
    newest = (f"SELECT rowid FROM [{FTS_TABLE}] WHERE [{FTS_TABLE}] MATCH :{MATCH}"
              f"{_conditions(_filtered('rowid', list(where)))} ORDER BY rowid DESC LIMIT 1 OFFSET {MATCH_CAP}")
    below = conn.execute(newest, params).fetchone()
    return {**params, FLOOR: below[0] + 1 if below else 0}


def _conditions(conditions: list[str]) -> str:
    return "".join(f" AND {condition}" for condition in conditions)


def _filtered(rowid: str, where: list[str]) -> list[str]:
    """``where`` (Datasette's filters, on ``articles`` columns) as a condition on ``rowid``: the filters name their
    columns unqualified, and the FTS tables have a title, a lead and a text too."""
    return [f"{rowid} IN (SELECT rowid FROM [{TABLE}] WHERE {' AND '.join(where)})"] if where else []


def tier_sql(param: str, table: str, where: list[str] = (), seen: int = 0) -> str:
    """SQL of ``id`` of the best ``:limit`` articles matching the tier's FTS5 query ``:param`` on ``table``,
    but for the ``seen`` articles of better tiers (bound as :seen0, :seen1, ...).

    A page reads the next tier only once the better ones are exhausted, so "matching no better tier" is "not
    already on the page", without running the better tiers' queries again.
    """
    rowid = f"[{table}].rowid"
    weights = ", ".join(str(weight) for weight in COLUMN_WEIGHTS)
    exclude = [f"{rowid} NOT IN ({', '.join(f':seen{i}' for i in range(seen))})"] if seen else []
    return (f"SELECT {rowid} AS id FROM [{table}] WHERE [{table}] MATCH :{param} AND {rowid} >= :{FLOOR}"
            f"{_conditions([*_filtered(rowid, list(where)), *exclude])} "
            f"ORDER BY bm25([{table}], {weights}), {rowid} LIMIT :limit")


def ordered_sql(column: str, descending: bool, where: list[str] = ()) -> str:
    """SQL of ``id`` of one page of the matches ordered by the ``articles`` column ``column`` (ties by id, the same
    way). Binds :limit and :offset.

    The matches are read once as a set ("+rowid" keeps SQLite from looking each one up in ``articles``), so that
    an index on the column (``published`` has one) is read in order until the page is full, instead of every
    match being fetched and sorted.
    """
    direction = " DESC" if descending else ""
    return (f"SELECT [{TABLE}].rowid AS id FROM [{TABLE}] WHERE +[{TABLE}].rowid IN {_matches()}"
            f"{_conditions(list(where))} "
            f"ORDER BY [{TABLE}].[{column}]{direction}, [{TABLE}].rowid{direction} LIMIT :limit OFFSET :offset")


def count_sql(where: list[str] = ()) -> str:
    """SQL counting the matches up to COUNT_CAP + 1 (more: "more than COUNT_CAP"; binds the query's params and
    the filters')."""
    if not where:
        matches = f"SELECT rowid FROM [{FTS_TABLE}] WHERE [{FTS_TABLE}] MATCH :{MATCH}"
    else:
        matches = f"SELECT rowid FROM [{TABLE}] WHERE rowid IN {_matches()}{_conditions(list(where))}"
    return f"SELECT count(*) FROM ({matches} LIMIT {COUNT_CAP + 1})"


# Facets count a column over every match. SQLite looks each match up in ``articles`` (it cannot know how many the
# FTS subquery returns); past this share of the archive, reading the column's own index whole and keeping the
# matches is faster (at 100,000 articles: about 5.5 us a lookup, 0.7 us an index entry).
INDEX_SCAN_SHARE = 0.125
ARCHIVE_SIZE_SQL = f"SELECT max(rowid) FROM [{TABLE}]"  # about the number of articles, at once


def matched_rows_sql(where: list[str] = (), share: float = 0.0) -> str:
    """Every matched article row from ``FLOOR`` up, unordered: what facets count. ``share``: their share of the
    archive."""
    rowid = "+rowid" if share > INDEX_SCAN_SHARE else "rowid"
    return f"SELECT * FROM [{TABLE}] WHERE {rowid} IN {_matches(floored=True)}{_conditions(list(where))}"


def ranked_ids(conn, query: SearchQuery, params: dict, where: list[str] = (), limit: int = 30,
               offset: int = 0) -> list[tuple[int, int]]:
    """(id, tier) of one page of the matches in relevance order, reading tiers best first until the page is full.

    ``params`` are the query's params and the filters'; ``conn`` is a sqlite3 connection (Datasette's
    ``execute_fn`` gives one). The tier is an index into ``query.tiers()``.
    """
    page: list[tuple[int, int]] = []
    for tier, (param, table) in enumerate(query.tiers()):
        seen = {f"seen{i}": article_id for i, (article_id, _) in enumerate(page)}
        sql = tier_sql(param, table, where, len(seen))
        rows = conn.execute(sql, {**params, **seen, "limit": offset + limit - len(page)})
        page += [(row[0], tier) for row in rows]
        if len(page) >= offset + limit:
            break
    return page[offset:offset + limit]


def snippets(conn, query: SearchQuery, page: list[tuple[int, int]], marks: tuple[str, str],
             tokens: int) -> dict[int, str]:
    """{id: snippet} highlighting, in each article, the best form of the query it matches.

    ``page`` is (id, the first tier to try): its own tier from ``ranked_ids``, 0 when unknown (another order).
    """
    params, found = query.params(), {}
    for tier, (param, table) in enumerate(query.tiers()):
        left = [article_id for article_id, first in page if first <= tier and article_id not in found]
        if not left:
            continue
        # FTS5 looks a phrase or NEAR query of several words up row by row slowly (a four-word phrase: about
        # 15 ms a row at 100,000 articles): such a form is read once and filtered ("+rowid" keeps the rowid
        # constraint out of FTS5). The all-words form is the costly one to read whole, and fast row by row.
        # The page's id range bounds that read (FTS5 skips to it): the newest matches, on a search that matches
        # much of the archive.
        rowid = "rowid" if param == MATCH else "+rowid"
        placeholders = ", ".join("?" for _ in left)
        found.update(conn.execute(f"SELECT rowid, snippet([{table}], -1, ?, ?, '…', {tokens}) FROM [{table}] "
                                  f"WHERE [{table}] MATCH ? AND rowid BETWEEN ? AND ? AND {rowid} IN ({placeholders})",
                                  [*marks, params[param], min(left), max(left), *left]))
    return found
