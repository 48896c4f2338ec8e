"""Deduplication: each Article's verdict — new, updated, unchanged or duplicate — decided once, here.

Same URL (updated or unchanged by content hash), same text (content hash) or nearly the same text (MinHash over
word shingles, ``pipelines.archive.duplicate_index``). Which copy of a story is the original does not depend on
crawl order: the earliest published wins, then the smallest URL, so an archive built from the same pages is the
same whatever order they arrived in. When a newcomer outranks the archived original it is "new" and
``supersedes`` that copy, which the store demotes to the duplicates.

The fingerprints come with the Article (computed by ``analyse_page`` in a worker). The decision runs on the
reactor thread, one article at a time, and the store applies it in the same step (both are synchronous), so the
store sees the verdicts in the order they were decided.
"""

from __future__ import annotations

from pipelines.archive import Archive
from pipelines.archive.duplicate_index import DuplicateIndex, precedence
from pipelines.extraction.page import DUPLICATE, NEW, UNCHANGED, UPDATED, Article


class DeduplicatePipeline:
    """Marks each Article new / updated / unchanged / duplicate against the archive and this run."""

    def __init__(self, stats, archive_path: str, num_perm: int, threshold: float):
        self.stats = stats
        self.archive_path = archive_path
        self.index = DuplicateIndex(num_perm, threshold)

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(crawler.stats, settings.get("ARCHIVE_DB"), settings.getint("DEDUP_NUM_PERM"),
                   settings.getfloat("DEDUP_THRESHOLD"))

    def open_spider(self):
        archive = Archive(self.archive_path)
        try:
            for url, digest, published, minhash in archive.fingerprints():
                self.index.add(url, digest, published, minhash)
        finally:
            archive.close()

    def process_item(self, item):
        if isinstance(item, Article):
            self.decide(item)
        return item

    def decide(self, article: Article) -> None:
        """Set the article's verdict and update the index accordingly."""
        url, digest = article.url, article.content_hash
        known = self.index.articles.get(url)
        if known is not None:
            article.verdict = UNCHANGED if known.content_hash == digest else UPDATED
        else:
            match = self.index.match(digest, article.minhash)
            if match is None:
                article.verdict = NEW
            else:
                original, article.duplicate_kind, article.similarity = match
                if precedence(article.published, url) < precedence(self.index.articles[original].published,
                                                                   original):
                    article.verdict, article.supersedes = NEW, original
                    self.index.remove(original)
                else:
                    article.verdict, article.duplicate_of = DUPLICATE, original
        if article.verdict != DUPLICATE:
            self.index.add(url, digest, article.published, article.minhash)
        self.stats.inc_value(f"dedup/{article.verdict}")
