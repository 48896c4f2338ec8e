"""``scrapy report [DB]``: a plain-text summary of the archive (default: ARCHIVE_DB)."""

from __future__ import annotations

import sys

from scrapy.commands import ScrapyCommand

from pipelines.archive import Archive
from pipelines.archive.report import summary


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False

    def syntax(self) -> str:
        return "[DB]"

    def short_desc(self) -> str:
        return "Summarise the archive: articles per site and language, duplicates, pages not archived"

    def run(self, args, opts):
        database = args[0] if args else self.settings.get("ARCHIVE_DB")
        try:
            archive = Archive(database, create=False)
        except FileNotFoundError as exc:
            print(exc, file=sys.stderr)
            self.exitcode = 1
            return
        try:
            print(summary(archive))
        finally:
            archive.close()
