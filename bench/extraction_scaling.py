"""How the extractor's time grows with a page's size: linear, or worse.

    .venv/bin/python bench/extraction_scaling.py [--sizes 1000,5000] [--repeat 3]

Each shape is a generated page that grows in one direction; the extractor is timed on it at every size (CPU time,
fastest of ``--repeat``), and the ratio of the times is printed next to the ratio of the sizes: equal ratios mean
linear growth, the square of the size ratio means a walk inside a walk. The shapes are the ones where a per-element
rule could read the whole paragraph or page again for each element:

- ``tag cloud``: one paragraph of N tag links, each in a boilerplate-named span (the boilerplate and sentence-span
  rules ask, for each span, how much prose its paragraph has);
- ``spans in prose``: N paragraphs of prose, each holding spans;
- ``thread``: N sibling forum posts (only the first is kept);
- ``long article``: N plain paragraphs.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipelines.extraction import NotAnArticle, extract_article  # noqa: E402

SENTENCE = "Đoạn văn có đủ nhiều chữ để được coi là một đoạn văn bản thực sự của bài báo tỉnh Nghệ An"


def tag_cloud(n: int) -> str:
    spans = " ".join(f"<span class='tag'><a href='/t/{i}'>từ khóa {i}</a></span>" for i in range(n))
    return f"<p>{spans}</p>" + "".join(f"<p>{SENTENCE} số {i}.</p>" for i in range(20))


def spans_in_prose(n: int) -> str:
    return "".join(f"<p>{SENTENCE} <span class='hl'>số {i}</span>, <span class='tag'>thêm</span> nữa.</p>"
                   for i in range(n))


def thread(n: int) -> str:
    return "<ol>" + "".join(f"<li id='post-{i}'><p>{SENTENCE}, trả lời số {i}.</p></li>" for i in range(n)) + "</ol>"


def long_article(n: int) -> str:
    return "".join(f"<p>{SENTENCE} số {i}.</p>" for i in range(n))


SHAPES = {"tag cloud": tag_cloud, "spans in prose": spans_in_prose, "thread": thread, "long article": long_article}


def page(body: str) -> str:
    return (f"<html lang='vi'><head><title>Tiêu đề bài viết thử nghiệm</title></head><body><article>"
            f"<h1>Tiêu đề bài viết thử nghiệm</h1>{body}</article></body></html>")


def seconds(html: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        try:
            extract_article(html, "https://baonghean.vn/a-1.html")
        except NotAnArticle:
            pass  # a refusal takes its time too; only the time is measured here
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,5000", help="comma-separated N")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]
    print("| shape | " + " | ".join(f"N={n}" for n in sizes) + " | time ratio | size ratio |")
    print("|---|" + "---|" * (len(sizes) + 2))
    for name, shape in SHAPES.items():
        times = [seconds(page(shape(n)), args.repeat) for n in sizes]
        print(f"| {name} | " + " | ".join(f"{t * 1000:.0f} ms" for t in times)
              + f" | {times[-1] / times[0]:.1f} | {sizes[-1] / sizes[0]:.1f} |")


if __name__ == "__main__":
    main()
