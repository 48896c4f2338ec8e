"""The best ratio any crawl built on this stack could reach on this machine, against stock trafilatura.

    .venv/bin/python bench/throughput_ceiling.py [--pages 1050] [--cores N]

bench/throughput.py measures the crawl; this bench measures its floor: the CPU per page of the work every page of
the crawl must get whatever the project's own rules cost, on the same real-page corpus (bench/real_corpus.py):

- decoding the bytes (``pipelines.extraction.encoding.decode_html``);
- trafilatura's main pass alone, on a tree parsed once (``bare_extraction(fast=True, favor_precision=True)``:
  the least of trafilatura any trafilatura-based extractor runs; stock ``extract`` runs it and more);
- langdetect on the crawl's sample, and the content hash + MinHash of the text (the duplicate verdict);
- the page's WARC record (``pipelines.archive.warc.encode_record``: digests and gzip);
- Scrapy's own cost of a response: a spider that does nothing with the responses, crawling the same pages from
  the same loopback server in a process of its own (its whole CPU time, start-up included, over the pages).

Each step is timed page by page with ``time.process_time`` in this process (best of ``--repeat`` passes). The
ceiling is ``cores x stock / floor``: the ratio of a crawl that spent nothing on its own rules, pipelines,
SQLite or inter-process hand-offs and kept every core busy. The last lines are ``floor_ms=<X>``,
``stock_ms=<Y>`` and ``ceiling=<Z>``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import real_corpus  # noqa: E402
import trafilatura  # noqa: E402
from trafilatura import bare_extraction  # noqa: E402

from pipelines.archive.warc import encode_record  # noqa: E402
from pipelines.extraction.encoding import decode_html  # noqa: E402
from pipelines.extraction.fingerprint import fingerprint  # noqa: E402
from pipelines.extraction.language import detect_language  # noqa: E402
from pipelines.extraction.page import RawPage  # noqa: E402
from pipelines.extraction.parse import parse_html  # noqa: E402
from throughput import CRAWL_SETTINGS, start_server  # noqa: E402

FETCHED_AT = "2024-06-15T01:00:00+00:00"
# the ratio issue 18 asks of the full crawl
TARGET_RATIO = 1.5


def timed(label: str, step, inputs: list, repeat: int) -> float:
    """CPU ms per input of ``step``, the best of ``repeat`` passes; printed."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for value in inputs:
            step(value)
        best = min(best, time.process_time() - started)
    per_page = 1000 * best / len(inputs)
    print(f"  {label:<58} {per_page:6.2f} ms")
    return per_page


def main_pass(html: str) -> str:
    doc = bare_extraction(parse_html(html), fast=True, favor_precision=True, include_comments=False,
                          include_tables=True, include_images=False, with_metadata=False, deduplicate=False)
    return (doc.text or "") if doc is not None else ""


def null_crawl_ms(origin: str, paths: list[str]) -> float:
    """CPU ms per page of a Scrapy process that fetches the pages and does nothing with them."""
    child = subprocess.Popen([sys.executable, __file__, "--null-crawl", origin], stdin=subprocess.PIPE, text=True,
                             cwd=ROOT)
    child.stdin.write("\n".join(paths))
    child.stdin.close()
    _pid, status, usage = os.wait4(child.pid, 0)
    if status:
        raise SystemExit(f"the null crawl failed (wait status {status})")
    return 1000 * (usage.ru_utime + usage.ru_stime) / len(paths)


def run_null_crawl(origin: str) -> None:
    """The child of ``null_crawl_ms``: Scrapy with the bench's crawl settings, no pipelines, a no-op callback."""
    import scrapy
    from scrapy.crawler import CrawlerProcess

    paths = sys.stdin.read().split("\n")

    class NullSpider(scrapy.Spider):
        name = "null"

        async def start(self):
            for path in paths:
                yield scrapy.Request(origin + path, callback=self.parse)

        def parse(self, response):
            return None

    settings = {name: value for name, value in CRAWL_SETTINGS.items() if name != "INCREMENTAL"}
    process = CrawlerProcess({**settings, "LOG_LEVEL": "ERROR", "ROBOTSTXT_OBEY": False,
                              "TELNETCONSOLE_ENABLED": False})
    process.crawl(NullSpider)
    process.start()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=1050, help="corpus size (default: 10 copies of each page)")
    parser.add_argument("--repeat", type=int, default=2, help="passes per step; the fastest counts")
    parser.add_argument("--cores", type=int, default=os.cpu_count())
    parser.add_argument("--null-crawl", metavar="ORIGIN", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.null_crawl:
        run_null_crawl(args.null_crawl)
        return 0

    entries = real_corpus.entries(args.pages)
    bodies = [real_corpus.page_body(entry["index"]) for entry in entries]
    print(f"corpus: {real_corpus.summary(args.pages)}")
    htmls = [decode_html(body, "text/html; charset=utf-8")[0] for body in bodies]
    texts = [main_pass(html) for html in htmls]
    pages = [RawPage(url=f"http://127.0.0.1{entry['path']}", final_url=f"http://127.0.0.1{entry['path']}",
                     status=200, headers={"Content-Type": "text/html; charset=utf-8"}, body=body,
                     fetched_at=FETCHED_AT, site="bench") for entry, body in zip(entries, bodies)]
    trafilatura.extract(htmls[0])  # lazy imports out of the timings

    print("CPU per page (ms):")
    stock = timed("stock trafilatura.extract(include_comments=False)",
                  lambda body: trafilatura.extract(body.decode("utf-8"), include_comments=False), bodies, args.repeat)
    steps = {
        "decode": timed("decode_html", lambda body: decode_html(body, "text/html; charset=utf-8"), bodies,
                        args.repeat),
        "main pass": timed("parse + trafilatura main pass (fast, precision)", main_pass, htmls, args.repeat),
        "langdetect": timed("langdetect (the crawl's sample)", detect_language, texts, args.repeat),
        "fingerprint": timed("content hash + MinHash", fingerprint, texts, args.repeat),
        "warc": timed("WARC record (digests + gzip)", encode_record, pages, args.repeat),
    }
    server, origin = start_server("real", args.pages)
    try:
        steps["scrapy"] = null_crawl_ms(origin, [entry["path"] for entry in entries])
    finally:
        server.terminate()
        server.wait()
    print(f"  {'Scrapy, a spider doing nothing (whole process)':<58} {steps['scrapy']:6.2f} ms")
    floor = sum(steps.values())
    ceiling = args.cores * stock / floor
    print(f"floor: {floor:.1f} ms per page; {args.cores} cores fully busy and nothing else spent: "
          f"{args.cores} x {stock:.1f} / {floor:.1f} = {ceiling:.2f}x stock")
    print(f"{TARGET_RATIO}x would need at most {args.cores * stock / TARGET_RATIO:.1f} ms per page in all")
    print(f"floor_ms={floor:.1f}")
    print(f"stock_ms={stock:.1f}")
    print(f"ceiling={ceiling:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
