"""URL normalisation shared by discovery and the archive, so one article has one key (``article_key``).

courlan does the work: lower-cased host, default port dropped, tracking parameters (utm_*, fbclid, gclid, ...)
removed; fragments never identify a different page, so they go too.

Only http(s) URLs are ever stored or linked (``http_url``): a page's canonical or image URL may be
``javascript:``, ``data:`` or ``vbscript:``, which would run on the click of whoever reads the archive.
"""

import re
from urllib.parse import urldefrag, urljoin, urlsplit

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


HTTP_SCHEMES = ("http", "https")
# What browsers ignore in a URL (tabs and newlines anywhere, C0 controls and spaces at its ends): removed before
# the scheme is read, so that "java\tscript:" is read as the browser would read it.
URL_IGNORED_INSIDE = re.compile(r"[\t\n\r]")
URL_IGNORED_AT_ENDS = "".join(map(chr, range(0x21)))
# The URL-valued fields of an extraction result, and of each of its captions.
ARTICLE_URL_FIELDS = ("canonical_url", "image")
CAPTION_URL_FIELDS = ("image",)


def http_url(value: str | None, base: str | None = None) -> str | None:
    """``value`` as an absolute http(s) URL (resolved against ``base``), or None for any other scheme."""
    if not isinstance(value, str):
        return None
    url = URL_IGNORED_INSIDE.sub("", value).strip(URL_IGNORED_AT_ENDS)
    if not url:
        return None
    url = urljoin(base, url) if base else url
    parts = urlsplit(url)
    return url if parts.scheme.lower() in HTTP_SCHEMES and parts.hostname else None


def with_http_urls(extracted: dict, base: str) -> dict:
    """An extraction result whose URL fields (captions' included) are absolute http(s) URLs or None."""
    urls = {name: http_url(extracted.get(name), base) for name in ARTICLE_URL_FIELDS}
    captions = [{**caption, **{name: http_url(caption.get(name), base) for name in CAPTION_URL_FIELDS}}
                for caption in extracted.get("captions") or []]
    return {**extracted, **urls, "captions": captions}
