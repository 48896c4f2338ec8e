"""Search benchmark (issue 15): relevance on a labelled query set, and latency at 100,000 articles.

    .venv/bin/python bench/search.py [--articles 100000] [--repeat 3] [--show]

Relevance. The evaluation archive (a temporary directory) holds the sample sites' 14 articles, as their hand-written
truth gives them (``data/samples/expected.json``: what the sample crawl archives), and the real pages of
``../shared/eval/vn-real`` (13 Vietnamese) and ``../shared/eval/aeb-dev`` (92, mostly English, some Portuguese,
Korean, Russian, Japanese, Italian, German), extracted with the project's own ``analyse_page``. QUERIES are
written by hand from what each article is about (never from a ranking), each with the articles a reader would want
for it: place names, people and topics, Vietnamese typed with and without diacritics, one to four syllables,
English queries on English articles. Three orders of the same matches are scored:

- ``ranked``: this project's ranking (``pipelines.archive.search``: diacritics typed, then phrase / NEAR, then
  bm25 with title > lead > text), what the articles table's search now returns;
- ``plain FTS5``: FTS5's own ``ORDER BY rank`` (bm25, no column weights) on the same folded index;
- ``date order``: newest first, what Datasette's table search gave before (issue 15's starting point).

MRR and P@1 look at the first relevant article, nDCG@10 at the first ten (binary gains).

Latency. A synthetic archive of ``--articles`` articles (temporary directory, the real schema and triggers through
``pipelines.archive.Archive``): titles, leads and 150-600-word texts drawn from the word frequencies of the
evaluation articles (80% Vietnamese, 20% English), so that common syllables ("đã", "và", "các") match most of
it, as on a real archive. Every query of QUERIES is run ``--repeat`` times, each timed from the start of its first
statement to the end of its last: "search" is what a results page asks (the count, one ranked page of 30, its rows
and snippets); "JSON API" is the whole request ``/archive/articles.json?_search=`` through Datasette in-process
with the project's plugin and metadata, facets included.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipelines.archive import ARTICLE_COLUMNS, Archive  # noqa: E402
from pipelines.archive.search import (FTS_TABLE, SearchQuery, bounded, count_sql, ordered_sql, ranked_ids,  # noqa: E402
                                      snippets)
from pipelines.extraction import NotAnArticle  # noqa: E402
from pipelines.extraction.analyse import analyse_page  # noqa: E402
from pipelines.extraction.page import RawPage  # noqa: E402

SAMPLES = ROOT / "data" / "samples"
EVAL = ROOT.parent / "shared" / "eval"
FETCHED_AT = "2024-07-22T00:00:00+00:00"
RESULTS_PAGE = 30  # the articles table's page size (data/metadata.yml)
DEPTH = 100  # ranks looked at for MRR
NDCG_DEPTH = 10
SNIPPET_TOKENS = 28  # as the plugin's
SYNTHETIC_SEED = 15
VIETNAMESE_SHARE = 0.8
TEXT_WORDS = (150, 600)
TITLE_WORDS, LEAD_WORDS, PARAGRAPH_WORDS = 10, 25, 60
BATCH = 2000

# (query, prefixes of the keys of its relevant articles). Keys: "sample:<URL path>", "vn:<file>", "aeb:<file>".
QUERIES = [
    # places, typed without diacritics
    ("ha long", ["sample:/ha-long-don"]),
    ("van don", ["sample:/van-don"]),
    ("sam son", ["sample:/sam-son"]),
    ("thien cam", ["sample:/bien-thien-cam"]),
    ("vung ang", ["sample:/cang-vung-ang"]),
    ("kim lien", ["sample:/hang-nghin-luot-khach-ve-khu-di-tich-kim-lien"]),
    ("quang xuong", ["sample:/thanh-hoa-khoi-cong"]),
    ("ha tinh", ["sample:/ha-tinh-co-ban", "sample:/cang-vung-ang", "sample:/bien-thien-cam"]),
    ("quang ninh", ["sample:/ha-long-don", "sample:/quang-ninh-day-manh", "sample:/van-don"]),
    ("thanh hoa", ["sample:/sam-son", "sample:/thanh-hoa-khoi-cong"]),
    ("nghe an", ["sample:/nghe-an-thu-hut", "sample:/en/nghe-an-export", "sample:/hang-nghin-luot-khach"]),
    ("ha noi", ["vn:dantri-2012", "vn:zing-report-2012"]),
    ("trung dong", ["vn:vnexpress-2026"]),
    ("da nang", ["sample:/en/da-nang"]),
    # places, with diacritics
    ("Hạ Long", ["sample:/ha-long-don"]),
    ("Vân Đồn", ["sample:/van-don"]),
    ("Sầm Sơn", ["sample:/sam-son"]),
    ("Hà Tĩnh", ["sample:/ha-tinh-co-ban", "sample:/cang-vung-ang", "sample:/bien-thien-cam"]),
    ("Nghệ An", ["sample:/nghe-an-thu-hut", "sample:/en/nghe-an-export", "sample:/hang-nghin-luot-khach"]),
    ("Trung Đông", ["vn:vnexpress-2026"]),
    # people
    ("leila lopes", ["vn:ngoisao-photo-2012"]),
    ("can lo lo", ["vn:soha-gallery-2012"]),
    ("Can Lộ Lộ", ["vn:soha-gallery-2012"]),
    ("zhang hongming", ["vn:ione-listicle-2012"]),
    ("julian assange", ["aeb:c7e39ac4", "aeb:dc7ccccc"]),
    ("ilhan omar", ["aeb:6ebac05f", "aeb:7a457a4f"]),
    ("prince andrew", ["aeb:1f765c48"]),
    ("taylor swift", ["aeb:55bb6340", "aeb:eb62ac84"]),
    ("lebron james", ["aeb:eecd2575"]),
    ("nadal", ["aeb:0d46122928"]),
    # topics in Vietnamese, without and with diacritics
    ("thu hut dau tu", ["sample:/nghe-an-thu-hut"]),
    ("chuyen doi so", ["sample:/quang-ninh-day-manh"]),
    ("nuoi trong thuy san", ["sample:/van-don"]),
    ("thu hoach lua", ["sample:/ha-tinh-co-ban"]),
    ("tau container", ["sample:/cang-vung-ang"]),
    ("duong ven bien", ["sample:/thanh-hoa-khoi-cong"]),
    ("lich nghi tet", ["vn:dantri-2012"]),
    ("nha tho giang sinh", ["vn:zing-report-2012"]),
    ("tien su dung dat", ["vn:cafef-bds-2026"]),
    ("nang luong", ["vn:vnexpress-2026"]),
    ("van mau", ["vn:zing-education-2012"]),
    ("banh tinh yeu", ["vn:teen9x-2011"]),
    ("ngoai tinh", ["vn:vnexpress-reader-2012"]),
    ("hoa hau hoan vu", ["vn:ngoisao-photo-2012"]),
    ("đầu tư trực tiếp nước ngoài", ["sample:/nghe-an-thu-hut"]),
    ("cải cách hành chính", ["sample:/quang-ninh-day-manh"]),
    ("mối quan hệ bạn bè", ["vn:tinhte-thread-2012"]),
    ("năng lượng", ["vn:vnexpress-2026"]),
    ("Giáng sinh", ["vn:zing-report-2012", "vn:xinhxinh-photo-2012"]),
    # topics in English
    ("wework", ["aeb:06e5123e", "aeb:1ace8c85", "aeb:bc13ff87"]),
    ("google stadia", ["aeb:680c2848", "aeb:aade2ec8", "aeb:e100c961"]),
    ("bubonic plague", ["aeb:8b194530", "aeb:ba4dfe2d"]),
    ("oil prices", ["aeb:57d46c9d"]),
    ("macbook pro", ["aeb:65bf3048"]),
    ("lunar lander", ["aeb:c50845a7", "aeb:d1c57d78"]),
    ("export turnover", ["sample:/en/nghe-an-export"]),
    ("overnight visitors", ["sample:/en/da-nang"]),
    ("resolution 39", ["sample:/en/implement-resolution-39"]),
    ("home affairs", ["sample:/en/thuong-truc-tinh-uy"]),
    ("suspended animation", ["aeb:b37be353", "aeb:e1c7023e"]),
]


# --- the evaluation archive --------------------------------------------------------------------------------------
def article_row(article, key: str) -> dict:
    """An ``Article`` as the store writes it (the archive's columns, JSON lists kept as lists)."""
    row = {name: getattr(article, name) for name in ARTICLE_COLUMNS if getattr(article, name, None) is not None}
    return {**row, "first_seen": FETCHED_AT, "version_seen": FETCHED_AT, "last_seen": FETCHED_AT,
            "content_hash": key}


def sample_rows() -> dict[str, dict]:
    """The sample sites' articles from their hand-written truth: what the sample crawl archives."""
    sites = tomllib.loads((SAMPLES / "sites.toml").read_text(encoding="utf-8"))["sites"]
    rows = {}
    for article in json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))["articles"]:
        site = sites[article["site"]]
        rows[f"sample:{article['path']}"] = {
            "url": f"https://{site['domains'][0]}{article['path']}", "site": article["site"],
            "province": site.get("province"), "title": article["title"], "lead": article.get("lead"),
            "text": "\n".join(article["paragraphs"]), "author": article.get("author"),
            "published": article.get("published"), "language": article["language"],
            "content_hash": article["path"], "first_seen": FETCHED_AT, "last_seen": FETCHED_AT}
    return rows


def real_rows(prefix: str, directory: Path, urls: dict[str, str]) -> dict[str, dict]:
    """Real saved pages through the project's extraction (``analyse_page``); pages it refuses are left out."""
    rows = {}
    for name, url in sorted(urls.items()):
        page = RawPage(url=url, final_url=url, status=200, headers={"Content-Type": "text/html; charset=utf-8"},
                       body=(directory / name).read_bytes(), fetched_at=FETCHED_AT, site=prefix)
        try:
            article = analyse_page(page)
        except NotAnArticle:
            continue
        rows[f"{prefix}:{Path(name).stem}"] = article_row(article, f"{prefix}:{name}")
    return rows


def evaluation_rows() -> dict[str, dict]:
    vn_truth = json.loads((EVAL / "vn-real" / "truth.json").read_text(encoding="utf-8"))
    aeb_truth = json.loads((EVAL / "aeb-dev" / "ground-truth.json").read_text(encoding="utf-8"))
    return {**sample_rows(),
            **real_rows("vn", EVAL / "vn-real" / "html", {name: t["url"] for name, t in vn_truth.items()}),
            **real_rows("aeb", EVAL / "aeb-dev" / "html", {f"{key}.html": t["url"] for key, t in aeb_truth.items()})}


def build_archive(path: Path, rows) -> Archive:
    store = Archive(path)
    with store.transaction():
        for row in rows:
            store.save_article(row)
    return store


def resolve(prefixes: list[str], keys: list[str]) -> set[str]:
    """The keys the label prefixes name; a prefix must name exactly one article."""
    found = set()
    for prefix in prefixes:
        named = [key for key in keys if key.startswith(prefix)]
        if len(named) != 1:
            raise SystemExit(f"label {prefix!r} names {len(named)} articles: {named[:3]}")
        found.add(named[0])
    return found


# --- the three orders ----------------------------------------------------------------------------------------------
def ranked_order(conn: sqlite3.Connection, query: SearchQuery, limit: int) -> list[int]:
    return [article_id for article_id, _ in ranked_ids(conn, query, query.params(), limit=limit)]


def plain_fts_order(conn: sqlite3.Connection, query: SearchQuery, limit: int) -> list[int]:
    sql = f"SELECT rowid FROM [{FTS_TABLE}] WHERE [{FTS_TABLE}] MATCH :search_all ORDER BY rank LIMIT :limit"
    return [row[0] for row in conn.execute(sql, {**query.params(), "limit": limit})]


def date_order(conn: sqlite3.Connection, query: SearchQuery, limit: int) -> list[int]:
    sql = ordered_sql("published", descending=True)
    return [row[0] for row in conn.execute(sql, {**query.params(), "limit": limit, "offset": 0})]


ORDERS = {"ranked (this project)": ranked_order, "plain FTS5 (bm25 rank)": plain_fts_order,
          "date order (before)": date_order}


# --- relevance metrics -----------------------------------------------------------------------------------------------
def reciprocal_rank(ranking: list, relevant: set) -> float:
    return next((1 / rank for rank, item in enumerate(ranking, 1) if item in relevant), 0.0)


def ndcg(ranking: list, relevant: set, depth: int = NDCG_DEPTH) -> float:
    gain = sum(1 / math.log2(rank + 1) for rank, item in enumerate(ranking[:depth], 1) if item in relevant)
    ideal = sum(1 / math.log2(rank + 1) for rank in range(1, min(len(relevant), depth) + 1))
    return gain / ideal


def relevance(conn: sqlite3.Connection, ids: dict[str, int], show: bool) -> dict[str, dict[str, float]]:
    keys, titles = list(ids), dict(conn.execute("SELECT id, title FROM articles"))
    scores = {}
    for name, order in ORDERS.items():
        rr, p1, gains = [], [], []
        for text, prefixes in QUERIES:
            relevant = {ids[key] for key in resolve(prefixes, keys)}
            ranking = order(conn, SearchQuery.parse(text), DEPTH)
            rr.append(reciprocal_rank(ranking, relevant))
            p1.append(float(bool(ranking) and ranking[0] in relevant))
            gains.append(ndcg(ranking, relevant))
            if show and name.startswith("ranked") and p1[-1] < 1:
                print(f"  miss {text!r}: first {titles.get(ranking[0]) if ranking else None!r} "
                      f"(first relevant at {1 / rr[-1] if rr[-1] else 'none'})")
        scores[name] = {"MRR": statistics.mean(rr), "P@1": statistics.mean(p1), "nDCG@10": statistics.mean(gains)}
    return scores


# --- the synthetic archive ----------------------------------------------------------------------------------------
def vocabularies(rows) -> dict[str, Counter]:
    words = {"vi": Counter(), "en": Counter()}
    for row in rows:
        if row.get("language") in words:
            words[row["language"]].update(re.findall(r"[^\W_]+", f"{row.get('title')} {row['text']}"))
    return words


def synthetic_rows(count: int, words: dict[str, Counter]):
    """``count`` articles of words drawn by their frequency in the evaluation articles (fixed seed)."""
    rng = random.Random(SYNTHETIC_SEED)
    tables = {language: (list(counter), list(counter.values())) for language, counter in words.items()}
    sites = [("baonghean", "Nghệ An"), ("baoquangninh", "Quảng Ninh"), ("baohatinh", "Hà Tĩnh"),
             ("baothanhhoa", "Thanh Hóa"), ("vietnamvn", None)]

    def draw(language: str, n: int) -> str:
        vocabulary, weights = tables[language]
        return " ".join(rng.choices(vocabulary, weights, k=n))

    for number in range(count):
        language = "vi" if rng.random() < VIETNAMESE_SHARE else "en"
        length = rng.randint(*TEXT_WORDS)
        paragraphs = [draw(language, PARAGRAPH_WORDS) for _ in range(max(1, length // PARAGRAPH_WORDS))]
        site, province = rng.choice(sites)
        day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00:00+07:00"
        yield {"url": f"https://synthetic.example/{number}", "site": site, "province": province,
               "title": draw(language, TITLE_WORDS).capitalize(), "lead": draw(language, LEAD_WORDS),
               "text": "\n".join(paragraphs), "published": day, "language": language,
               "content_hash": f"synthetic-{number}", "first_seen": FETCHED_AT, "last_seen": FETCHED_AT}


def build_synthetic(path: Path, count: int, words: dict[str, Counter]) -> None:
    store = Archive(path)
    rows = synthetic_rows(count, words)
    for _ in range(0, count, BATCH):
        with store.transaction():
            for _, row in zip(range(BATCH), rows):
                store.save_article(row)
    store.db.execute("ANALYZE")
    store.close()


# --- latency ---------------------------------------------------------------------------------------------------------
def search_page(conn: sqlite3.Connection, query: SearchQuery) -> None:
    """What a results page asks of SQLite: the bound, the count, a ranked page, its rows, its snippets."""
    params = bounded(conn, query.params())
    conn.execute(count_sql(), params).fetchone()
    page = ranked_ids(conn, query, params, limit=RESULTS_PAGE + 1)
    ids = [article_id for article_id, _ in page]
    conn.execute(f"SELECT * FROM articles WHERE id IN ({', '.join('?' for _ in ids)})", ids).fetchall()
    snippets(conn, query, page, ("[", "]"), SNIPPET_TOKENS)


def timed(function, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        for text, _ in QUERIES:
            start = time.perf_counter()
            function(text)
            times.append((time.perf_counter() - start) * 1000)
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def datasette_instance(db: Path):
    """Datasette in-process as ``make browse`` configures it: the project's plugin, templates and metadata."""
    import yaml
    from datasette.app import Datasette

    metadata = yaml.safe_load((ROOT / "data" / "metadata.yml").read_text(encoding="utf-8"))
    return Datasette([str(db)], metadata=metadata, plugins_dir=str(ROOT / "datasette" / "plugins"),
                     template_dir=str(ROOT / "datasette" / "templates"),
                     settings={"facet_time_limit_ms": 1000, "suggest_facets": False})


def api_times(db: Path, repeat: int) -> list[float]:
    ds = datasette_instance(db)

    async def run() -> list[float]:
        await ds.invoke_startup()
        times = []
        for _ in range(repeat):
            for text, _ in QUERIES:
                start = time.perf_counter()
                response = await ds.client.get("/archive/articles.json", params={"_search": text})
                times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, response.text[:300]
        return times

    return asyncio.run(run())


def latency(path: Path, repeat: int) -> dict[str, list[float]]:
    conn = sqlite3.connect(path)
    search = timed(lambda text: search_page(conn, SearchQuery.parse(text)), repeat)
    conn.close()
    return {"search (count + ranked page + rows + snippets)": search, "JSON API, facets included": api_times(path, repeat)}


# --- report ----------------------------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000, help="size of the synthetic archive")
    parser.add_argument("--repeat", type=int, default=3, help="runs of every query for the latency figures")
    parser.add_argument("--show", action="store_true", help="list the queries whose first result is not relevant")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = evaluation_rows()
        store = build_archive(Path(tmp) / "eval" / "archive.db", rows.values())
        ids = {key: store.db.execute("SELECT id FROM articles WHERE url = ?", [row["url"]]).fetchone()[0]
               for key, row in rows.items()}
        languages = Counter(row.get("language") for row in rows.values())
        print(f"Evaluation archive: {len(ids)} articles ({dict(languages)}), {len(QUERIES)} labelled queries")
        scores = relevance(store.db.conn, ids, args.show)
        store.close()
        print("\n| order | MRR | P@1 | nDCG@10 |\n|---|---:|---:|---:|")
        for name, score in scores.items():
            print(f"| {name} | {score['MRR']:.3f} | {score['P@1']:.3f} | {score['nDCG@10']:.3f} |")

        synthetic = Path(tmp) / "synthetic" / "archive.db"
        start = time.perf_counter()
        build_synthetic(synthetic, args.articles, vocabularies(rows.values()))
        size = synthetic.stat().st_size / 2**20
        print(f"\nSynthetic archive: {args.articles:,} articles, {size:,.0f} MB, built in "
              f"{time.perf_counter() - start:.0f} s; {len(QUERIES)} queries x {args.repeat}")
        print("\n| measure | median ms | p95 ms | max ms |\n|---|---:|---:|---:|")
        for name, times in latency(synthetic, args.repeat).items():
            print(f"| {name} | {statistics.median(times):.1f} | {percentile(times, 0.95):.1f} | {max(times):.1f} |")


if __name__ == "__main__":
    main()
