"""The spider–pipeline contract: what the spider yields (RawPage, NotModified, FailedPage) and what the analysis of
a page gives (Article). Plain dataclasses, so they are Scrapy items, pickle to worker processes and serialise to
the Redis hand-off; nothing here imports Scrapy.

The spider fetches; ``analyse_page`` turns a RawPage into an Article (or refuses it); the pipelines then mark the
duplicate verdict on the Article and store it."""

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
    hints: dict = field(default_factory=dict)  # the site's extraction hints, as the registry resolved them
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
    """A page that did not make it into the archive (HTTP error, timeout, robots.txt, not an article, a worker
    crash, ...): recorded in ``failed_pages`` with its reason, never silent."""

    url: str
    site: str
    reason: str  # short code: http_404, http_500, timeout, dns, robots, ...
    status: int | None = None
    detail: str | None = None
    seen_at: str | None = None


# The duplicate verdicts (``Article.verdict``), decided once by the deduplicator and applied by the store.
NEW, UPDATED, UNCHANGED, DUPLICATE = "new", "updated", "unchanged", "duplicate"


@dataclass
class Article:
    """One analysed page: clean text, metadata, language and fingerprints, keyed by its archive URL.

    ``analyse_page`` fills everything up to the fingerprints; the deduplicator sets ``verdict`` (and, for copies,
    ``duplicate_of``/``duplicate_kind``/``similarity``, or ``supersedes`` when this article outranks an archived
    copy); the store writes accordingly.
    """

    url: str  # the archive key: the same-host canonical URL, else the fetched URL (normalised)
    fetched_url: str
    site: str
    text: str
    title: str | None = None
    lead: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601 with offset
    modified: str | None = None
    tags: list = field(default_factory=list)
    categories: list = field(default_factory=list)
    description: str | None = None
    image: str | None = None
    captions: list = field(default_factory=list)
    page_type: str = "article"
    extracted_by: str | None = None  # which extractor's text this is: "project", or "trafilatura" (the floor)
    site_name: str | None = None
    canonical_url: str | None = None
    word_count: int = 0
    encoding: str | None = None
    province: str | None = None
    status: int | None = None
    fetched_at: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    warc_file: str | None = None
    warc_offset: int | None = None
    warc_length: int | None = None
    language: str | None = None
    language_prob: float | None = None
    content_hash: str | None = None
    minhash: bytes | None = field(default=None, repr=False)
    verdict: str | None = None
    duplicate_of: str | None = None
    duplicate_kind: str | None = None  # exact | near
    similarity: float | None = None
    supersedes: str | None = None
