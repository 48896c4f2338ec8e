"""Items the spider yields. The spider fetches; the pipelines extract, deduplicate, detect and store."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RawPage:
    """One fetched article response, as it came: the input of the extraction pipeline."""

    url: str  # the URL that was requested (normalised)
    final_url: str  # the URL of the response, after redirects
    status: int
    headers: dict[str, str] = field(repr=False)
    body: bytes = field(repr=False)
    fetched_at: str  # ISO 8601, UTC
    site: str
    province: str | None = None
    hints: dict = field(default_factory=dict)
    # Where the raw response is kept (set by the WARC pipeline, or by re-extraction from WARC).
    warc_file: str | None = None
    warc_offset: int | None = None
    warc_length: int | None = None

    def header(self, name: str) -> str | None:
        """A response header by case-insensitive name (Scrapy normalises names to "Etag", "Content-Type")."""
        name = name.lower()
        return next((value for key, value in self.headers.items() if key.lower() == name), None)


@dataclass
class NotModified:
    """A revisited article answered 304 Not Modified: still there, unchanged, nothing to extract."""

    url: str
    site: str


@dataclass
class FailedPage:
    """A page that could not be fetched (HTTP error, timeout, robots.txt, ...): recorded, never silent."""

    url: str
    site: str
    reason: str  # short code: http_404, http_500, timeout, dns, robots, ...
    status: int | None = None
    detail: str | None = None
    seen_at: str | None = None
