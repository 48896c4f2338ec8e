"""``scrapy extract FILE.html [...] [--url URL]``: what the archive would keep of saved pages, one JSON per line.

The same ``analyse_page`` as the crawl (extraction, language), with the crawl's EXTRACT_MIN_WORDS; the exit
status is 1 when a file is not an article or cannot be read.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from scrapy.commands import ScrapyCommand

from pipelines.analyse import analysis_options
from pipelines.archive import utc_now
from pipelines.extraction import NotAnArticle
from pipelines.extraction.analyse import analyse_page
from pipelines.extraction.page import RawPage

NOT_PRINTED = ("minhash", "verdict", "duplicate_of", "duplicate_kind", "similarity", "supersedes", "warc_file",
               "warc_offset", "warc_length")


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "FILE.html [FILE.html ...] [--url URL]"

    def short_desc(self) -> str:
        return "Extract clean article text and metadata from saved pages"

    def add_options(self, parser):
        super().add_options(parser)
        parser.add_argument("--url", help="the page's original URL (helps resolve links and dates)")

    def run(self, args, opts):
        options = analysis_options(self.settings)
        for path in map(Path, args):
            url = opts.url or path.resolve().as_uri()
            try:
                page = RawPage(url=url, final_url=url, status=200, headers={}, body=path.read_bytes(),
                               fetched_at=utc_now(), site="")
                article = dataclasses.asdict(analyse_page(page, options))
                result = {name: value for name, value in article.items() if name not in NOT_PRINTED}
            except NotAnArticle as exc:
                result, self.exitcode = {"url": opts.url, "file": str(path), "error": "not_article",
                                         "reason": exc.reason}, 1
            except OSError as exc:
                result, self.exitcode = {"url": opts.url, "file": str(path), "error": "unreadable",
                                         "reason": exc.strerror}, 1
            print(json.dumps(result, ensure_ascii=False), flush=True)
