"""Deduplication: same URL, same text (content hash) or nearly the same text (MinHash over word shingles).

Every article leaves this pipeline marked, never dropped: ``dedup`` is "new", "updated", "unchanged" or
"duplicate" (then with ``duplicate_of``, ``duplicate_kind`` and ``similarity``). Which copy of a story is the
original does not depend on crawl order: the earliest published wins, then the smallest URL, so an archive built
from the same pages is the same whatever order they arrived in. When a newcomer outranks the archived original,
it is marked ``supersedes`` and the store demotes the old one.

The signatures (content hash and MinHash of one text, ``fingerprint``) are computed in the crawler's worker pool
when there is one (pipelines/workers.py); the decision against the index stays here, on the reactor thread, one
article at a time. The crawler process itself never imports datasketch (and the scipy it pulls in, ~45 MB): the
index only compares stored signatures.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache

import numpy as np

from pipelines.archive import Archive
from pipelines.not_archived import NotArchived
from pipelines.workers import WorkerCrashed, pool_for

WORD_RE = re.compile(r"\w+")
# datasketch's 32-bit permutation scheme: stored signatures are uint32, 4 bytes per permutation.
MINHASH_SCHEME = "affine32"


def normalized_words(text: str) -> list[str]:
    return WORD_RE.findall(unicodedata.normalize("NFC", text).casefold())


def content_hash(text: str) -> str:
    """Hash of the text's words only: whitespace, punctuation and case changes do not make a new version."""
    return hashlib.sha256(" ".join(normalized_words(text)).encode("utf-8")).hexdigest()


def text_minhash(text: str, num_perm: int = 128, shingle_size: int = 5):
    """datasketch MinHash of the text's word shingles (datasketch is imported here, in the workers only)."""
    from datasketch import MinHash

    words = normalized_words(text)
    shingles = {" ".join(words[i:i + shingle_size]) for i in range(max(1, len(words) - shingle_size + 1))}
    minhash = MinHash(num_perm=num_perm, scheme=MINHASH_SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    return minhash


def fingerprint(text: str, num_perm: int = 128, shingle_size: int = 5) -> tuple[str, bytes]:
    """(content hash, MinHash signature as bytes) of a text: what the duplicate decision needs, picklable."""
    return content_hash(text), minhash_to_bytes(text_minhash(text, num_perm, shingle_size))


def minhash_to_bytes(minhash) -> bytes:
    return minhash.hashvalues.astype(np.uint32).tobytes()


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


class DeduplicatePipeline:
    """Marks each article new / updated / unchanged / duplicate against the archive and this run."""

    def __init__(self, stats, archive_path: str, num_perm: int, shingle_size: int, threshold: float, pool=None):
        self.stats = stats
        self.archive_path = archive_path
        self.num_perm = num_perm
        self.shingle_size = shingle_size
        self.index = DuplicateIndex(num_perm, threshold)
        self.pool = pool

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        return cls(crawler.stats, s.get("ARCHIVE_DB"), s.getint("DEDUP_NUM_PERM"), s.getint("DEDUP_SHINGLE_SIZE"),
                   s.getfloat("DEDUP_THRESHOLD"), pool_for(crawler))

    def open_spider(self):
        archive = Archive(self.archive_path)
        try:
            for url, digest, published, minhash in archive.fingerprints():
                self.index.add(url, digest, published, minhash)
        finally:
            archive.close()

    def process_item(self, item):
        if not isinstance(item, dict):
            return item
        text = item.get("text") or ""
        if self.pool is None:
            return self.decide(item, *fingerprint(text, self.num_perm, self.shingle_size))
        return self._fingerprint_in_worker(item, text)

    async def _fingerprint_in_worker(self, item: dict, text: str) -> dict:
        try:
            digest, signature = await self.pool.run(fingerprint, text, self.num_perm, self.shingle_size,
                                                    tag=item["url"])
        except WorkerCrashed as exc:
            self.stats.inc_value("dedup/worker_crashed")
            raise NotArchived.worker_crashed(item["url"], exc) from None
        return self.decide(item, digest, signature)

    def decide(self, item: dict, digest: str, signature: bytes) -> dict:
        """Mark the article against the index and update the index: synchronous, one article at a time."""
        url = item["url"]
        item["content_hash"] = digest
        item["minhash"] = signature
        known = self.index.articles.get(url)
        if known is not None:
            item["dedup"] = "unchanged" if known.content_hash == digest else "updated"
        else:
            match = self.index.match(digest, signature)
            if match is None:
                item["dedup"] = "new"
            else:
                original, kind, similarity = match
                item.update(duplicate_kind=kind, similarity=similarity)
                if precedence(item.get("published"), url) < precedence(self.index.articles[original].published,
                                                                          original):
                    item.update(dedup="new", supersedes=original)
                    self.index.remove(original)
                else:
                    item.update(dedup="duplicate", duplicate_of=original)
        if item["dedup"] != "duplicate":
            self.index.add(url, digest, item.get("published"), signature)
        self.stats.inc_value(f"dedup/{item['dedup']}")
        return item
