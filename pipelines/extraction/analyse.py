"""``analyse_page``: one fetched page in, one Article out — the whole CPU-bound part of archiving a page.

Decode (NFC whatever the charset), extract (``extract_article``), detect the language, hash and MinHash the text.
Pure and top-level, so that a worker process runs it once per page and ships the finished Article back; in the
distributed mode the crawler machines run it and the archiver only decides and stores.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.extraction.core import NotAnArticle, extract_article
from pipelines.extraction.encoding import decode_html
from pipelines.extraction.fingerprint import fingerprint
from pipelines.extraction.language import DEFAULT_SAMPLE_CHARS, detect_language
from pipelines.extraction.options import DEFAULT_MIN_WORDS
from pipelines.extraction.page import Article, RawPage
from pipelines.extraction.urls import article_key, normalize_url, with_http_urls

HTML_TYPES = ("text/html", "application/xhtml+xml")
# Reasons about the response itself; every other extraction verdict (too short, listing page, ...) is recorded
# as "not_article" with the extractor's reason as detail.
PAGE_LEVEL_REASONS = ("empty", "not_html")


@dataclass(frozen=True)
class AnalysisOptions:
    """Everything ``analyse_page`` is tuned by (the crawl reads them from its settings)."""

    min_words: int = DEFAULT_MIN_WORDS  # EXTRACT_MIN_WORDS: shorter bodies are not articles
    language_seed: int = 0  # LANGDETECT_SEED
    language_sample_chars: int = DEFAULT_SAMPLE_CHARS  # LANGDETECT_SAMPLE_CHARS
    language_min_chars: int = 40  # LANGDETECT_MIN_CHARS
    num_perm: int = 128  # DEDUP_NUM_PERM
    shingle_size: int = 5  # DEDUP_SHINGLE_SIZE


def looks_like_html(body: bytes, content_type: str | None) -> bool:
    """Trust an HTML content type; without one, sniff the first bytes."""
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type:
        return media_type in HTML_TYPES
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head


def extract_page(body: bytes, url: str | None, content_type: str | None = None, hints: dict | None = None,
                 min_words: int = AnalysisOptions.min_words) -> dict:
    """Decode and extract one page. Raises NotAnArticle (with a reason) for anything that is not an article."""
    if not body.strip():
        raise NotAnArticle("empty")
    if not looks_like_html(body, content_type):
        raise NotAnArticle("not_html")
    html, encoding = decode_html(body, content_type)
    article = extract_article(html, url=url, hints=hints or {}, min_words=min_words)
    article["encoding"] = encoding
    return article


def analyse_page(page: RawPage, options: AnalysisOptions = AnalysisOptions()) -> Article:
    """The Article of one fetched page; raises NotAnArticle when the page holds none."""
    # Every URL of the Article passes here: only http(s) URLs are stored or become the archive key.
    extracted = with_http_urls(extract_page(page.body, page.final_url, page.header("Content-Type"), page.hints,
                                            options.min_words), page.final_url)
    text = extracted["text"] or ""
    language, probability = detect_language(text, seed=options.language_seed,
                                            sample_chars=options.language_sample_chars,
                                            min_chars=options.language_min_chars)
    digest, signature = fingerprint(text, options.num_perm, options.shingle_size)
    fields = {name: extracted[name] for name in EXTRACTED_FIELDS if name in extracted}
    return Article(
        **fields,
        url=article_key(extracted.get("canonical_url"), page.final_url),
        fetched_url=normalize_url(page.final_url),
        site=page.site,
        province=page.province,
        status=page.status,
        fetched_at=page.fetched_at,
        etag=page.header("ETag"),
        last_modified=page.header("Last-Modified"),
        warc_file=page.warc_file,
        warc_offset=page.warc_offset,
        warc_length=page.warc_length,
        language=language,
        language_prob=probability,
        content_hash=digest,
        minhash=signature,
    )


# What of ``extract_article``'s result becomes the Article (its "url" is the page's URL, not the archive key).
EXTRACTED_FIELDS = ("text", "title", "lead", "author", "published", "modified", "tags", "categories",
                    "description", "image", "captions", "page_type", "site_name", "canonical_url", "word_count",
                    "encoding", "extracted_by")
