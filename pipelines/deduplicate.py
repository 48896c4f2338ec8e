"""Deduplication: each Article's verdict — new, updated, unchanged or duplicate — decided once, here.

Same URL (updated or unchanged by content hash), same text (content hash) or nearly the same text (MinHash over
word shingles, banded for LSH, ``pipelines.archive.duplicate_index``). Which copy of a story is the original does
not depend on crawl order: the earliest published wins, then the smallest URL, so an archive built from the same
pages is the same whatever order they arrived in. When a newcomer outranks the archived original it is "new" and
``supersedes`` that copy, which the store demotes to the duplicates.

Nothing is loaded at the start: each question goes to the archive as an indexed lookup (its URL, its content
hash, its band keys in ``article_bands``), so memory and start-up do not grow with the archive. The verdicts the
store has not committed yet (at most a batch) are kept in a small in-memory ``DuplicateIndex`` that overrides the
archive, and dropped when the store commits (``ARCHIVE_COMMITTED``). ``DEDUP_PRELOAD = True`` loads the whole
archive into that index instead (the former behaviour, kept as the reference the tests compare with).

The fingerprints come with the Article (computed by ``analyse_page`` in a worker). The decision runs on the
reactor thread, one article at a time, and the store applies it in the same step (both are synchronous), so the
store sees the verdicts in the order they were decided.
"""

from __future__ import annotations

import numpy as np

from pipelines.archive import Archive
from pipelines.archive.duplicate_index import DuplicateIndex, precedence, similarity
from pipelines.extraction.page import DUPLICATE, NEW, UNCHANGED, UPDATED, Article
from pipelines.store import ARCHIVE_COMMITTED


class ArchiveDuplicates:
    """The archive's originals as the deduplicator sees them: the uncommitted verdicts of this run (``pending``,
    in memory) over the committed archive (indexed lookups). ``preload`` fills ``pending`` with the whole archive
    and never asks the archive again."""

    def __init__(self, archive: Archive, num_perm: int, threshold: float, preload: bool):
        self.archive = archive
        self.num_perm = num_perm
        self.threshold = threshold
        self.preload = preload
        self.pending = DuplicateIndex(num_perm, threshold)
        self.removed: set[str] = set()  # archived originals superseded since the last commit
        if preload:
            for url, digest, published, minhash in archive.fingerprints():
                self.pending.add(url, digest, published, minhash)

    def committed(self) -> None:
        """The store committed every verdict so far: the archive answers for them now."""
        if not self.preload:
            self.pending = DuplicateIndex(self.num_perm, self.threshold)
            self.removed.clear()

    def _archived(self, url: str) -> bool:
        """Whether the archive's row for ``url`` is current (no pending verdict replaced or removed it)."""
        return not self.preload and url not in self.pending.articles and url not in self.removed

    def state(self, url: str) -> tuple[str, str | None] | None:
        """(content_hash, published) of the original stored under ``url``."""
        entry = self.pending.articles.get(url)
        if entry is not None:
            return entry.content_hash, entry.published
        return self.archive.article_state(url) if self._archived(url) else None

    def match(self, digest: str, signature: bytes) -> tuple[str, str, float] | None:
        """(original URL, kind, similarity) of the best match, or None: the answer one whole-archive
        ``DuplicateIndex.match`` gives (the archive's rows first, as they were loaded first)."""
        exact = None if self.preload else next(
            (url for url in self.archive.urls_with_hash(digest) if self._archived(url)), None)
        exact = exact or self.pending.by_hash.get(digest)
        if exact is not None:
            return exact, "exact", 1.0
        best = self.pending.nearest(signature)
        if not self.preload:
            values = np.frombuffer(signature, dtype=np.uint32)
            for url, minhash in self.archive.near_candidates(signature):
                pair = (similarity(values, np.frombuffer(minhash, dtype=np.uint32)), url)
                if pair[0] >= self.threshold and self._archived(url) and (best is None or pair > best):
                    best = pair
        return None if best is None else (best[1], "near", round(best[0], 4))

    def keep(self, article: Article) -> None:
        """A verdict the store is about to apply, until it is committed. An unchanged text leaves the stored row
        as it is (its publication time included), so the archive goes on answering for it; the preloaded
        reference re-adds it, as the former whole-archive index did."""
        if article.verdict != UNCHANGED or self.preload:
            self.pending.add(article.url, article.content_hash, article.published, article.minhash)

    def supersede(self, url: str) -> None:
        self.pending.remove(url)
        self.removed.add(url)


class DeduplicatePipeline:
    """Marks each Article new / updated / unchanged / duplicate against the archive and this run."""

    def __init__(self, stats, archive_path: str, num_perm: int, threshold: float, preload: bool = False):
        self.stats = stats
        self.archive_path = archive_path
        self.num_perm = num_perm
        self.threshold = threshold
        self.preload = preload
        self.archive: Archive | None = None
        self.originals: ArchiveDuplicates | None = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        pipeline = cls(crawler.stats, settings.get("ARCHIVE_DB"), settings.getint("DEDUP_NUM_PERM"),
                       settings.getfloat("DEDUP_THRESHOLD"), settings.getbool("DEDUP_PRELOAD"))
        crawler.signals.connect(pipeline.committed, signal=ARCHIVE_COMMITTED)
        return pipeline

    def open_spider(self):
        self.archive = Archive(self.archive_path)
        pending = DuplicateIndex(self.num_perm, self.threshold)
        if self.archive.ensure_banding(pending.bands, pending.rows_per_band):
            self.stats.inc_value("dedup/rebanded")  # other DEDUP_* settings than the archive's band rows
        self.originals = ArchiveDuplicates(self.archive, self.num_perm, self.threshold, self.preload)

    def close_spider(self):
        self.archive.close()

    def committed(self):
        self.originals.committed()
        self.stats.inc_value("dedup/commits_seen")

    def process_item(self, item):
        if isinstance(item, Article):
            self.decide(item)
        return item

    def decide(self, article: Article) -> None:
        """Set the article's verdict and remember it until the store has committed it."""
        url, digest, originals = article.url, article.content_hash, self.originals
        known = originals.state(url)
        if known is not None:
            article.verdict = UNCHANGED if known[0] == digest else UPDATED
        else:
            match = originals.match(digest, article.minhash)
            if match is None:
                article.verdict = NEW
            else:
                original, article.duplicate_kind, article.similarity = match
                if precedence(article.published, url) < precedence(originals.state(original)[1], original):
                    article.verdict, article.supersedes = NEW, original
                    originals.supersede(original)
                else:
                    article.verdict, article.duplicate_of = DUPLICATE, original
        if article.verdict != DUPLICATE:
            originals.keep(article)
        self.stats.inc_value(f"dedup/{article.verdict}")
