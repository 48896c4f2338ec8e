"""Fingerprints of a clean text for the duplicate decision: a content hash and a MinHash signature.

Computed once per page, with the rest of ``analyse_page``, in a worker process; the decision itself compares
stored signatures (``pipelines.archive.duplicate_index``) and never needs datasketch, which (with the scipy it
pulls in, ~45 MB) is imported here only, in the workers.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np

WORD_RE = re.compile(r"\w+")
# datasketch's 32-bit permutation scheme: stored signatures are uint32, 4 bytes per permutation.
MINHASH_SCHEME = "affine32"


def normalized_words(text: str) -> list[str]:
    return WORD_RE.findall(unicodedata.normalize("NFC", text).casefold())


def content_hash(text: str) -> str:
    """Hash of the text's words only: whitespace, punctuation and case changes do not make a new version."""
    return words_hash(normalized_words(text))


def words_hash(words: list[str]) -> str:
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


def words_minhash(words: list[str], num_perm: int, shingle_size: int):
    """datasketch MinHash of the words' shingles."""
    from datasketch import MinHash

    shingles = {" ".join(words[i:i + shingle_size]) for i in range(max(1, len(words) - shingle_size + 1))}
    minhash = MinHash(num_perm=num_perm, scheme=MINHASH_SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    return minhash


def fingerprint(text: str, num_perm: int = 128, shingle_size: int = 5) -> tuple[str, bytes]:
    """(content hash, MinHash signature as bytes) of a text: what the duplicate decision needs, picklable. The
    text's words are normalised once for both."""
    words = normalized_words(text)
    return words_hash(words), minhash_to_bytes(words_minhash(words, num_perm, shingle_size))


def minhash_to_bytes(minhash) -> bytes:
    return minhash.hashvalues.astype(np.uint32).tobytes()
