"""URL normalisation shared by discovery and deduplication, so one article has one key.

courlan does the work: lower-cased host, default port dropped, tracking parameters (utm_*, fbclid, gclid, ...)
removed; fragments never identify a different page, so they go too.
"""

from urllib.parse import urldefrag

from courlan import normalize_url as _courlan_normalize


def normalize_url(url: str) -> str:
    try:
        normalized = _courlan_normalize(url)
    except ValueError:
        normalized = url
    return urldefrag(normalized).url
