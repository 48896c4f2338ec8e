"""Deduplication: same URL, same text (content hash) or nearly the same text (MinHash over word shingles).

Every article leaves this pipeline marked, never dropped: ``dedup`` is "new", "updated", "unchanged" or
"duplicate" (then with ``duplicate_of``, ``duplicate_kind`` and ``similarity``). Which copy of a story is the
original does not depend on crawl order: the earliest published wins, then the smallest URL, so an archive built
from the same pages is the same whatever order they arrived in. When a newcomer outranks the archived original,
it is marked ``supersedes`` and the store demotes the old one.

The signatures (content hash and MinHash of one text, ``fingerprint``) are computed in the crawler's worker pool
when there is one (pipelines/workers.py); the decision against the index stays here, on the reactor thread, one
article at a time.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from pipelines.archive import Archive
from pipelines.extract import NotArchived
from pipelines.workers import WorkerCrashed, pool_for

WORD_RE = re.compile(r"\w+")
# datasketch's 32-bit permutation scheme: stored signatures are uint32, 4 bytes per permutation.
MINHASH_SCHEME = "affine32"


def normalized_words(text: str) -> list[str]:
    return WORD_RE.findall(unicodedata.normalize("NFC", text).casefold())


def content_hash(text: str) -> str:
    """Hash of the text's words only: whitespace, punctuation and case changes do not make a new version."""
    return hashlib.sha256(" ".join(normalized_words(text)).encode("utf-8")).hexdigest()


def text_minhash(text: str, num_perm: int = 128, shingle_size: int = 5) -> MinHash:
    words = normalized_words(text)
    shingles = {" ".join(words[i:i + shingle_size]) for i in range(max(1, len(words) - shingle_size + 1))}
    minhash = MinHash(num_perm=num_perm, scheme=MINHASH_SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    return minhash


def fingerprint(text: str, num_perm: int = 128, shingle_size: int = 5) -> tuple[str, bytes]:
    """(content hash, MinHash signature as bytes) of a text: what the duplicate decision needs, picklable."""
    return content_hash(text), minhash_to_bytes(text_minhash(text, num_perm, shingle_size))


def minhash_to_bytes(minhash: MinHash) -> bytes:
    return minhash.hashvalues.astype(np.uint32).tobytes()


def index_minhash(data: bytes) -> LeanMinHash:
    """A stored signature as the duplicate index keeps it: frozen (no permutation tables), cheap to build and hold.

    Same seed and scheme as ``text_minhash``, so similarities are those of the full MinHash.
    """
    return LeanMinHash(seed=1, hashvalues=np.frombuffer(data, dtype=np.uint32), scheme=MINHASH_SCHEME)


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


@dataclass
class IndexedArticle:
    content_hash: str
    published: str | None
    minhash: MinHash | None


class DuplicateIndex:
    """Archived originals by URL, by content hash and in a MinHash LSH index for near-duplicates."""

    def __init__(self, num_perm: int, threshold: float):
        self.num_perm = num_perm
        self.threshold = threshold
        self.articles: dict[str, IndexedArticle] = {}
        self.by_hash: dict[str, str] = {}
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)

    def add(self, url: str, digest: str, published: str | None, minhash: MinHash | None) -> None:
        self.remove(url)
        self.articles[url] = IndexedArticle(digest, published, minhash)
        self.by_hash.setdefault(digest, url)
        if minhash is not None:
            self.lsh.insert(url, minhash)

    def remove(self, url: str) -> None:
        entry = self.articles.pop(url, None)
        if entry is None:
            return
        if self.by_hash.get(entry.content_hash) == url:
            del self.by_hash[entry.content_hash]
        if entry.minhash is not None:
            self.lsh.remove(url)

    def match(self, digest: str, minhash: MinHash) -> tuple[str, str, float] | None:
        """(original URL, kind, similarity) of the best archived match, or None."""
        if digest in self.by_hash:
            return self.by_hash[digest], "exact", 1.0
        best = None
        for url in self.lsh.query(minhash):
            similarity = minhash.jaccard(self.articles[url].minhash)
            if similarity >= self.threshold and (best is None or (similarity, url) > (best[2], best[0])):
                best = (url, "near", round(similarity, 4))
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
                self.index.add(url, digest, published, index_minhash(minhash) if minhash else None)
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
            raise NotArchived("worker_crashed", item["url"], str(exc)[:200]) from None
        return self.decide(item, digest, signature)

    def decide(self, item: dict, digest: str, signature: bytes) -> dict:
        """Mark the article against the index and update the index: synchronous, one article at a time."""
        url = item["url"]
        minhash = index_minhash(signature)
        item["content_hash"] = digest
        item["minhash"] = signature
        known = self.index.articles.get(url)
        if known is not None:
            item["dedup"] = "unchanged" if known.content_hash == digest else "updated"
        else:
            match = self.index.match(digest, minhash)
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
            self.index.add(url, digest, item.get("published"), minhash)
        self.stats.inc_value(f"dedup/{item['dedup']}")
        return item
