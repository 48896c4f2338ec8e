"""A plain-text summary of an archive: articles per site and language, duplicates, pages not archived
(``scrapy report``)."""

from __future__ import annotations

import json

from pipelines.archive import Archive


def summary(archive: Archive) -> str:
    db = archive.db
    lines = []
    total = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    lines.append(f"Articles archived: {total}")
    for site, language, count in db.execute(
            "SELECT site, language, count(*) FROM articles GROUP BY site, language ORDER BY site, language"):
        lines.append(f"  {site:<16} {language:<4} {count}")
    duplicates = db.execute("SELECT kind, count(*) FROM duplicates GROUP BY kind ORDER BY kind").fetchall()
    lines.append(f"Duplicates recorded: {sum(n for _, n in duplicates)}")
    for url, kind, similarity, original in db.execute(
            "SELECT url, kind, similarity, duplicate_of FROM duplicates ORDER BY kind, url"):
        lines.append(f"  {kind:<9} {similarity:.2f}  {url}\n{'':14}→ {original}")
    last = db.execute("SELECT id, started, finished, outcome, stats FROM crawls ORDER BY id DESC LIMIT 1").fetchone()
    if last:
        crawl_id, started, finished, outcome, stats = last
        lines.append(f"Last crawl #{crawl_id}: {started} → {finished or 'running'} ({outcome or 'unfinished'})")
        stats = json.loads(stats or "{}")
        for name in ("downloader/request_count", "articles/fetched", "archive/new", "archive/updated",
                     "archive/unchanged", "archive/duplicate"):
            if name in stats:
                lines.append(f"  {name:<28} {stats[name]}")
        silent = stats.get("sites/yielded_nothing", {})
        if silent:
            lines.append(f"Sites that yielded nothing in that crawl: {len(silent)}")
            lines.extend(f"  {site:<16} {why}" for site, why in sorted(silent.items()))
        failures = db.execute("SELECT reason, count(*) FROM failed_pages WHERE crawl_id = ? GROUP BY reason "
                              "ORDER BY reason", [crawl_id]).fetchall()
        lines.append(f"Pages not archived in that crawl: {sum(n for _, n in failures)}")
        for reason, count in failures:
            lines.append(f"  {reason:<16} {count}")
    return "\n".join(lines)

