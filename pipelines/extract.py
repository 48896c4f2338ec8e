"""Extraction: a fetched page (RawPage) becomes an article, or is dropped with a counted reason.

The same code path serves the pipeline and the command line::

    python -m pipelines.extract FILE.html [FILE.html ...] [--url URL]

prints one JSON object per file (extraction plus language detection), one per line, in order.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from urllib.parse import urlsplit

from crawler.items import RawPage
from crawler.urls import normalize_url
from pipelines.encoding import decode_html
from pipelines.extraction import NotAnArticle, extract_article
from pipelines.language import detect_language
from pipelines.not_archived import NotArchived
from pipelines.workers import WorkerCrashed, pool_for

logger = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
# Reasons about the response itself; every other extraction verdict (too short, listing page, ...) is
# recorded as "not_article" with the extractor's reason as detail.
PAGE_LEVEL_REASONS = ("empty", "not_html")


def looks_like_html(body: bytes, content_type: str | None) -> bool:
    """Trust an HTML content type; without one, sniff the first bytes."""
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type:
        return media_type in HTML_TYPES
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head


def extract_page(body: bytes, url: str | None, content_type: str | None = None, hints: dict | None = None,
                 min_words: int = 60) -> dict:
    """Decode and extract one page. Raises NotAnArticle (with a reason) for anything that is not an article."""
    if not body.strip():
        raise NotAnArticle("empty")
    if not looks_like_html(body, content_type):
        raise NotAnArticle("not_html")
    html, encoding = decode_html(body, content_type)
    article = extract_article(html, url=url, hints=hints or {}, min_words=min_words)
    article["encoding"] = encoding
    return article


def article_key(article: dict, fetched_url: str) -> str:
    """The archive key: the page's canonical URL when it is on the same host, else the fetched URL."""
    fetched = normalize_url(fetched_url)
    canonical = article.get("canonical_url")
    if canonical:
        canonical = normalize_url(canonical)
        if _host(canonical) == _host(fetched):
            return canonical
    return fetched


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")


class ExtractPipeline:
    """RawPage → article dict (title, lead, text, author, dates, ...); non-articles are dropped and counted.

    The extraction itself (``extract_page``) runs in the crawler's worker pool (pipelines/workers.py) when there
    is one, in-process otherwise; both give the same article.
    """

    def __init__(self, stats, min_words: int, pool=None):
        self.stats = stats
        self.min_words = min_words
        self.pool = pool

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats, crawler.settings.getint("EXTRACT_MIN_WORDS"), pool_for(crawler))

    def process_item(self, item):
        if not isinstance(item, RawPage):
            return item
        args = (item.body, item.final_url, item.header("Content-Type"), item.hints, self.min_words)
        if self.pool is None:
            try:
                article = extract_page(*args)
            except Exception as exc:
                raise self.not_archived(item, exc) from None
            return self.article_item(item, article)
        return self._extract_in_worker(item, args)

    async def _extract_in_worker(self, item: RawPage, args: tuple) -> dict:
        try:
            article = await self.pool.run(extract_page, *args, tag=item.final_url)
        except Exception as exc:
            raise self.not_archived(item, exc) from None
        return self.article_item(item, article)

    def not_archived(self, item: RawPage, exc: Exception) -> NotArchived:
        """The drop (with its recorded reason) for an extraction that did not give an article."""
        if isinstance(exc, NotAnArticle):
            self.stats.inc_value(f"extract/dropped/{exc.reason}")
            category = exc.reason if exc.reason in PAGE_LEVEL_REASONS else "not_article"
            return NotArchived(category, item.final_url, exc.reason)
        if isinstance(exc, WorkerCrashed):  # the worker process died on this page (see pipelines/workers.py)
            self.stats.inc_value("extract/dropped/worker_crashed")
            return NotArchived.worker_crashed(item.final_url, exc)
        # a pathological page must not stop the crawl
        logger.error("Extraction failed on %s", item.final_url, exc_info=(type(exc), exc, exc.__traceback__))
        self.stats.inc_value("extract/dropped/extract_error")
        return NotArchived("extract_error", item.final_url, repr(exc)[:200])

    def article_item(self, item: RawPage, article: dict) -> dict:
        self.stats.inc_value("extract/articles")
        return {
            **article,
            "url": article_key(article, item.final_url),
            "fetched_url": normalize_url(item.final_url),
            "site": item.site,
            "province": item.province,
            "status": item.status,
            "fetched_at": item.fetched_at,
            "etag": item.header("ETag"),
            "last_modified": item.header("Last-Modified"),
            "warc_file": item.warc_file,
            "warc_offset": item.warc_offset,
            "warc_length": item.warc_length,
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines.extract",
                                     description="Extract clean article text and metadata from saved pages.")
    parser.add_argument("files", nargs="+", type=Path, help="saved HTML pages")
    parser.add_argument("--url", help="the page's original URL (helps resolve links and dates)")
    parser.add_argument("--min-words", type=int, default=60, help="shorter bodies are reported as not articles")
    args = parser.parse_args(argv)
    status = 0
    for path in args.files:
        try:
            article = extract_page(path.read_bytes(), args.url, hints={}, min_words=args.min_words)
            language, probability = detect_language(article.get("text") or "")
            result = {**article, "language": language, "language_prob": probability}
        except NotAnArticle as exc:
            result, status = {"url": args.url, "file": str(path), "error": "not_article", "reason": exc.reason}, 1
        except OSError as exc:
            result, status = {"url": args.url, "file": str(path), "error": "unreadable", "reason": exc.strerror}, 1
        print(json.dumps(result, ensure_ascii=False), flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
