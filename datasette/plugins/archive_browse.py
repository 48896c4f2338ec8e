"""Datasette plugin for browsing the archive: ranked Vietnamese search, a month facet, article pages, raw pages.

Loaded with ``datasette --plugins-dir datasette/plugins`` (see ``make browse``). Everything here reads the database;
nothing writes, so Datasette can serve the archive while a crawl is writing to it.

Search: Datasette's table view orders a search by the table's sort, never by relevance (Datasette issue #268), and
no hook of Datasette 0.65 can change its ORDER BY. So ``asgi_wrapper`` answers the articles table's searches itself
(``/<db>/articles?_search=`` and ``.json``), with the ranking SQL of ``pipelines.archive.search``, Datasette's own
column filters (``Filters``) and facet classes, and the table's metadata; every other request is Datasette's.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import sqlite3

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.filters import Filters
from datasette.plugins import pm
from datasette.utils import (escape_fts, escape_sqlite, path_with_added_args, path_with_removed_args,
                             path_with_replaced_args)
from datasette.utils.asgi import NotFound, Request, Response
from markupsafe import Markup, escape

# The archive floor of the project, installed into the environment (pyproject.toml): the index's folding rules,
# the ranking SQL and the WARC reader are the crawler's own.
from pipelines.archive.schema import FACET_COUNTS_SQL
from pipelines.archive.search import (ARCHIVE_SIZE_SQL, COUNT_CAP, FLOOR, MATCH_CAP, SearchQuery, bounded,
                                      count_sql, fold_query, matched_rows_sql, ordered_sql, ranked_ids, snippets)
from pipelines.archive.warc import read_record, warc_directory
from pipelines.extraction.urls import http_url

ARTICLES = "articles"
# Markers that cannot occur in article text; escaped snippets get <mark> in their place.
START, END = "\x02", "\x03"
SNIPPET_TOKENS = 28


def escape_fts_folded(query: str) -> str:
    """Datasette's own query escaping, after folding đ/Đ the way the index stores them."""
    return escape_fts(fold_query(query or ""))


@hookimpl
def prepare_jinja2_environment(env):
    """``|http_url``: a stored URL as an href only when it is http(s), even in an archive written before the
    crawler refused other schemes (a ``javascript:`` link would run on the reader's click)."""
    env.filters["http_url"] = http_url


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
            params = self.params
            if column == "published" and not params and self.sql.rstrip().endswith(f"from {ARTICLES}"):
                sql = FACET_COUNTS_SQL.format(order="value DESC")  # the whole table: the archive's summary
                params = {"facet": "month", "limit": size + 1}
            try:
                rows = (await self.ds.execute(self.database, sql, params, truncate=False,
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
def extra_template_vars(view_name, table, datasette):
    """The article page's data (Datasette's Jinja runs async, so the template may query)."""
    if table != ARTICLES:
        return {}

    async def page(database, row):
        return await article_page(datasette, database, row)

    return {"article_page": page}


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


# --- ranked search of the articles table ----------------------------------------------------------------------
SEARCH_PATH = re.compile(rf"^/(?P<database>[^/.]+)/{ARTICLES}(?P<json>\.json)?$")
RANK_SORT = "rank"  # ?_sort=rank: relevance, the order of a search unless the reader picks a column
DATE_COLUMN = "published"
DATABASE_COLOR = "ff0000"  # the page header's colour: what Datasette 0.65's views give every database
SHAPES = ("arrays", "objects", "array")  # Datasette's JSON shapes of a table (arrays is its default)
# Table arguments the ranked search does not implement: such a request is Datasette's (in the table's order).
DATASETTE_ONLY_ARGS = {"_where", "_through", "_col", "_nocol"}


def no_csrf_token() -> str:
    """What Datasette's templates get for ``csrftoken()`` on the search page (GET forms only)."""
    return ""


class SearchRequestError(ValueError):
    """A search request Datasette would also refuse (unknown column, bad page size): HTTP 400."""


def articles_request(scope):
    """The path's match when ``scope`` is a GET of the articles table (HTML or JSON), else None."""
    if scope["type"] != "http" or scope.get("method") != "GET":
        return None
    return SEARCH_PATH.match(scope["path"])


def search_order(args, columns: list[str]) -> tuple[tuple[str, bool] | None, str | None, str | None]:
    """((column, descending) for ``ordered_sql``, or None for relevance; _sort; _sort_desc) from Datasette's sort
    arguments."""
    sort, sort_desc = args.get("_sort") or None, args.get("_sort_desc") or None  # empty: not given, as Datasette
    if sort and sort_desc:
        raise SearchRequestError("Cannot use _sort and _sort_desc at the same time")
    if not sort_desc and sort in (None, RANK_SORT):
        return None, RANK_SORT, None
    column = sort or sort_desc
    if column not in columns:
        raise SearchRequestError(f"Cannot sort table by {column}")
    return (column, bool(sort_desc)), sort, sort_desc


def article_filters(args, columns: list[str]) -> Filters:
    """Datasette's column filters (``site=``, ``published__startswith=``, ...) of the request."""
    pairs = [(key, value) for key in args if not (key.startswith("_") and "__" not in key)
             for value in args.getlist(key)]
    unknown = {key.split("__")[0] for key, _ in pairs} - set(columns)
    if unknown:
        raise SearchRequestError(f"No such column: {', '.join(sorted(unknown))}")
    return Filters(sorted(pairs))


def page_bounds(args, datasette, metadata: dict) -> tuple[int, int]:
    """(page size, offset): ``_size`` (or "max") and ``_next``, which is an offset here, as on Datasette's views."""
    size = args.get("_size") or metadata.get("size") or datasette.page_size
    size = datasette.max_returned_rows if size == "max" else size
    try:
        size, offset = int(size), int(args.get("_next") or 0)
    except ValueError:
        raise SearchRequestError("_size and _next must be integers")
    if not 0 < size <= datasette.max_returned_rows or offset < 0:
        raise SearchRequestError(f"_size must be 1 to {datasette.max_returned_rows} and _next at least 0")
    return size, offset


async def search_facets(datasette, request, database: str, sql: str, params: dict, count: int) -> tuple[list, list]:
    """Datasette's facets of the table's metadata and the request, counted over every match."""
    metadata = datasette.table_metadata(database, ARTICLES)
    results, timed_out = {}, []
    for facet_class in itertools.chain.from_iterable(pm.hook.register_facet_classes()):  # as Datasette's table
        facet = facet_class(datasette, request, database, sql=sql, table=ARTICLES, params=params,
                            metadata=metadata, row_count=count)
        found, slow = await facet.facet_results()
        timed_out += slow
        for info in found:
            key, number = info["name"], 1
            while key in results:
                number += 1
                key = f"{info['name']}_{number}"
            results[key] = info
    return results, timed_out


async def ranked_articles(db, query: SearchQuery, order: tuple[str, bool] | None, where: list[str], params: dict,
                          size: int, offset: int) -> tuple[list[tuple[int, int]], list[dict]]:
    """((id, tier), article rows) of one page plus one row, the extra row saying there is a next page. The tier
    (where the snippet search starts) is the row's own in relevance order, 0 in another order."""
    if order is None:
        page = await db.execute_fn(lambda conn: ranked_ids(conn, query, params, where, size + 1, offset))
    else:
        rows = await db.execute(ordered_sql(*order, where), {**params, "limit": size + 1, "offset": offset})
        page = [(row["id"], 0) for row in rows]
    ids = [article_id for article_id, _ in page]
    stored = await db.execute(f"select * from [{ARTICLES}] where id in ({', '.join('?' for _ in ids)})", ids)
    by_id = {row["id"]: dict(row) for row in stored}
    return page, [by_id[article_id] for article_id in ids]


async def result_snippets(db, query: SearchQuery, page: list[tuple[int, int]]) -> dict:
    found = await db.execute_fn(lambda conn: snippets(conn, query, page, (START, END), SNIPPET_TOKENS))
    return {article_id: highlighted(snippet) for article_id, snippet in found.items()}


async def site_labels(datasette, database: str, rows: list[dict]) -> dict:
    expanded = await datasette.expand_foreign_keys(database, ARTICLES, "site", list({r["site"] for r in rows}))
    return {value: label for (_, value), label in expanded.items()}


async def search_data(datasette, request, database: str) -> dict:
    """Everything a search page or its JSON shows: the page of ranked rows, the count, the facets."""
    db = datasette.get_database(database)
    args = request.args
    columns = await db.table_columns(ARTICLES)
    order, sort, sort_desc = search_order(args, columns)
    filters = article_filters(args, columns)
    where, filter_params = filters.build_where_clauses(ARTICLES)
    size, offset = page_bounds(args, datasette, datasette.table_metadata(database, ARTICLES))
    query = SearchQuery.parse(args["_search"], raw=args.get("_searchmode") == "raw")
    params = {**query.params(), **filter_params}
    count, page, rows = 0, [], []
    if not query.empty:
        params = await db.execute_fn(lambda conn: bounded(conn, params, where))
        count = (await db.execute(count_sql(where), params)).first()[0]
        page, rows = await ranked_articles(db, query, order, where, params, size, offset)
    bound = MATCH_CAP if params.get(FLOOR) else None  # ranking and facets of the newest MATCH_CAP matches only
    faceted = min(count, bound or count)
    shape = args.get("_shape", "arrays")
    facets, timed_out = {}, []
    if not query.empty and shape != "array" and not args.get("_nofacet"):
        size_of_archive = (await db.execute(ARCHIVE_SIZE_SQL)).first()[0] or 1
        facets, timed_out = await search_facets(datasette, request, database,
                                                matched_rows_sql(where, faceted / size_of_archive), params, faceted)
    more = len(rows) > size
    page, rows = page[:size], rows[:size]
    next_url = (datasette.absolute_url(request, path_with_replaced_args(request, {"_next": str(offset + size)}))
                if more else None)
    return {"database": database, "table": ARTICLES, "search": args["_search"], "sort": sort, "sort_desc": sort_desc,
            "columns": columns, "rows": rows, "page": page, "query": query, "filters": filters,
            "filtered_table_rows_count": min(count, COUNT_CAP), "count_capped": count > COUNT_CAP,
            "ranked_among_newest": bound, "facet_results": facets, "facets_timed_out": timed_out,
            "human_description_en": filters.human_description_en(extra=[f'search matches "{args["_search"]}"']),
            "next": str(offset + size) if more else None, "next_url": next_url, "offset": offset}


def search_json(data: dict, shape: str) -> Response:
    if shape not in SHAPES:
        raise SearchRequestError(f"Unknown _shape for a search: {shape}")
    if shape == "array":
        return Response.json(data["rows"])
    rows = data["rows"] if shape == "objects" else [[row[c] for c in data["columns"]] for row in data["rows"]]
    keys = ("database", "table", "search", "sort", "sort_desc", "columns", "filtered_table_rows_count",
            "count_capped", "ranked_among_newest", "facet_results", "facets_timed_out", "human_description_en", "next",
            "next_url")
    return Response.json({**{key: data[key] for key in keys}, "rows": rows, "ok": True})


def sort_links(request, data: dict) -> list[dict]:
    """The orders a reader can pick: relevance, newest first, oldest first (a link each, the current one marked)."""
    choices = [("Relevance", {"_sort": None, "_sort_desc": None}),
               ("Newest first", {"_sort": None, "_sort_desc": DATE_COLUMN}),
               ("Oldest first", {"_sort": DATE_COLUMN, "_sort_desc": None})]
    current = {"_sort": data["sort"] if data["sort"] != RANK_SORT else None, "_sort_desc": data["sort_desc"]}
    return [{"label": label, "href": path_with_replaced_args(request, {**args, "_next": None}),
             "current": args == current} for label, args in choices]


async def search_html(datasette, request, data: dict) -> Response:
    database = data["database"]
    db = datasette.get_database(database)
    marked = await result_snippets(db, data["query"], data["page"]) if data["rows"] else {}
    labels = await site_labels(datasette, database, data["rows"])
    results = [{"row": row, "site": labels.get(row["site"], row["site"]), "snippet": marked.get(row["id"])}
               for row in data["rows"]]
    facets = sorted(data["facet_results"].values(), key=lambda f: (len(f["results"]), f["name"]), reverse=True)
    kept = [(key, value) for key in request.args if key not in ("_search", "_next")
            for value in request.args.getlist(key)]
    context = {**data, "results": results, "sorted_facet_results": facets, "kept_args": kept,
               "metadata": datasette.table_metadata(database, ARTICLES), "sort_links": sort_links(request, data),
               "json_url": path_with_replaced_args(request, {}, path=f"{request.path}.json"),
               "path_with_replaced_args": path_with_replaced_args,
               "database_color": lambda name: DATABASE_COLOR}
    return Response.html(await datasette.render_template("archive-search.html", context, request=request))


def table_form_sort(request, metadata: dict) -> Response | None:
    """A redirect for a search sent by the articles table's own form, which always carries the table's sort.

    The form's sort select and "descending" box (``_sort`` + ``_sort_by_desc``) echo the table's order: its default
    order (``sort_desc`` in the metadata) is not the reader's choice, so the search ranks; another order is kept,
    spelled ``_sort_desc`` as Datasette itself redirects it.
    """
    if "_sort_by_desc" not in request.args:
        return None
    sort = request.args.get("_sort")
    chosen = None if sort == metadata.get("sort_desc") else sort
    return Response.redirect(path_with_replaced_args(request, {"_sort_by_desc": None, "_sort": None,
                                                               "_sort_desc": chosen}))


async def search_response(datasette, request, database: str, as_json: bool) -> Response:
    redirect = table_form_sort(request, datasette.table_metadata(database, ARTICLES))
    if redirect:
        return redirect
    try:
        data = await search_data(datasette, request, database)
        if as_json:
            return search_json(data, request.args.get("_shape", "arrays"))
        return await search_html(datasette, request, data)
    except (SearchRequestError, QueryInterrupted) as error:
        return await error_response(datasette, request, as_json, str(error) or "The search took too long")
    except sqlite3.OperationalError as error:
        if request.args.get("_searchmode") != "raw":
            raise
        return await error_response(datasette, request, as_json, f"Invalid FTS5 query: {error}")


async def browse_sort_response(datasette, request, database: str, as_json: bool) -> Response | None:
    """Without a search, Datasette's own table answers, but it fails a sort it cannot do with HTTP 500:
    ``_sort=rank`` (there is nothing to rank) goes back to the table's order, another bad sort is a 400."""
    if request.args.get("_sort") == RANK_SORT and not request.args.get("_sort_desc"):
        return Response.redirect(path_with_removed_args(request, {"_sort": RANK_SORT}))
    try:
        search_order(request.args, await datasette.get_database(database).table_columns(ARTICLES))
    except SearchRequestError as error:
        return await error_response(datasette, request, as_json, str(error))
    return None


async def error_response(datasette, request, as_json: bool, message: str, status: int = 400) -> Response:
    if as_json:
        return Response.json({"ok": False, "error": message, "status": status}, status=status)
    html = await datasette.render_template("error.html", {"ok": False, "error": message, "status": status,
                                                          "title": "Invalid search"}, request=request)
    return Response.html(html, status=status)


async def anonymous_may_view(datasette, database: str) -> bool:
    """Whether the articles table is public: the search answers before Datasette's actor middleware runs."""
    visible, _ = await datasette.check_visibility(None, permissions=[
        ("view-table", (database, ARTICLES)), ("view-database", database), "view-instance"])
    return visible


@hookimpl
def asgi_wrapper(datasette):
    """Searches of the articles table are answered here, ranked; everything else goes on to Datasette.

    The wrapper runs outside Datasette's own middleware: a table that is not public is left to Datasette (which
    knows the actor), and the page's only form is a GET form, so it needs no CSRF token.
    """

    def wrap(app):
        async def search_or_datasette(scope, receive, send):
            match = articles_request(scope)
            if match and match["database"] in datasette.databases:
                await datasette.invoke_startup()
                response = await articles_response(datasette, scope, receive, match)
                if response is not None:
                    await response.asgi_send(send)
                    return
            await app(scope, receive, send)

        return search_or_datasette

    return wrap


async def articles_response(datasette, scope, receive, match) -> Response | None:
    """The plugin's answer to a GET of the articles table, or None to let Datasette answer."""
    database, as_json = match["database"], bool(match["json"])
    if not await anonymous_may_view(datasette, database):
        return None
    request = Request({**scope, "csrftoken": no_csrf_token}, receive)
    if DATASETTE_ONLY_ARGS & set(request.args):
        return None
    if request.args.get("_search", "").strip():
        return await search_response(datasette, request, database, as_json)
    if "_search" in request.args:  # an empty search box: the table (Datasette's FTS5 query would be a syntax error)
        return Response.redirect(path_with_removed_args(request, {"_search": request.args["_search"]}))
    return await browse_sort_response(datasette, request, database, as_json)
