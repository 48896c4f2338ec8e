"""Archive-scale benchmark: what a crawl, the store and Datasette cost as the archive grows.

    .venv/bin/python bench/archive_scale.py [--sizes 0,1000000,5000000] [--dir /work/tmp-scale] [--keep] [--reuse]
    .venv/bin/python bench/archive_scale.py --sizes 0,200000          # the quick version

For each size, a synthetic archive is built with the real schema (``pipelines.archive``: every migration, the FTS
indexes and their triggers, the band rows, the summaries): 37 sites' realistic article URLs (about 100 characters),
128-permutation MinHash signatures (512 bytes) with their 9 LSH band rows, SHA-256 content hashes, publication
times over 2000-2025 in +07:00, 8% as many duplicates and 1% failed pages. The text is short (about 40 words), so
the database is smaller per article than a real archive (11 MB per 1,000 real articles, mostly text and its FTS
index); the index and lookup structures, which are what grows for a crawl, have their real sizes. The rows are
bulk-loaded (executemany of 50,000 rows, one transaction, journal off: a broken build is rebuilt) without the
triggers and secondary indexes, which the schema's own code then makes in one pass each (``build``): the same
rows, index entries, FTS terms and counts as the store's writes leave, laid out more compactly (B-trees filled
in key order, FTS segments merged as one bulk insert merges them). Then, on that archive:

1. three small crawls: ``scrapy crawl news`` of the bundled sample sites (tests/sample_server.py on loopback,
   about 25 article pages) into the archive, incremental as scheduled runs are: the highest peak RSS (summed) and
   PSS of the crawl's process tree, and the median time from the command's start to the first request the sites
   receive;
2. per-page store time: ``Archive.save_article`` of 1,000 new articles with 600-word texts and URLs like the built
   ones (new in every run, also with ``--reuse``), in transactions of 100 (the store's batch), batch by batch
   interleaved with the same on an empty archive (the ratio of the two is what the shared machine's load does not
   move), then the checkpoint of the pages they wrote, and what the FTS indexes and the signature's rows cost of
   its statements;
3. database size per 1,000 articles;
4. Datasette (``make browse``'s command line and metadata): the articles table newest first with its default
   facets (site, province, language, month), a month and a site selected, a search, and each canned query:
   the first response and the best of three, in seconds.

The last two lines are ``pss_growth_mb=<X>`` (the crawl's peak PSS at the largest size minus at the smallest) and
``first_request_s=<Y>`` (at the largest size). Results also go to bench/out/archive-scale.json. The archives are
deleted afterwards unless ``--keep``; ``--reuse`` measures again the ones an earlier ``--keep`` run left in
``--dir`` (migrated when opened). Disk: about 2.7 GB per million articles (13.3 GB at 5 million); time on the
2-core development machine shared with other work (load average 3-6): the build 5.6 minutes per million
articles (5 million: 20.5 minutes; unloaded, 100,000 took 15 s), then 1-2 minutes of measurements per size.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT / "bench"))

import sqlite_utils  # noqa: E402

from pipelines.archive import Archive  # noqa: E402
from pipelines.archive.duplicate_index import band_keys  # noqa: E402
from pipelines.archive.schema import count_summaries  # noqa: E402
from pipelines.archive.search import index_bulk_load, index_pending  # noqa: E402

CHUNK = 50_000  # rows generated per executemany
RARE_WORDS = 5_000  # each text also holds one of these words, for a selective search
SIGNATURE_BYTES = 512  # 128 uint32 permutations
DUPLICATE_SHARE, FAILED_SHARE = 0.08, 0.01
SHORT_TEXT_WORDS, STORE_TEXT_WORDS, STORE_PAGES, STORE_BATCH, STORE_ROUNDS = 40, 600, 1000, 100, 10
CRAWL_REPEAT = 3  # small crawls per size: the first stores the sample articles, the next are incremental
BUILD_CACHE_KIB = 2_000_000  # SQLite page cache while building (the band table's random inserts)
DATASETTE_REPEAT = 3
BUILT = "built.json"  # next to a built archive: its size and build time, for --reuse
CRAWL_SETTINGS = {"AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0", "RETRY_TIMES": "1",
                  "DOWNLOAD_TIMEOUT": "10", "LOG_LEVEL": "INFO", "WARC_ENABLED": "False"}
DATASETTE_PAGES = {
    "articles (newest first, 4 default facets incl. month)": "/archive/articles",
    "articles, one month selected": "/archive/articles?published__startswith=2024-07",
    "articles, one site selected": "/archive/articles?site=baonghean",
    "search, common words (a third of the articles)": "/archive/articles?_search=nghe+an",
    "search, a rare word (1 in 5,000 articles)": "/archive/articles?_search=chude1234",
    "canned: articles per site per day": "/archive/articles_per_site_per_day",
    "canned: latest articles": "/archive/latest_articles",
    "canned: duplicate clusters": "/archive/duplicate_clusters",
    "canned: failed pages in the last run": "/archive/failed_pages_last_run",
}

SITES = [("baonghean", "baonghean.vn", "Nghệ An"), ("baoquangninh", "baoquangninh.vn", "Quảng Ninh"),
         ("baohatinh", "baohatinh.vn", "Hà Tĩnh"), ("baothanhhoa", "baothanhhoa.vn", "Thanh Hóa"),
         ("vietnamvn", "vietnam.vn", "Hà Nội")] + [
    (f"bao{name}", f"bao{name}.vn", name.title()) for name in (
        "phutho", "laocai", "thainguyen", "tuyenquang", "caobang", "langson", "dienbien", "laichau", "sonla",
        "bacninh", "haiphong", "hungyen", "ninhbinh", "quangtri", "hue", "danang", "quangngai", "gialai",
        "daklak", "khanhhoa", "lamdong", "dongnai", "tayninh", "hcm", "vinhlong", "dongthap", "angiang",
        "cantho", "camau", "hanoi", "sggp", "hanoitimes")]
SYLLABLES = ("nghe an thu hut von dau tu truc tiep nuoc ngoai trong thang dau nam tinh uy lam viec voi dang "
             "uy so noi vu ha long don gan trieu luot khach quang ninh day manh chuyen doi so cai cach hanh "
             "chinh cang vung ang tau container trong tai lon nhat bien thien cam nhon nhip du khach cao diem "
             "he thu hoach lua vu xuan khoi cong duong ven bien doan qua huyen").split()


# --- building -----------------------------------------------------------------------------------------------------
def article_rows(start: int, count: int, rng: random.Random, banding: tuple[int, int]):
    """(articles row, fingerprint row, band rows) for ids start..start+count-1."""
    for article_id in range(start, start + count):
        key, domain, province = SITES[article_id % len(SITES)]
        words = rng.choices(SYLLABLES, k=SHORT_TEXT_WORDS)
        when = rng.getrandbits(32)  # one draw for the slug length and the publication time
        url = f"https://{domain}/{'-'.join(words[when % 7:when % 7 + 9 + when % 5])}-{10_000_000 + article_id}.html"
        year, month, day = 2000 + when % 26, 1 + (when >> 5) % 12, 1 + (when >> 9) % 28
        published = f"{year}-{month:02d}-{day:02d}T{(when >> 14) % 24:02d}:{(when >> 19) % 60:02d}:00+07:00"
        signature = rng.randbytes(SIGNATURE_BYTES)
        seen = f"{year}-{month:02d}-{day:02d}T12:00:00+00:00"
        yield ((article_id, url, key, province, " ".join(words[:10]).capitalize(), " ".join(words[10:20]),
                " ".join(words) + f" chude{article_id % RARE_WORDS}", published, "vi" if article_id % 10 else "en", SHORT_TEXT_WORDS, url,
                hashlib.sha256(url.encode()).hexdigest(), seen, seen, seen, 200),
               (url, signature), [(band_key, article_id) for band_key in band_keys(signature, *banding)])


ARTICLE_INSERT = ("INSERT INTO articles (id, url, site, province, title, lead, text, published, language, "
                  "word_count, fetched_url, content_hash, first_seen, version_seen, last_seen, status) "
                  "VALUES (" + ", ".join("?" * 16) + ")")


def build(path: Path, size: int, seed: int = 17) -> float:
    """A synthetic archive of ``size`` articles at ``path``; seconds taken.

    The schema is the real one (``Archive``: every migration). The rows are bulk-loaded without the triggers and
    secondary indexes, which are then made in one pass each by the schema's own code: the indexes re-created from
    their stored SQL, both FTS indexes filled (``index_bulk_load``), the summaries counted (``count_summaries``),
    the band rows inserted in key order, the triggers re-created. The end state is what the store's writes
    leave (same rows, index entries, FTS terms, counts), only more compactly laid out: B-trees filled in order
    have full pages, and each FTS index is one merged segment."""
    started = time.perf_counter()
    archive = Archive(path)  # every migration: tables, indexes, triggers, band configuration
    archive.db.execute("INSERT INTO sites (key, name, province) VALUES " +
                       ", ".join("(?, ?, ?)" for _ in SITES), [v for k, d, p in SITES for v in (k, d, p)])
    banding = archive.banding
    archive.close()
    rng = random.Random(seed)
    db = sqlite_utils.Database(sqlite3.connect(path, isolation_level=None))
    for pragma in ("journal_mode = OFF", "synchronous = OFF", f"cache_size = -{BUILD_CACHE_KIB}",
                   "temp_store = FILE"):
        db.execute(f"PRAGMA {pragma}")
    deferred = db.execute("SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
                          "AND sql IS NOT NULL ORDER BY type").fetchall()
    db.execute("BEGIN")
    for kind, name, _ in deferred:
        db.execute(f"DROP {kind} [{name}]")
    db.execute("CREATE TEMP TABLE loaded_bands (key INTEGER, article_id INTEGER)")
    db.execute("INSERT INTO crawls (id, spider, started, finished, outcome) VALUES "
               "(1, 'news', '2025-12-01T00:00:00+00:00', '2025-12-01T01:00:00+00:00', 'finished')")
    for start in range(1, size + 1, CHUNK):
        load_chunk(db.conn, list(article_rows(start, min(CHUNK, size + 1 - start), rng, banding)), rng)
    db.execute("INSERT INTO article_bands SELECT key, article_id FROM loaded_bands ORDER BY key, article_id")
    db.execute("DROP TABLE loaded_bands")
    for _, _, sql in deferred:  # indexes first, then the triggers
        db.execute(sql)
    index_bulk_load(db)
    count_summaries(db)
    db.execute("COMMIT")
    db.execute("PRAGMA journal_mode = WAL")  # no ANALYZE: an archive's query plans are made without statistics
    db.close()
    return time.perf_counter() - started


def load_chunk(conn: sqlite3.Connection, rows: list, rng: random.Random) -> None:
    """One CHUNK of ``article_rows`` inserted, with its duplicates and failed pages; band rows to ``loaded_bands``."""
    conn.executemany(ARTICLE_INSERT, [r[0] for r in rows])
    conn.executemany("INSERT INTO article_fingerprints (url, minhash) VALUES (?, ?)", [r[1] for r in rows])
    conn.executemany("INSERT INTO loaded_bands VALUES (?, ?)", [band for r in rows for band in r[2]])
    conn.executemany(
        "INSERT INTO duplicates (url, site, duplicate_of, kind, similarity, title, content_hash, first_seen) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(r[0][1].replace(".html", "-copy.html"), r[0][2], r[0][1], rng.choice(("exact", "near", "canonical")),
          0.9, r[0][4], r[0][11], r[0][12]) for r in rows if rng.random() < DUPLICATE_SHARE])
    conn.executemany("INSERT INTO failed_pages (crawl_id, url, site, reason, status, seen_at) "
                     "VALUES (1, ?, ?, 'http_404', 404, ?)",
                     [(r[0][1].replace(".html", "-gone.html"), r[0][2], r[0][12]) for r in rows
                      if rng.random() < FAILED_SHARE])


# --- 1. a small crawl into the archive -----------------------------------------------------------------------------
def small_crawls(db: Path, workdir: Path) -> dict:
    """CRAWL_REPEAT small crawls: the highest peak memory, the median time to the first request (the machine is
    shared: one run can be slowed down by others)."""
    runs = [small_crawl(db, workdir) for _ in range(CRAWL_REPEAT)]
    return {**runs[0], "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
            "peak_pss_mb": max(r["peak_pss_mb"] for r in runs),
            "first_request_s": statistics.median(r["first_request_s"] for r in runs),
            "first_request_runs_s": [r["first_request_s"] for r in runs],
            "returncode": max(r["returncode"] for r in runs)}


def small_crawl(db: Path, workdir: Path) -> dict:
    """The sample sites crawled into ``db``: peak memory of the process tree and time to the first request."""
    from throughput import TreeMonitor  # peak RSS and PSS of a process tree (the builder alone does not need it)

    log, registry = workdir / "requests.jsonl", workdir / "sites.toml"
    log.unlink(missing_ok=True)
    mirror = subprocess.Popen([sys.executable, "-m", "tests.sample_server", "--registry-out", str(registry),
                               "--request-log", str(log)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        mirror.stdout.readline()
        options = [v for name, value in {**CRAWL_SETTINGS, "SITES_REGISTRY": str(registry),
                                         "ARCHIVE_DB": str(db)}.items() for v in ("-s", f"{name}={value}")]
        started = time.time()
        crawl = subprocess.Popen([sys.executable, "-m", "scrapy", "crawl", "news", *options], cwd=ROOT,
                                 stdout=subprocess.DEVNULL, stderr=(workdir / "crawl.log").open("w"))
        monitor = TreeMonitor(crawl.pid, interval=0.05)
        monitor.start()
        returncode = crawl.wait(600)
        monitor.done.set()
        monitor.join()
        wall = time.time() - started
    finally:
        mirror.send_signal(signal.SIGTERM)
        mirror.wait(10)
    requests = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
    stats = json.loads(sqlite3.connect(db).execute("SELECT stats FROM crawls ORDER BY id DESC LIMIT 1").fetchone()[0])
    return {"returncode": returncode, "peak_rss_mb": round(monitor.peak_rss), "peak_pss_mb": round(monitor.peak_pss),
            "first_request_s": round(min(r["time"] for r in requests) - started, 2), "wall_s": round(wall, 1),
            "requests": len(requests), "archived_new": stats.get("archive/new", 0)}


# --- 2. store time per page ----------------------------------------------------------------------------------------
def new_articles(rng: random.Random, tag: str, count: int) -> list[tuple[dict, bytes]]:
    """New articles of STORE_TEXT_WORDS words (a real article's length), with signatures, on the sites and with
    the URLs of the built rows (a slug and a number: keys spread over the URL indexes as a crawl's are; ``tag``
    keeps them apart from the built ones)."""
    articles = []
    for n in range(count):
        text = "\n".join(" ".join(rng.choices(SYLLABLES, k=60)) for _ in range(STORE_TEXT_WORDS // 60))
        key, domain, province = rng.choice(SITES)
        slug = "-".join(rng.choices(SYLLABLES, k=9 + rng.randrange(5)))
        url = f"https://{domain}/{slug}-{tag}{n}-{rng.getrandbits(40)}.html"
        articles.append(({"url": url, "site": key, "province": province, "title": text[:80],
                          "lead": text[:200], "text": text, "published": "2025-12-01T08:00:00+07:00",
                          "content_hash": hashlib.sha256(text.encode()).hexdigest(), "fetched_url": url,
                          "first_seen": "now", "version_seen": "now", "last_seen": "now"},
                         rng.randbytes(SIGNATURE_BYTES)))
    return articles


def saves_ms(archive: Archive, articles, signatures: bool = True) -> float:
    """ms per article of ``save_article``, committed STORE_BATCH at a time as the store does."""
    started = time.perf_counter()
    for start in range(0, len(articles), STORE_BATCH):
        with archive.transaction():
            for row, signature in articles[start:start + STORE_BATCH]:
                archive.save_article(row, signature if signatures else None)
    return (time.perf_counter() - started) / len(articles) * 1000


def checkpoint_ms(archive: Archive) -> float:
    """ms of a checkpoint of what the archive's WAL holds."""
    started = time.perf_counter()
    archive.db.execute("PRAGMA wal_checkpoint(PASSIVE)")
    return (time.perf_counter() - started) * 1000


def store_time(db: Path, reference: Path) -> dict:
    """ms per ``Archive.save_article`` of a new article, committed in batches of 100 (the store's), batch by batch
    interleaved with the same on an empty archive (``reference``), so that both see the same load of a shared
    machine, each followed by the checkpoint of what its batches left in the WAL (a checkpoint is part of a
    write's cost, whichever commit pays it: the figure does not depend on whether ``CHECKPOINT_PAGES`` falls within
    the thousand articles); and the cost of its parts: the statements (the batch rolled back instead of committed),
    of which the FTS indexes (their insert triggers dropped in that transaction) and the signature (no fingerprint
    and band rows). A rolled-back batch measured slower than a committed one once ``CHECKPOINT_PAGES`` was raised
    (why is not established), so the commit's share is not derived from them. Means over STORE_ROUNDS batches of
    each, interleaved, each after a checkpoint (a batch writes fewer pages than ``CHECKPOINT_PAGES``, so the parts leave
    the checkpoints out; the per-article figure has them)."""
    rng = random.Random()  # new articles in every run: a fixed seed stored the same ones again with --reuse (unchanged)
    archive, empty = Archive(db), Archive(reference)
    saves_ms(archive, new_articles(rng, "warm", STORE_BATCH))
    saves_ms(empty, new_articles(rng, "warm", STORE_BATCH))
    checkpoint_ms(archive)
    checkpoint_ms(empty)
    store_ms = reference_ms = 0.0
    for batch in range(STORE_PAGES // STORE_BATCH):
        store_ms += saves_ms(archive, new_articles(rng, f"a{batch}", STORE_BATCH)) * STORE_BATCH / STORE_PAGES
        reference_ms += saves_ms(empty, new_articles(rng, f"e{batch}", STORE_BATCH)) * STORE_BATCH / STORE_PAGES
    store_ms += checkpoint_ms(archive) / STORE_PAGES
    reference_ms += checkpoint_ms(empty) / STORE_PAGES
    empty.close()
    variants: dict[str, float] = {}
    for round_ in range(STORE_ROUNDS):
        for name, variant in (("full", saves_ms), ("statements", rolled_back_ms),
                              ("no_fts", lambda store, rows: rolled_back_ms(store, rows, fts=False)),
                              ("no_signature", lambda store, rows: rolled_back_ms(store, rows, signatures=False))):
            archive.db.execute("PRAGMA wal_checkpoint(PASSIVE)")  # none of them pays the checkpoint of another
            variants[name] = variants.get(name, 0.0) + variant(archive, new_articles(rng, f"{name}{round_}",
                                                                                      STORE_BATCH)) / STORE_ROUNDS
    archive.close()
    full = variants["full"]
    return {"store_ms": round(store_ms, 3), "empty_ms": round(reference_ms, 3),
            "ratio": round(store_ms / reference_ms, 2), "batch_ms": round(full, 3),
            "fts_ms": round(variants["statements"] - variants["no_fts"], 3),
            "signature_ms": round(variants["statements"] - variants["no_signature"], 3),
            "statements_ms": round(variants["statements"], 3)}


FTS_TRIGGERS = ("articles_ai", "articles_fts_exact_ai")  # what indexes a new article in both FTS indexes


def rolled_back_ms(archive: Archive, articles, signatures: bool = True, fts: bool = True) -> float:
    """ms per article of the ``save_article`` statements of one batch, rolled back instead of committed;
    ``fts=False``: with the FTS insert triggers dropped inside that transaction (the rollback restores them)."""
    conn = archive.db.conn
    conn.execute("BEGIN IMMEDIATE")
    if not fts:
        for trigger in FTS_TRIGGERS:
            conn.execute(f"DROP TRIGGER {trigger}")
    started = time.perf_counter()
    for row, signature in articles:
        archive.save_article(row, signature if signatures else None)
    index_pending(conn)  # what the commit would index (the triggers only queue the rows)
    elapsed = (time.perf_counter() - started) / len(articles) * 1000
    conn.execute("ROLLBACK")
    return elapsed


# --- 4. Datasette --------------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def datasette_timings(db: Path) -> dict:
    port = free_port()
    command = [str(ROOT / ".venv" / "bin" / "datasette"), "serve", str(db), "--port", str(port),
               "--metadata", "data/metadata.yml", "--plugins-dir", "datasette/plugins", "--template-dir",
               "datasette/templates", "--static", "assets:datasette/static", "--setting", "truncate_cells_html",
               "200", *datasette_settings()]
    log = db.with_name("datasette.log")
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log.open("w"))
    timings = {}
    try:
        wait_for(f"http://127.0.0.1:{port}/-/versions.json", server, log)
        for name, path in DATASETTE_PAGES.items():
            times, status = [], None
            for _ in range(DATASETTE_REPEAT):
                started = time.perf_counter()
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=120) as response:
                    body, status = response.read(), response.status
                times.append(time.perf_counter() - started)
            timings[name] = {"first_s": round(times[0], 3), "best_s": round(min(times), 3), "status": status,
                             "timed_out": body.count(b"facet-timed-out") + body.count(b"timed out")}
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(10)
    return timings


def datasette_settings() -> list[str]:
    """The ``--setting`` options of ``make browse`` (the Makefile is the one place they are written)."""
    line = next(line for line in (ROOT / "Makefile").read_text().splitlines() if "--setting facet_time_limit_ms" in line)
    words = line.split()
    return [v for i, word in enumerate(words) if word == "--setting" and words[i + 1] != "truncate_cells_html"
            for v in ("--setting", words[i + 1], words[i + 2])]


def wait_for(url: str, server: subprocess.Popen, log: Path, seconds: float = 120) -> None:
    deadline = time.time() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            if server.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"Datasette did not start: {log.read_text()[-2000:]}") from None
            time.sleep(0.2)


# --- the run -------------------------------------------------------------------------------------------------------
def built_archive(workdir: Path, size: int, reuse: bool) -> tuple[Path, float]:
    """(archive of ``size`` articles in ``workdir``, seconds its build took): built afresh, or with ``reuse`` the
    one an earlier run built there and kept (``BUILT`` records its size; opening it migrates it)."""
    db, marker = workdir / "archive.db", workdir / BUILT  # Datasette's metadata is keyed on the name "archive"
    if reuse and marker.exists() and json.loads(marker.read_text())["size"] == size:
        return db, json.loads(marker.read_text())["build_s"]
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    seconds = round(build(db, size), 1)
    marker.write_text(json.dumps({"size": size, "build_s": seconds}))
    return db, seconds


def measure(size: int, directory: Path, keep: bool, reuse: bool) -> dict:
    workdir = directory / f"archive-{size}"
    db, build_s = built_archive(workdir, size, reuse)
    started = time.perf_counter()
    Archive(db).close()  # a reused archive built by an earlier version is migrated here, not in the first crawl
    result = {"size": size, "build_s": build_s, "migrate_s": round(time.perf_counter() - started, 1)}
    result["db_mb"] = round(db.stat().st_size / 2 ** 20, 1)
    result["db_kb_per_1000"] = round(db.stat().st_size / 1024 / size * 1000) if size else None
    result["crawl"] = small_crawls(db, workdir)
    shutil.rmtree(workdir / "empty", ignore_errors=True)
    reference = workdir / "empty" / "archive.db"
    reference.parent.mkdir()
    build(reference, 0)
    result["store"] = store_time(db, reference)
    result["datasette"] = datasette_timings(db)
    if not keep:
        shutil.rmtree(workdir)
    return result


def report(result: dict) -> None:
    crawl, store = result["crawl"], result["store"]
    print(f"\n== {result['size']:,} articles: built in {result['build_s']} s (opened and migrated in "
          f"{result['migrate_s']} s), {result['db_mb']} MB "
          f"({result['db_kb_per_1000']} KB per 1,000 articles)")
    print(f"crawl: peak PSS {crawl['peak_pss_mb']} MB (RSS summed {crawl['peak_rss_mb']} MB), first request "
          f"{crawl['first_request_s']} s (median of {crawl['first_request_runs_s']}); first run: "
          f"{crawl['requests']} requests, {crawl['archived_new']} new, wall {crawl['wall_s']} s; "
          f"worst exit status {crawl['returncode']}")
    print(f"store: {store['store_ms']} ms per article committed in batches of {STORE_BATCH}, checkpoint included "
          f"(an empty archive, batch by batch interleaved: {store['empty_ms']} ms; ratio {store['ratio']}); "
          f"batches after a checkpoint {store['batch_ms']} ms; the statements alone (rolled back) "
          f"{store['statements_ms']} ms, of which FTS indexes {store['fts_ms']}, signature and band rows "
          f"{store['signature_ms']}")
    for name, timing in result["datasette"].items():
        print(f"datasette {name}: first {timing['first_s']} s, best {timing['best_s']} s "
              f"(HTTP {timing['status']}{', TIMED OUT parts: ' + str(timing['timed_out']) if timing['timed_out'] else ''})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="0,1000000,5000000")
    parser.add_argument("--dir", type=Path, default=Path("/work/tmp-scale"))
    parser.add_argument("--keep", action="store_true", help="keep the built archives")
    parser.add_argument("--reuse", action="store_true",
                        help="measure the archives an earlier --keep run built in --dir again instead of rebuilding "
                             "them (the earlier measurements' rows stay in them: a few thousand articles)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"disk free under {args.dir}: {shutil.disk_usage(args.dir.parent if not args.dir.exists() else args.dir).free / 2 ** 30:.0f} GiB; "
          f"load average {os.getloadavg()[0]:.2f}")
    results = []
    for size in sizes:
        results.append(measure(size, args.dir, args.keep or args.reuse, args.reuse))
        report(results[-1])
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "archive-scale.json").write_text(json.dumps(results, indent=2))
    print(f"pss_growth_mb={results[-1]['crawl']['peak_pss_mb'] - results[0]['crawl']['peak_pss_mb']}")
    print(f"first_request_s={results[-1]['crawl']['first_request_s']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
