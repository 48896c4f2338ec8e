"""Which archived article a new text copies: archived originals by URL and content hash, and banded MinHash
signatures (LSH) for near-duplicates, with the order-independent rule of which copy is the original.

The verdict is made in ``pipelines.deduplicate`` against the archive itself (band keys in the indexed table
``article_bands``, looked up per new article, ``Archive.near_candidates``) plus a ``DuplicateIndex`` of the
verdicts the store has not committed yet. The index only compares stored signatures
(``pipelines.extraction.fingerprint`` computes them).
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache

import numpy as np

SIGNATURE_VALUE_BYTES = 4  # uint32 per permutation
# The deduplicator's defaults (crawler/settings.py DEDUP_THRESHOLD, DEDUP_NUM_PERM): the banding the schema's
# migration backfills ``article_bands`` with; a crawl with other settings rebands the archive once
# (``Archive.ensure_banding``).
DEFAULT_THRESHOLD, DEFAULT_NUM_PERM = 0.8, 128


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


def band_keys(signature: bytes, bands: int, rows: int) -> list[int]:
    """One signed 64-bit key per LSH band: a hash of the band's slice of the signature, salted with the band's
    number so that one table holds every band. Stable across processes (Python's ``hash`` is salted per process),
    since the archive stores them."""
    width = rows * SIGNATURE_VALUE_BYTES
    return [int.from_bytes(hashlib.blake2b(signature[band * width:(band + 1) * width], digest_size=8,
                                           salt=band.to_bytes(2, "little")).digest(), "little", signed=True)
            for band in range(bands)]


BAND_INSERT_SQL = "INSERT OR IGNORE INTO article_bands (key, article_id) VALUES (?, ?)"
BACKFILL_CHUNK = 10_000  # signatures read per executemany of their band rows


def backfill_bands(conn: sqlite3.Connection, bands: int, rows: int) -> None:
    """Band rows for every stored signature (the schema's migration, or a change of banding)."""
    cursor = conn.execute("SELECT a.id, f.minhash FROM articles a JOIN article_fingerprints f ON f.url = a.url")
    while chunk := cursor.fetchmany(BACKFILL_CHUNK):
        conn.executemany(BAND_INSERT_SQL, [(key, article_id) for article_id, minhash in chunk
                                           for key in band_keys(minhash, bands, rows)])


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
    """Originals by URL, by content hash, and banded MinHash signatures (LSH) for near-duplicates, in memory.

    The deduplicator keeps in one the verdicts the store has not committed yet (a batch); with
    ``DEDUP_PRELOAD`` it holds the whole archive, loaded at the crawl's start (the former behaviour, kept as the
    reference the on-demand lookups are tested against). Its size per article: datasketch's MinHashLSH
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
        return band_keys(signature.tobytes(), self.bands, self.rows_per_band)

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
        """(original URL, kind, similarity) of the best match, or None."""
        if digest in self.by_hash:
            return self.by_hash[digest], "exact", 1.0
        best = self.nearest(signature)
        return None if best is None else (best[1], "near", round(best[0], 4))

    def nearest(self, signature: bytes) -> tuple[float, str] | None:
        """(similarity, URL) of the most similar signature sharing a band, at or over the threshold; ties go to
        the larger URL, whatever the order the candidates come in."""
        values = np.frombuffer(signature, dtype=np.uint32)
        candidates = set()
        for bucket, key in zip(self.buckets, self._band_keys(values)):
            rows = bucket.get(key)
            if rows is not None:
                candidates.update(rows if isinstance(rows, list) else (rows,))
        scored = ((similarity(values, self.signature(row)), self.urls[row]) for row in candidates)
        return max((pair for pair in scored if pair[0] >= self.threshold), default=None)
