"""Datasette plugin for browsing the archive: Vietnamese search, a month facet, article pages, raw pages.

Loaded with ``datasette --plugins-dir datasette/plugins`` (see ``make browse``). Everything here reads the database;
nothing writes, so Datasette can serve the archive while a crawl is writing to it.
"""

from __future__ import annotations

import json
import os

from datasette import hookimpl
from datasette.facets import Facet
from datasette.utils import escape_fts, escape_sqlite, path_with_added_args, path_with_removed_args
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup, escape

# The archive floor of the project, installed into the environment (pyproject.toml): the index's folding rules and
# the WARC reader are the crawler's own.
from pipelines.archive.search import FTS_TABLE, fold_query
from pipelines.archive.warc import read_record, warc_directory

ARTICLES = "articles"
# Markers that cannot occur in article text; escaped snippets get <mark> in their place.
START, END = "\x02", "\x03"
SNIPPET_TOKENS = 28


def escape_fts_folded(query: str) -> str:
    """Datasette's own query escaping, after folding đ/Đ the way the index stores them."""
    return escape_fts(fold_query(query or ""))


@hookimpl(trylast=True)
def prepare_connection(conn):
    # trylast: runs after Datasette's built-in registration, so the table search (`?_search=`, which calls
    # escape_fts(:search)) uses the folding version.
    conn.create_function("escape_fts", 1, escape_fts_folded, deterministic=True)


class MonthFacet(Facet):
    """Counts per month of an ISO 8601 column, read from the text so the month is the publisher's local one.

    (Datasette's date facet calls date(), which converts +07:00 times to UTC and moves late-evening articles
    to the previous day.) Selecting a month filters with ``column__startswith=YYYY-MM``.
    """

    type = "month"

    async def facet_results(self):
        results, timed_out = [], []
        args = dict(self.get_querystring_pairs())
        size = self.get_facet_size()
        for source_and_config in self.get_configs():
            config, source = source_and_config["config"], source_and_config["source"]
            column = config.get("column") or config["simple"]
            month = f"substr({escape_sqlite(column)}, 1, 7)"
            sql = (f"select {month} as value, count(*) as count from ({self.sql}) "
                   f"where {escape_sqlite(column)} glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]*' "
                   f"group by value order by value desc limit {size + 1}")
            try:
                rows = (await self.ds.execute(self.database, sql, self.params, truncate=False,
                                              custom_time_limit=self.ds.setting("facet_time_limit_ms"))).rows
            except Exception:  # QueryInterrupted: too slow for the time limit, like Datasette's facets
                timed_out.append(column)
                continue
            arg = f"{column}__startswith"
            values = []
            for row in rows[:size]:
                selected = args.get(arg) == row["value"]
                toggle = (path_with_removed_args(self.request, {arg: row["value"]}) if selected
                          else path_with_added_args(self.request, {arg: row["value"]}))
                values.append({"value": row["value"], "label": row["value"], "count": row["count"],
                               "toggle_url": self.ds.absolute_url(self.request, toggle), "selected": selected})
            results.append({"name": column, "type": self.type, "results": values, "hideable": source != "metadata",
                            "toggle_url": path_with_removed_args(self.request, {f"_facet_{self.type}": column}),
                            "truncated": len(rows) > size})
        return results, timed_out


@hookimpl
def register_facet_classes():
    return [MonthFacet]


def highlighted(snippet: str | None) -> Markup:
    """An FTS5 snippet made safe for HTML: the article text escaped, the matches in <mark>."""
    text = str(escape(snippet or ""))
    return Markup(text.replace(START, "<mark>").replace(END, "</mark>"))


def _columns(rows) -> set[str]:
    return {row["name"] for row in rows}


async def article_snippets(datasette, database: str, search: str, ids: list) -> dict:
    """{article id: highlighted snippet} for the articles on one page of search results."""
    if not search or not ids:
        return {}
    db = datasette.get_database(database)
    placeholders = ", ".join("?" for _ in ids)
    rows = await db.execute(
        f"select rowid, snippet([{FTS_TABLE}], -1, ?, ?, '…', {SNIPPET_TOKENS}) from [{FTS_TABLE}] "
        f"where [{FTS_TABLE}] match escape_fts(?) and rowid in ({placeholders})",
        [START, END, search, *ids])
    return {row[0]: highlighted(row[1]) for row in rows}


def _json_list(value) -> list:
    try:
        parsed = json.loads(value) if value else []
    except (TypeError, ValueError):
        return []
    return parsed if isinstance(parsed, list) else []


async def article_page(datasette, database: str, row) -> dict:
    """What the article template needs beyond the row: site, paragraphs, captions, duplicates, revisions."""
    db = datasette.get_database(database)
    article = dict(row)
    tables = set(await db.table_names())
    site = None
    if "sites" in tables and article.get("site"):
        found = (await db.execute("select * from sites where key = ?", [article["site"]])).first()
        site = dict(found) if found else None
    duplicates = []
    if "duplicates" in tables:
        duplicates = [dict(r) for r in await db.execute(
            "select id, url, site, kind, similarity, title, published from duplicates "
            "where duplicate_of = ? order by kind, url", [article["url"]])]
    revisions = []
    if "article_revisions" in tables:
        columns = _columns(await db.execute("select name from pragma_table_info('article_revisions')"))
        key = next((c for c in ("article_url", "url") if c in columns), None)
        if key:
            order = "version_seen desc" if "version_seen" in columns else "rowid desc"
            revisions = [dict(r) for r in await db.execute(
                f"select * from article_revisions where {escape_sqlite(key)} = ? order by {order}",
                [article["url"]])]
    captions = [c for c in _json_list(article.get("captions")) if isinstance(c, dict)]
    paragraphs = [line.strip() for line in (article.get("text") or "").splitlines() if line.strip()]
    raw_url = None
    if article.get("warc_file") and article.get("warc_offset") is not None:
        raw_url = datasette.urls.path(f"/-/raw/{database}/{article['id']}")
    return {"article": article, "site": site, "duplicates": duplicates, "revisions": revisions,
            "captions": captions, "paragraphs": paragraphs, "raw_url": raw_url,
            "tags": _json_list(article.get("tags")), "categories": _json_list(article.get("categories"))}


@hookimpl
def extra_template_vars(view_name, table, request, datasette):
    """Functions the articles templates call (Datasette's Jinja runs async, so they may query)."""
    if table != ARTICLES:
        return {}

    async def snippets(database, ids):
        return await article_snippets(datasette, database, request.args.get("_search", ""), list(ids))

    async def page(database, row):
        return await article_page(datasette, database, row)

    return {"article_snippets": snippets, "article_page": page}


def archive_warc_directory(datasette, database: str):
    """Where the crawler keeps WARC files: the plugin's ``warc_dir``, $WARC_DIR, else the crawler's own rule."""
    configured = (datasette.plugin_config("archive-browse") or {}).get("warc_dir") or os.environ.get("WARC_DIR")
    return warc_directory(datasette.get_database(database).path, configured)


async def raw_page(request, datasette):
    """The archived response of one article, as fetched, sandboxed so its scripts cannot run on this origin."""
    database, article_id = request.url_vars["database"], request.url_vars["id"]
    try:
        db = datasette.get_database(database)
    except KeyError:
        raise NotFound("No such database")
    row = (await db.execute("select warc_file, warc_offset from articles where id = ?", [article_id])).first()
    if row is None or not row["warc_file"]:
        raise NotFound("No raw page archived for this article")
    directory = archive_warc_directory(datasette, database)
    try:
        page = read_record(directory, row["warc_file"], row["warc_offset"])
    except FileNotFoundError:
        raise NotFound(f"WARC file {row['warc_file']} is not in {directory}")
    content_type = page.header("Content-Type") or "text/html"
    return Response(page.body, content_type=content_type,
                    headers={"Content-Security-Policy": "sandbox", "X-Archived-URL": page.url})


@hookimpl
def register_routes():
    return [(r"^/-/raw/(?P<database>[^/]+)/(?P<id>\d+)$", raw_page)]
