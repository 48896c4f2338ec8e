"""The fault suite's ground: a generated news site served on loopback, the archive's invariants, and the processes a
run leaves behind.

The fault site (``tin.example.vn``) has ``FAULT_ARTICLES`` distinct articles, listed by one sitemap, each answering
after ``delay`` seconds so that a signal can land mid-crawl. Its text is drawn word by word from the sample
articles' vocabulary with a per-article seed: no two articles are near-duplicates, so every one of them must end
up in ``articles``, exactly once.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.conftest import ROOT, SAMPLES, SampleMirror, job_command, start_mirror

FAULT_HOST = "tin.example.vn"
FAULT_ARTICLES = 100
PARAGRAPHS, WORDS_PER_PARAGRAPH = 5, 45
# A run's processes (crawler, forkserver, workers, resource tracker) carry this variable: how leftovers are found.
TRIAL_TAG = "NEWS_ARCHIVE_FAULT_TRIAL"
ORPHAN_GRACE_SECONDS = 5


def vocabulary() -> list[str]:
    expected = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))
    words = {word.strip(".,;:!?\"'()") for article in expected["articles"] if article["language"] == "vi"
             for paragraph in article["paragraphs"] for word in paragraph.split()}
    return sorted(word for word in words if word.isalpha())


def article_path(index: int) -> str:
    return f"/thoi-su/bai-viet-thu-nghiem-so-{index}-{100000 + index:06d}.html"


def article_page(index: int, words: list[str]) -> str:
    rng = random.Random(f"fault-site:{index}")
    paragraphs = [" ".join(rng.choice(words) for _ in range(WORDS_PER_PARAGRAPH)).capitalize() + "."
                  for _ in range(PARAGRAPHS)]
    title = f"Bài viết thử nghiệm số {index}: " + " ".join(rng.choice(words) for _ in range(6))
    day = 1 + index % 28
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta property="og:type" content="article">'
            f'<meta property="article:published_time" content="2024-07-{day:02d}T08:00:00+07:00">'
            f'<link rel="canonical" href="https://{FAULT_HOST}{article_path(index)}"></head><body>'
            f'<nav><a href="https://{FAULT_HOST}/">Trang chủ</a> <a href="https://{FAULT_HOST}/thoi-su/">Thời sự</a>'
            f'</nav><article><h1>{title}</h1>{body}</article><footer>Báo Thử Nghiệm - Cơ quan thử nghiệm</footer>'
            f'</body></html>')


def build_fault_site(root: Path, articles: int = FAULT_ARTICLES, delay: float = 0.25) -> None:
    """The site's files, a registry with only it, and a per-article response delay."""
    site = root / FAULT_HOST
    (site / "thoi-su").mkdir(parents=True)
    words = vocabulary()
    for index in range(articles):
        (site / article_path(index).lstrip("/")).write_text(article_page(index, words), encoding="utf-8")
    entries = "".join(f"<url><loc>https://{FAULT_HOST}{article_path(i)}</loc></url>" for i in range(articles))
    (site / "sitemap.xml").write_text('<?xml version="1.0" encoding="UTF-8"?><urlset '
                                      f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>')
    (site / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: https://{FAULT_HOST}/sitemap.xml\n")
    if delay:
        (site / "_headers.toml").write_text("".join(f'["{article_path(i)}"]\ndelay = {delay}\n'
                                                    for i in range(articles)))
    (root / "sites.toml").write_text(
        f'[sites.faultsite]\nname = "Báo Thử Nghiệm"\nlanguages = ["vi"]\ndomains = ["{FAULT_HOST}"]\n'
        f'sitemaps = ["https://{FAULT_HOST}/robots.txt"]\narticle_pattern = \'-\\d{{6}}\\.html$\'\n',
        encoding="utf-8")


@pytest.fixture
def fault_site(tmp_path) -> SampleMirror:
    root = tmp_path / "site"
    build_fault_site(root)
    mirror = start_mirror(root, tmp_path)
    yield mirror
    mirror.process.terminate()
    mirror.process.wait(10)


# --- runs -----------------------------------------------------------------------------------------------------
@dataclass
class Job:
    """One ``python -m crawler.run`` process, tagged so that every process it starts can be found."""

    process: subprocess.Popen
    tag: str


def start_job(mirror: SampleMirror, db: Path, settings: dict | None = None) -> Job:
    tag = uuid.uuid4().hex
    process = subprocess.Popen(job_command(mirror.registry, db, settings=settings), cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, TRIAL_TAG: tag})
    return Job(process, tag)


def processes_tagged(tag: str) -> list[int]:
    """Live processes whose environment carries ``tag`` (zombies have no environment left to read)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if f"{TRIAL_TAG}={tag}".encode() in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:  # gone meanwhile, or not ours to read
                continue
    return found


def leftover_processes(tag: str) -> list[int]:
    """The run's processes still alive ``ORPHAN_GRACE_SECONDS`` after it ended (none, if they die with it)."""
    deadline = time.monotonic() + ORPHAN_GRACE_SECONDS
    while (left := processes_tagged(tag)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


# --- the archive's invariants ---------------------------------------------------------------------------------
def check_archive(db: Path) -> list[str]:
    """Every invariant the archive must keep whatever happened to the run that wrote it; the URLs of its articles.

    SQLite's and every FTS5 index's integrity check, no URL both an article and a duplicate, and each row's WARC
    location reading back the response record of the URL it was fetched from."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        fts_tables = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%'")]
        assert fts_tables
        for table in fts_tables:
            conn.execute(f"INSERT INTO [{table}]([{table}]) VALUES ('integrity-check')")
        urls = [url for (url,) in conn.execute("SELECT url FROM articles")]
        assert len(urls) == len(set(urls))
        assert not conn.execute("SELECT url FROM articles INTERSECT SELECT url FROM duplicates").fetchall()
        rows = conn.execute("SELECT fetched_url, warc_file, warc_offset FROM articles").fetchall()
    finally:
        conn.close()
    warc_dir = db.parent / "warc"
    for fetched_url, warc_file, offset in rows:
        with (warc_dir / warc_file).open("rb") as stream:
            stream.seek(offset)
            record = next(iter(ArchiveIterator(stream)))
            assert record.rec_headers.get_header("WARC-Target-URI") == fetched_url
    return urls


def fault_article_urls(mirror: SampleMirror, articles: int = FAULT_ARTICLES) -> set[str]:
    return {mirror.url(FAULT_HOST, article_path(i)) for i in range(articles)}
