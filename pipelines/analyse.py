"""Analysis: each RawPage becomes an Article in one worker task (``analyse_page``), or is dropped with its reason.

The task runs in the crawler's worker pool (``pipelines/workers.py``) when there is one, in-process otherwise;
both give the same Article. Whatever goes wrong on a page — not an article, a worker process that died on it, an
extractor bug — ends here, in one place, as a ``NotArchived`` drop that the store records.
"""

from __future__ import annotations

import logging

from pipelines.extraction import NotAnArticle
from pipelines.extraction.analyse import PAGE_LEVEL_REASONS, AnalysisOptions, analyse_page
from pipelines.extraction.page import Article, RawPage
from pipelines.not_archived import NotArchived
from pipelines.workers import WorkerCrashed, pool_for

logger = logging.getLogger(__name__)


def analysis_options(settings) -> AnalysisOptions:
    return AnalysisOptions(
        min_words=settings.getint("EXTRACT_MIN_WORDS"),
        language_seed=settings.getint("LANGDETECT_SEED"),
        language_sample_chars=settings.getint("LANGDETECT_SAMPLE_CHARS"),
        language_min_chars=settings.getint("LANGDETECT_MIN_CHARS"),
        num_perm=settings.getint("DEDUP_NUM_PERM"),
        shingle_size=settings.getint("DEDUP_SHINGLE_SIZE"),
    )


class AnalysePipeline:
    """RawPage → Article (text, metadata, language, fingerprints); pages that are not articles are dropped."""

    def __init__(self, stats, options: AnalysisOptions, pool=None):
        self.stats = stats
        self.options = options
        self.pool = pool

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats, analysis_options(crawler.settings), pool_for(crawler))

    def process_item(self, item):
        if not isinstance(item, RawPage):
            return item
        if self.pool is None:
            try:
                return self.analysed(analyse_page(item, self.options))
            except Exception as exc:
                raise self.not_archived(item, exc) from None
        return self._analyse_in_worker(item)

    async def _analyse_in_worker(self, page: RawPage) -> Article:
        try:
            article = await self.pool.run(analyse_page, page, self.options, tag=page.final_url)
        except Exception as exc:
            raise self.not_archived(page, exc) from None
        return self.analysed(article)

    def analysed(self, article: Article) -> Article:
        self.stats.inc_value("extract/articles")
        self.stats.inc_value(f"extract/by/{article.extracted_by}")
        self.stats.inc_value(f"language/{article.language}")
        return article

    def not_archived(self, page: RawPage, exc: Exception) -> NotArchived:
        """The drop (with its recorded reason) for a page that did not give an article."""
        if isinstance(exc, NotAnArticle):
            self.stats.inc_value(f"extract/dropped/{exc.reason}")
            category = exc.reason if exc.reason in PAGE_LEVEL_REASONS else "not_article"
            return NotArchived(category, page, exc.reason)
        if isinstance(exc, WorkerCrashed):  # the worker died or was killed on this page (see pipelines/workers.py)
            self.stats.inc_value(f"extract/dropped/{exc.reason}")
            return NotArchived(exc.reason, page, str(exc)[:200])
        # a pathological page must not stop the crawl: logged with its traceback, recorded as failed
        logger.error("Analysis failed on %s", page.final_url, exc_info=(type(exc), exc, exc.__traceback__))
        self.stats.inc_value("extract/dropped/extract_error")
        return NotArchived("extract_error", page, repr(exc)[:200])
