"""Which archived article a new text copies: archived originals by URL and content hash, and banded MinHash
signatures (LSH) for near-duplicates, with the order-independent rule of which copy is the original.

The verdict is made in ``pipelines.deduplicate`` against this index, one article at a time; the index only
compares stored signatures (``pipelines.extraction.fingerprint`` computes them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache

import numpy as np


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures: the share of equal permutations (as datasketch computes it)."""
    return float(np.count_nonzero(a == b)) / len(a)


@lru_cache(maxsize=None)
def banding(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band) for LSH at ``threshold``: the choice datasketch's MinHashLSH makes (false positives
    and false negatives weighted equally, integrated over the similarity), computed without scipy."""
    def probability(s, bands, rows):
        return 1 - (1 - s ** rows) ** bands

    below = np.linspace(0, threshold, 201)
    above = np.linspace(threshold, 1, 201)
    best, best_error = (1, num_perm), float("inf")
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            false_positive = np.trapezoid(probability(below, bands, rows), below)
            false_negative = np.trapezoid(1 - probability(above, bands, rows), above)
            error = 0.5 * false_positive + 0.5 * false_negative
            if error < best_error:
                best, best_error = (bands, rows), error
    return best


def precedence(published: str | None, url: str) -> tuple[datetime, str]:
    """Sort key of candidate originals: earliest publication first, undated last, then URL."""
    when = datetime.max.replace(tzinfo=timezone.utc)
    if published:
        try:
            parsed = datetime.fromisoformat(published)
            when = parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
        except ValueError:
            pass
    return when, url


@dataclass(slots=True)
class IndexedArticle:
    content_hash: str
    published: str | None
    row: int | None  # of its signature in the index, None when the archive has no signature for it


class DuplicateIndex:
    """Archived originals by URL, by content hash, and banded MinHash signatures (LSH) for near-duplicates.

    The whole archive is loaded at every crawl start, so its size per article matters: datasketch's MinHashLSH
    keeps a set per bucket and the index a LeanMinHash per article, about 4 KB per article (2 GB for half a
    million). Here the signatures are rows of numpy blocks (4 bytes per permutation) and each band maps the
    hash of its slice of a signature to a row number (or a list of them, for the rare shared bucket): about
    1.3 KB per article, same bands and rows as MinHashLSH, same similarities as datasketch.
    """

    BLOCK_ROWS = 4096

    def __init__(self, num_perm: int, threshold: float):
        self.num_perm = num_perm
        self.threshold = threshold
        self.bands, self.rows_per_band = banding(threshold, num_perm)
        self.articles: dict[str, IndexedArticle] = {}
        self.by_hash: dict[str, str] = {}
        self.buckets: list[dict[int, int | list[int]]] = [{} for _ in range(self.bands)]
        self.blocks: list[np.ndarray] = []
        self.urls: list[str | None] = []  # by row; None once removed

    def signature(self, row: int) -> np.ndarray:
        return self.blocks[row // self.BLOCK_ROWS][row % self.BLOCK_ROWS]

    def _band_keys(self, signature: np.ndarray) -> list[int]:
        r = self.rows_per_band
        return [hash(signature[band * r:(band + 1) * r].tobytes()) for band in range(self.bands)]

    def add(self, url: str, digest: str, published: str | None, signature: bytes | None) -> None:
        self.remove(url)
        row = None
        if signature is not None:
            row = len(self.urls)
            if row % self.BLOCK_ROWS == 0:
                self.blocks.append(np.empty((self.BLOCK_ROWS, self.num_perm), dtype=np.uint32))
            values = self.signature(row)
            values[:] = np.frombuffer(signature, dtype=np.uint32)
            self.urls.append(url)
            for bucket, key in zip(self.buckets, self._band_keys(values)):
                rows = bucket.get(key)
                if rows is None:
                    bucket[key] = row
                elif isinstance(rows, list):
                    rows.append(row)
                else:
                    bucket[key] = [rows, row]
        self.articles[url] = IndexedArticle(digest, published, row)
        self.by_hash.setdefault(digest, url)

    def remove(self, url: str) -> None:
        entry = self.articles.pop(url, None)
        if entry is None:
            return
        if self.by_hash.get(entry.content_hash) == url:
            del self.by_hash[entry.content_hash]
        if entry.row is not None:
            self.urls[entry.row] = None
            for bucket, key in zip(self.buckets, self._band_keys(self.signature(entry.row))):
                rows = bucket[key]
                if isinstance(rows, list) and len(rows) > 1:
                    rows.remove(entry.row)
                else:
                    del bucket[key]

    def match(self, digest: str, signature: bytes) -> tuple[str, str, float] | None:
        """(original URL, kind, similarity) of the best archived match, or None."""
        if digest in self.by_hash:
            return self.by_hash[digest], "exact", 1.0
        values = np.frombuffer(signature, dtype=np.uint32)
        candidates = set()
        for bucket, key in zip(self.buckets, self._band_keys(values)):
            rows = bucket.get(key)
            if rows is not None:
                candidates.update(rows if isinstance(rows, list) else (rows,))
        best = None
        for row in candidates:
            url, score = self.urls[row], similarity(values, self.signature(row))
            if score >= self.threshold and (best is None or (score, url) > (best[2], best[0])):
                best = (url, "near", round(score, 4))
        return best

