"""Datasette plugin: whole-table facet counts of a large archive, read from the summary the archive keeps.

Counting the values of a column over millions of articles takes seconds; the archive's triggers keep those counts
current in ``article_facets`` (``pipelines/archive/schema.py``). A ``counted`` facet (data/metadata.yml) reads them
there when the articles table is shown whole, and counts the matching rows as Datasette's column facet does once a
filter or a search narrows it. Reads only.
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.facets import ColumnFacet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

from pipelines.archive.schema import FACET_COUNTS_SQL, FACETS


def counts_kept(facet) -> bool:
    """The whole articles table (no filter, no search), on columns the summary counts."""
    columns = {config["config"].get("column") or config["config"]["simple"] for config in facet.get_configs()}
    return (facet.table == "articles" and not facet.params and columns <= set(FACETS)
            and facet.sql.rstrip().endswith(f"from {escape_sqlite(facet.table)}"))


class CountedFacet(ColumnFacet):
    """Datasette's column facet, with its whole-table counts from ``article_facets``."""

    type = "counted"

    async def suggest(self):
        return []  # Datasette's column facet suggests the same columns

    async def facet_results(self):
        if not counts_kept(self):
            return await super().facet_results()
        results = []
        size = self.get_facet_size()
        pairs = self.get_querystring_pairs()
        for source_and_config in self.get_configs():
            config, source = source_and_config["config"], source_and_config["source"]
            column = config.get("column") or config["simple"]
            rows = (await self.ds.execute(self.database, FACET_COUNTS_SQL.format(order="count DESC, value"),
                                          {"facet": column, "limit": size + 1})).rows
            labels = await self.ds.expand_foreign_keys(self.database, self.table, column,
                                                       [row["value"] for row in rows[:size]])
            values = []
            for row in rows[:size]:
                selected = (column, str(row["value"])) in pairs
                toggle = (path_with_removed_args(self.request, {column: str(row["value"])}) if selected
                          else path_with_added_args(self.request, {column: row["value"]}))
                values.append({"value": row["value"], "label": labels.get((column, row["value"]), row["value"]),
                               "count": row["count"], "selected": selected,
                               "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(toggle))})
            results.append({"name": column, "type": self.type, "hideable": source != "metadata",
                            "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {f"_facet_{self.type}": column})),
                            "results": values, "truncated": len(rows) > size})
        return results, []


@hookimpl
def register_facet_classes():
    return [CountedFacet]
