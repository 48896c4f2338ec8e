"""``scrapy crawl``, with the run's outcome as its exit status: 1 unless the run finished.

Scrapy's own command exits 0 whatever happened to the run; this one reads the outcome the run's recorder decided
(``crawler.extensions.run_outcome``: no site reachable, every site yielded nothing, an archive write failed, a
shutdown, ...), as ``python -m crawler.run`` does, so that a script or a user sees a failed crawl fail.
"""

from __future__ import annotations

import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from crawler.extensions import FINISHED, OUTCOME_STAT, failure_message


class Command(ScrapyCrawlCommand):
    def _create_crawler(self, name):
        self.crawler = super()._create_crawler(name)
        return self.crawler

    def run(self, args, opts):
        super().run(args, opts)
        outcome = self.crawler.stats.get_value(OUTCOME_STAT) if self.crawler.stats else None
        if outcome not in (None, FINISHED):
            print(failure_message(outcome), file=sys.stderr)
            self.exitcode = 1
