"""The real-page corpus of the throughput benchmark (bench/throughput.py, ``--corpus real``, the default).

Real news pages as their sites served them: the 92 pages of the public extraction benchmark
(``../shared/eval/aeb-dev/html``, English and some Portuguese, Korean, Russian, Japanese, Italian, German) and the
13 Vietnamese pages of ``../shared/eval/vn-real/html``. A corpus of N pages serves them round-robin, page ``i``
being copy ``i // 105`` of source ``i % 105``, each copy under its own news-like URL
(``/tin-tuc/2024/06/<source>-post<100000 + i>.html``).

Each copy carries a unique mark, so that exact-duplicate detection does not short-cut: the sentence
``Bản tin số <i>.`` is inserted at the start of the page's title and of its article text. Where the article text
starts is found once per source page (and cached in bench/out/real-corpus-anchors.json): the project's extractor
gives the text, and the mark goes before the first place in the page's ``<body>`` where one of the text's opening
lines starts verbatim and where the mark changes the extracted text (on pages with no such place, before the
first three ``<p>`` elements instead; ``summary`` counts the pages whose mark does not reach the text). The mark changes the content hash (every copy is a new text) but
only a few of a page's word shingles, so the copies of one source page are **near duplicates** of each other, and
the crawl records them as such (``duplicates`` of kind ``near``, their original being the copy with the smallest
URL): that decision, and the storage of the duplicate, is real work of the crawl and is measured with the rest.
The bench prints the duplicate kinds it got. Nothing is cached on disk: the server builds each copy from the
source bytes on request, and the baseline extracts the very same bytes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
SOURCE_DIRS = (EVAL / "aeb-dev" / "html", EVAL / "vn-real" / "html")
PUBLISHED = "2024-06-15T08:00:00+07:00"  # the sitemap's lastmod of every copy (the pages carry their own dates)
FIRST_POST_NUMBER = 100000
MARKED_PARAGRAPHS = 3  # where no anchor is found
ANCHOR_WORDS = 4  # an opening line's first words that locate the article text in the page
ANCHOR_LINES = 5  # opening lines of the text tried as anchors
TITLE_RE = re.compile(rb"<title(?:\s[^>]*)?>", re.IGNORECASE)
PARAGRAPH_RE = re.compile(rb"<p(?:\s[^>]*)?>", re.IGNORECASE)
SLUG_CHARS = 16
ANCHOR_CACHE = ROOT / "bench" / "out" / "real-corpus-anchors.json"
NO_ANCHOR = -1  # cached: no place in the page where the mark reaches the text


@dataclass(frozen=True)
class Source:
    name: str  # the file's stem, shortened: part of every copy's URL
    body: bytes
    anchor: int | None  # byte offset where the article text starts, None if not found


def extracted_text(body: bytes) -> str | None:
    """The text of the project's extraction of a page (None: not an article)."""
    from pipelines.extraction import NotAnArticle
    from pipelines.extraction.analyse import extract_page

    try:
        return extract_page(body, None, "text/html; charset=utf-8")["text"] or ""
    except NotAnArticle:
        return None


def anchor_candidates(body: bytes, text: str) -> list[int]:
    """Offsets after ``<body`` where one of the text's opening lines starts verbatim."""
    start, found = max(body.find(b"<body"), 0), []
    for line in text.splitlines()[:ANCHOR_LINES]:
        words = " ".join(line.split()[:ANCHOR_WORDS]).encode()
        offset = body.find(words, start) if words else -1
        while offset >= 0:
            found.append(offset)
            offset = body.find(words, offset + 1)
    return found


def marked(body: bytes, anchor: int | None, stamp: bytes) -> bytes:
    if anchor is None:
        return PARAGRAPH_RE.sub(lambda m: m.group(0) + stamp, body, count=MARKED_PARAGRAPHS)
    return body[:anchor] + stamp + body[anchor:]


def find_anchor(body: bytes) -> int | None:
    """The first candidate offset where a mark changes the extracted text."""
    text = extracted_text(body)
    if text is None:
        return None
    return next((offset for offset in anchor_candidates(body, text)
                 if extracted_text(marked(body, offset, mark(0))) != text), None)


def cached_anchors(paths: list[Path]) -> dict[str, int]:
    cache_key = {path.name: path.stat().st_size for path in paths}
    if ANCHOR_CACHE.exists():
        cached = json.loads(ANCHOR_CACHE.read_text())
        if cached["files"] == cache_key:
            return cached["anchors"]
    anchors = {path.name: find_anchor(path.read_bytes()) for path in paths}
    anchors = {name: NO_ANCHOR if offset is None else offset for name, offset in anchors.items()}
    ANCHOR_CACHE.parent.mkdir(parents=True, exist_ok=True)
    ANCHOR_CACHE.write_text(json.dumps({"files": cache_key, "anchors": anchors}))
    return anchors


@cache
def sources() -> tuple[Source, ...]:
    """The real pages, in a fixed order (directory, then file name)."""
    paths = [path for directory in SOURCE_DIRS for path in sorted(directory.glob("*.html"))]
    if not paths:
        raise SystemExit(f"no real pages under {', '.join(map(str, SOURCE_DIRS))}")
    anchors = cached_anchors(paths)
    return tuple(Source(path.stem[:SLUG_CHARS], path.read_bytes(),
                        None if anchors[path.name] == NO_ANCHOR else anchors[path.name]) for path in paths)


def entries(pages: int) -> list[dict]:
    """The first ``pages`` copies: index, URL path and sitemap date (the synthetic corpus's manifest fields)."""
    count = len(sources())
    return [{"index": i, "path": f"/tin-tuc/2024/06/{sources()[i % count].name}-post{FIRST_POST_NUMBER + i}.html",
             "published": PUBLISHED} for i in range(pages)]


def mark(index: int) -> bytes:
    return f"Bản tin số {FIRST_POST_NUMBER + index}. ".encode()


def page_body(index: int) -> bytes:
    """Copy ``index``: its source page with the copy's mark in the title and at the start of the article text."""
    stamp = mark(index)
    source = sources()[index % len(sources())]
    return TITLE_RE.sub(lambda m: m.group(0) + stamp, marked(source.body, source.anchor, stamp), count=1)


def summary(pages: int) -> str:
    sizes = sorted(len(page_body(i)) for i in range(min(pages, len(sources()))))
    total = sum(len(page_body(i)) for i in range(pages))
    unanchored = sum(source.anchor is None for source in sources())
    return (f"{pages} pages: copies of {len(sources())} real pages ({', '.join(d.parent.name for d in SOURCE_DIRS)}; "
            f"{unanchored} marked by their first paragraphs, not at their text's start), "
            f"{total / 1e6:.1f} MB (median page {sizes[len(sizes) // 2] / 1024:.1f} KiB, max {sizes[-1] / 1024:.1f} KiB)")
