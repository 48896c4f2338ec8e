"""A dump of every table of an archive, without what changes from run to run: for comparing two archives.

    python bench/archive_dump.py data/archive.db > before.jsonl

Run times (first_seen, fetched_at, started, stats, ...), WARC file names and offsets (the files are named by time
and process) and row ids are left out; rows are sorted, so two crawls of the same pages dump identically whatever
order they were fetched in. Used to show that a refactoring leaves the sample crawl's archive as it was.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys

VOLATILE = {"id", "first_seen", "version_seen", "last_seen", "replaced", "fetched_at", "seen_at", "started",
            "finished", "stats", "updated", "warc_file", "warc_offset", "warc_length", "crawl_id", "args", "applied_at",
            "last_modified"}


def dump(path: str):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    tables = [name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'articles_fts%' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    for table in tables:
        cursor = conn.execute(f"SELECT * FROM [{table}]")
        columns = [c[0] for c in cursor.description]
        rows = [{c: v.hex() if isinstance(v, bytes) else v for c, v in zip(columns, row) if c not in VOLATILE}
                for row in cursor]
        for line in sorted(json.dumps({"table": table, **row}, ensure_ascii=False, sort_keys=True) for row in rows):
            yield line
    for (sql,) in conn.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name"):
        yield json.dumps({"schema": sql})
    search = conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
    yield json.dumps({"articles_fts_rows": search})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database")
    args = parser.parse_args(argv)
    for line in dump(args.database):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
