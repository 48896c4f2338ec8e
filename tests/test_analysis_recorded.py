"""Every real page analyses as recorded: a speed change must leave the whole Article of every page as it was.

The pages: the real news pages of ../shared/eval (aeb-dev and vn-real, when present next to the project) and every
golden page (tests/golden). Each is analysed by ``analyse_page`` with the crawl's own settings (crawler/settings.py:
minimum words, langdetect sample, MinHash), and the SHA-256 of the whole Article (text, metadata, language and its
probability, content hash, MinHash signature) is compared with tests/golden/analysis_digests.json. Only digests
are stored: the pages' text stays out of the repository.

A change that is meant to change an analysis (issue 14's extraction work, a new setting) rewrites the record:

    python -m tests.test_analysis_recorded --update    # then review the pages it names
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import hashlib
import json
import sys
from pathlib import Path

from scrapy.settings import Settings

from pipelines.analyse import analysis_options
from pipelines.extraction import NotAnArticle
from pipelines.extraction.analyse import analyse_page
from pipelines.extraction.page import RawPage

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
REAL_PAGE_DIRS = (EVAL / "aeb-dev" / "html", EVAL / "vn-real" / "html")
GOLDEN = ROOT / "tests" / "golden"
RECORD = GOLDEN / "analysis_digests.json"
FETCHED_AT = "2024-06-15T01:00:00+00:00"


def pages() -> dict[str, Path]:
    """Name (``eval/...`` or ``tests/golden/...``) -> page file, for every page present."""
    found = {f"eval/{path.relative_to(EVAL)}": path
             for directory in REAL_PAGE_DIRS for path in sorted(directory.glob("*.html"))}
    found.update((str(path.relative_to(ROOT)), path) for path in sorted(GOLDEN.glob("*/*.html.gz")))
    return found


def page_body(path: Path) -> bytes:
    return gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()


def crawl_options():
    settings = Settings()
    settings.setmodule("crawler.settings")
    return analysis_options(settings)


def analysis_digest(name: str, path: Path, options) -> str:
    """SHA-256 of the page's whole Article as JSON (or of its NotAnArticle reason)."""
    url = f"https://example.vn/{name}"
    page = RawPage(url=url, final_url=url, status=200, headers={"Content-Type": "text/html"},
                   body=page_body(path), fetched_at=FETCHED_AT, site="recorded")
    try:
        result = dataclasses.asdict(analyse_page(page, options))
    except NotAnArticle as exc:
        result = {"not_an_article": exc.reason}
    encoded = json.dumps(result, sort_keys=True, ensure_ascii=False, default=lambda v: v.hex())
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def current_digests() -> dict[str, str]:
    options = crawl_options()
    return {name: analysis_digest(name, path, options) for name, path in pages().items()}


def test_every_page_analyses_as_recorded():
    recorded = json.loads(RECORD.read_text(encoding="utf-8"))
    current = current_digests()
    changed = sorted(name for name, digest in current.items() if recorded.get(name) != digest)
    assert not changed, (f"{len(changed)} of {len(current)} pages analyse differently from the record "
                         f"(python -m tests.test_analysis_recorded --update if meant): {changed[:10]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="rewrite the record from the current analysis")
    args = parser.parse_args(argv)
    current = current_digests()
    recorded = json.loads(RECORD.read_text(encoding="utf-8")) if RECORD.exists() else {}
    changed = sorted(name for name, digest in current.items() if recorded.get(name) != digest)
    for name in changed:
        print(name)
    if args.update:
        RECORD.write_text(json.dumps({**recorded, **current}, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(changed)} of {len(current)} pages analyse differently from the record"
          f"{' (rewritten)' if args.update else ''}", file=sys.stderr)
    return 1 if changed and not args.update else 0


if __name__ == "__main__":
    sys.exit(main())
