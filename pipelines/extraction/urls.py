"""URL normalisation shared by discovery and the archive, so one article has one key (``article_key``).

courlan does the work: lower-cased host, default port dropped, tracking parameters (utm_*, fbclid, gclid, ...)
removed; fragments never identify a different page, so they go too.
"""

from urllib.parse import urldefrag, urlsplit

from courlan import normalize_url as _courlan_normalize


def normalize_url(url: str) -> str:
    """The one spelling of a URL: courlan's normalisation without the fragment."""
    try:
        normalized = _courlan_normalize(url)
    except ValueError:
        normalized = url
    return urldefrag(normalized).url


def article_key(canonical_url: str | None, fetched_url: str) -> str:
    """The archive key: the page's canonical URL when it is on the same host, else the fetched URL."""
    fetched = normalize_url(fetched_url)
    if canonical_url:
        canonical = normalize_url(canonical_url)
        if _host(canonical) == _host(fetched):
            return canonical
    return fetched


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")
