"""Hostile pages on a loopback news site, crawled for real.

The pages are written into a private copy of the sample mirror (``private_mirror``), each with the raw bytes and
Content-Type it is served with (``_headers.toml``), listed in a sitemap, and crawled by ``scrapy crawl news -a
url=<sitemap>`` into a fresh archive: the same engine, pipelines and SQLite writes as production.
"""

from __future__ import annotations

import json
import runpy
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import SAMPLES, query, run_crawl, start_mirror

HOST = "baonghean.vn"
ORIGIN = f"https://{HOST}"  # as written in the files; the mirror rewrites it to its loopback address
SITEMAP_PATH = "/faults-sitemap.xml"
# The project's hand-written Vietnamese sample articles: real text for the hostile pages to carry.
SAMPLE_ARTICLES = runpy.run_path(str(SAMPLES / "content.py"))


@dataclass(frozen=True)
class HostilePage:
    """One page as served: its path, its raw body, and its Content-Type header."""

    path: str
    body: bytes
    content_type: str = "text/html; charset=utf-8"


def paragraphs(article_name: str) -> list[str]:
    """The body paragraphs of a sample article of data/samples/content.py (at least 60 words in all)."""
    return [item[1] for item in SAMPLE_ARTICLES[article_name]["body"] if item[0] == "p"]


def first_photo(article_name: str) -> tuple[str, str, str]:
    """(image file name, caption, credit) of the first photo of a sample article."""
    _, image, caption, credit = next(item for item in SAMPLE_ARTICLES[article_name]["body"] if item[0] == "fig")
    return image, caption, credit


def article_html(title: str, texts: list[str], head: str = "", figure: str = "") -> str:
    """A plain article page: ``title`` as <title> and <h1>, the paragraphs, ``figure`` after the first one."""
    body = f"<p>{texts[0]}</p>{figure}" + "".join(f"<p>{text}</p>" for text in texts[1:])
    return (f'<!DOCTYPE html><html lang="vi"><head>{head}<title>{title}</title>'
            f'<meta property="og:type" content="article"></head>'
            f"<body><article><h1>{title}</h1>{body}</article></body></html>")


@contextmanager
def private_mirror(workdir: Path):
    """A copy of the sample sites under ``workdir``, served on loopback while the block runs (one per module,
    where conftest's ``private_mirror`` is one per test)."""
    root = workdir / "samples"
    shutil.copytree(SAMPLES, root)
    mirror = start_mirror(root, workdir)
    try:
        yield mirror
    finally:
        mirror.process.terminate()
        mirror.process.wait(10)


def publish(mirror, pages: list[HostilePage]) -> None:
    """Write ``pages`` into the mirror's copy of the site, with their Content-Type, and list them in a sitemap."""
    site = mirror.root / HOST
    overrides = []
    for page in pages:
        target = site / page.path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(page.body)
        overrides.append(f"[{json.dumps(page.path)}]\ncontent_type = {json.dumps(page.content_type)}\n")
    headers = site / "_headers.toml"
    existing = headers.read_text(encoding="utf-8") if headers.exists() else ""
    headers.write_text(existing + "\n" + "\n".join(overrides), encoding="utf-8")
    entries = "".join(f"<url><loc>{ORIGIN}{page.path}</loc></url>" for page in pages)
    (site / SITEMAP_PATH.lstrip("/")).write_text(
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>')


def crawl(mirror, workdir: Path) -> Path:
    """Crawl the mirror's hostile sitemap into ``workdir/archive.db``; the crawl must finish."""
    db = workdir / "archive.db"
    result = run_crawl(mirror.registry, db, "url=" + mirror.url(HOST, SITEMAP_PATH))
    assert result.returncode == 0, result.stderr[-3000:]
    return db


def stored_articles(db: Path, mirror) -> dict[str, dict]:
    """The archived articles by the path of their URL on the mirror."""
    origin = mirror.url(HOST, "")
    return {row["url"].removeprefix(origin): row for row in query(db, "SELECT * FROM articles")}


def failed_pages(db: Path) -> list[dict]:
    return query(db, "SELECT url, reason, detail FROM failed_pages")
