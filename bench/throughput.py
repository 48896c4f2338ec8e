"""Throughput benchmark: the full crawl against stock trafilatura, on the same pages, in one run.

    .venv/bin/python bench/throughput.py [--pages 5000] [--scaling 1000,5000,20000] [--workers N]

1. Corpus: ``--pages`` realistic article pages (bench/corpus.py: the sample sites' templates around generated
   Vietnamese and English articles, with exact and near duplicates), cached under bench/out/corpus/.
2. Server: a small static HTTP/1.1 server (keep-alive, asyncio) on loopback in its own process, with robots.txt
   and a sitemap index per corpus size (``/sitemap-<N>.xml``, children of 5,000 URLs).
3. (a) baseline: stock ``trafilatura.extract`` over the N pages, sequentially, in this process (pages/s).
4. (b) the full crawl ``scrapy crawl news -a url=<sitemap>`` into a fresh database and WARC directory, with
   politeness relaxed for loopback (no AutoThrottle, no delay, 32 concurrent requests per domain): pages/s over
   the wall time of the command (and over the engine's own run time, without the interpreter's start-up), the peak
   memory of the crawl's process tree (the crawler, the forkserver and its workers; RSS summed, and PSS, which
   counts pages shared between processes once), the database size.
5. Scaling: the same crawl at each ``--scaling`` size (the N-page crawl is one of them), pages/s and the database
   size per 1,000 articles.

The last two lines are ``ratio=<b/a>`` and the peak RSS of the N-page crawl. Results also go to
bench/out/throughput-<N>.json. The machine is whatever runs it: run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from email.utils import formatdate
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT / "bench"))

import corpus  # noqa: E402

SITEMAP_CHUNK = 5000
CRAWL_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0", "CONCURRENT_REQUESTS": "32",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "32", "RETRY_TIMES": "1", "DOWNLOAD_TIMEOUT": "60", "LOG_LEVEL": "INFO",
    "INCREMENTAL": "False",
}


# --- the static server (runs in a child process: python bench/throughput.py --serve) ---------------------------
class Site:
    def __init__(self, entries: list[dict], origin: str):
        self.entries = entries
        self.origin = origin
        self.by_path = {e["path"]: e["index"] for e in entries}
        self.mtime = formatdate(time.time() - 86400, usegmt=True)

    def respond(self, target: str) -> tuple[int, str, bytes]:
        path = target.split("?", 1)[0].split("#", 1)[0]
        if path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nAllow: /\n"
        if path.startswith("/sitemap-") and path.endswith(".xml"):
            return self.sitemap(path[len("/sitemap-"):-len(".xml")])
        index = self.by_path.get(path)
        if index is None:
            return 404, "text/html; charset=utf-8", b"<html><body><h1>404 Not Found</h1></body></html>"
        body = corpus.page_file(index).read_bytes().replace(corpus.ORIGIN.encode(), self.origin.encode())
        return 200, "text/html; charset=utf-8", body

    def sitemap(self, name: str) -> tuple[int, str, bytes]:
        """``<N>``: an index of the first N pages' sitemaps; ``<N>-<k>``: the k-th chunk of 5,000 URLs."""
        parts = name.split("-")
        try:
            pages = min(int(parts[0]), len(self.entries))
        except ValueError:
            return 404, "text/plain", b"no such sitemap"
        if len(parts) == 1:
            children = "".join(f"<sitemap><loc>{self.origin}/sitemap-{pages}-{k}.xml</loc></sitemap>\n"
                               for k in range((pages + SITEMAP_CHUNK - 1) // SITEMAP_CHUNK))
            xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex '
                   f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{children}</sitemapindex>\n')
        else:
            chunk = self.entries[int(parts[1]) * SITEMAP_CHUNK:min(pages, (int(parts[1]) + 1) * SITEMAP_CHUNK)]
            urls = "".join(f"<url><loc>{self.origin}{e['path']}</loc><lastmod>{e['published']}</lastmod></url>\n"
                           for e in chunk)
            xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset '
                   f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n')
        return 200, "application/xml", xml.encode()


async def _serve(pages: int, port: int) -> None:
    entries = corpus.ensure_corpus(pages, log=lambda *a: print(*a, file=sys.stderr))
    site: Site | None = None
    reasons = {200: "OK", 404: "Not Found"}

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                request = await reader.readline()
                if not request:
                    break
                method, target, version = request.decode("latin-1").split()
                while (await reader.readline()) not in (b"\r\n", b"\n", b""):
                    pass
                status, content_type, body = site.respond(target)
                head = (f"HTTP/1.1 {status} {reasons.get(status, 'OK')}\r\nContent-Type: {content_type}\r\n"
                        f"Content-Length: {len(body)}\r\nLast-Modified: {site.mtime}\r\n\r\n").encode()
                writer.write(head if method == "HEAD" else head + body)
                await writer.drain()
                if version == "HTTP/1.0":
                    break
        except (ConnectionError, ValueError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=512)
    bound = server.sockets[0].getsockname()[1]
    site = Site(entries, f"http://127.0.0.1:{bound}")
    print(json.dumps({"port": bound, "origin": site.origin}), flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with server:
        await stop.wait()


def start_server(pages: int) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([sys.executable, __file__, "--serve", "--pages", str(pages)], cwd=ROOT,
                               stdout=subprocess.PIPE, text=True)
    ready = json.loads(process.stdout.readline())
    return process, ready["origin"]


# --- memory of a process tree ------------------------------------------------------------------------------------
def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            tree.setdefault(ppid, []).append(int(entry))
    return tree


def _tree(root: int) -> list[int]:
    children, out, todo = _children(), [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def _kib(path: str, field: str) -> int:
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class MemoryMonitor(threading.Thread):
    """Samples the process tree under ``pid`` every ``interval`` s: peak of summed RSS and of summed PSS (MiB)."""

    def __init__(self, pid: int, interval: float = 0.25):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_rss = self.peak_pss = 0.0
        self.peak_processes = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            pids = _tree(self.pid)
            rss = sum(_kib(f"/proc/{p}/status", "VmRSS:") for p in pids) / 1024
            pss = sum(_kib(f"/proc/{p}/smaps_rollup", "Pss:") for p in pids) / 1024
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
            self.peak_processes = max(self.peak_processes, len(pids))
            self.done.wait(self.interval)


# --- (a) the baseline --------------------------------------------------------------------------------------------
def baseline(entries: list[dict]) -> dict:
    import trafilatura

    trafilatura.extract(corpus.page_file(entries[0]["index"]).read_text(encoding="utf-8"))  # warm-up (lazy imports)
    started = time.perf_counter()
    extracted = 0
    for entry in entries:
        html = corpus.page_file(entry["index"]).read_text(encoding="utf-8")
        if trafilatura.extract(html):
            extracted += 1
    elapsed = time.perf_counter() - started
    return {"pages": len(entries), "extracted": extracted, "seconds": round(elapsed, 2),
            "pages_per_s": round(len(entries) / elapsed, 1)}


# --- (b) the crawl -----------------------------------------------------------------------------------------------
def crawl(origin: str, pages: int, workers: str | None, extra: dict[str, str]) -> dict:
    workdir = OUT / f"crawl-{pages}"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    db = workdir / "archive.db"
    settings = {**CRAWL_SETTINGS, "ARCHIVE_DB": str(db), "WARC_DIR": str(workdir / "warc"),
                "LOG_FILE": str(workdir / "crawl.log"), **extra}
    if workers is not None:
        settings["WORKER_PROCESSES"] = workers
    command = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={origin}/sitemap-{pages}.xml"]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    monitor = MemoryMonitor(process.pid)
    monitor.start()
    _, stderr = process.communicate()
    wall = time.perf_counter() - started
    monitor.done.set()
    monitor.join()
    if process.returncode != 0:
        raise SystemExit(f"crawl of {pages} pages failed ({process.returncode}): {stderr[-2000:]}\n"
                         f"log: {workdir / 'crawl.log'}")
    conn = sqlite3.connect(db)
    try:
        stats = json.loads(conn.execute("SELECT stats FROM crawls ORDER BY id DESC LIMIT 1").fetchone()[0])
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        duplicates = conn.execute("SELECT count(*) FROM duplicates").fetchone()[0]
        failed = dict(conn.execute("SELECT reason, count(*) FROM failed_pages GROUP BY reason").fetchall())
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    db_bytes = sum(p.stat().st_size for p in workdir.glob("archive.db*"))
    warc_bytes = sum(p.stat().st_size for p in (workdir / "warc").glob("*.warc.gz"))
    fetched = stats.get("articles/fetched", 0)
    return {
        "pages": pages, "fetched": fetched, "articles": articles, "duplicates": duplicates, "failed": failed,
        "wall_s": round(wall, 2), "pages_per_s": round(fetched / wall, 1),
        "scrapy_elapsed_s": stats.get("elapsed_time_seconds"),
        # the engine's own rate (from engine start to stop): without the interpreter's start and imports, which
        # weigh on small crawls only
        "engine_pages_per_s": round(fetched / stats["elapsed_time_seconds"], 1),
        "workers": stats.get("workers/processes", 0),
        "peak_rss_mb": round(monitor.peak_rss), "peak_pss_mb": round(monitor.peak_pss),
        "processes": monitor.peak_processes,
        "db_mb": round(db_bytes / 2**20, 2), "db_kb_per_1000_articles": round(db_bytes / 1024 / max(articles, 1) * 1000),
        "warc_kb_per_1000_pages": round(warc_bytes / 1024 / max(fetched, 1) * 1000),
        "languages": {k.split("/", 1)[1]: v for k, v in stats.items() if k.startswith("language/")},
    }


def describe_machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), "unknown CPU")
    memory = _kib("/proc/meminfo", "MemTotal:") / 2**20
    load = os.getloadavg()
    return (f"{os.cpu_count()} cores ({model}), {memory:.0f} GiB RAM, Python {sys.version.split()[0]}, "
            f"load average {load[0]:.2f} at start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=5000, help="corpus size of (a) and (b) (default 5000)")
    parser.add_argument("--scaling", default="1000,5000,20000",
                        help="comma-separated crawl sizes for the scaling report ('' to skip)")
    parser.add_argument("--workers", help="WORKER_PROCESSES for the crawls (default: the project's setting)")
    parser.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                        help="another Scrapy setting for the crawls")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(_serve(args.pages, args.port))
        return 0

    sizes = sorted({int(n) for n in args.scaling.split(",") if n.strip()} | {args.pages})
    extra = dict(item.split("=", 1) for item in args.settings)
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"machine: {describe_machine()}", flush=True)
    entries = corpus.ensure_corpus(max(sizes))
    print(f"corpus: {corpus.summary(entries[:args.pages])}", flush=True)
    server, origin = start_server(max(sizes))
    try:
        print(f"(a) stock trafilatura.extract, sequential, one process, {args.pages} pages ...", flush=True)
        base = baseline(entries[:args.pages])
        print(f"    {base['pages_per_s']} pages/s ({base['seconds']} s)", flush=True)
        results = {}
        for pages in sizes:
            print(f"(b) scrapy crawl news -a url={origin}/sitemap-{pages}.xml ...", flush=True)
            results[pages] = crawl(origin, pages, args.workers, extra)
            r = results[pages]
            print(f"    {r['fetched']} pages in {r['wall_s']} s: {r['pages_per_s']} pages/s; peak RSS {r['peak_rss_mb']} MB "
                  f"(PSS {r['peak_pss_mb']} MB, {r['processes']} processes, {r['workers']} workers); "
                  f"{r['articles']} articles, {r['duplicates']} duplicates, failed {r['failed']}; "
                  f"DB {r['db_kb_per_1000_articles']} KB per 1,000 articles", flush=True)
    finally:
        server.terminate()
        server.wait(10)
    main_run = results[args.pages]
    ratio = main_run["pages_per_s"] / base["pages_per_s"]
    report = {"machine": describe_machine(), "corpus": corpus.summary(entries[:args.pages]), "baseline": base,
              "crawls": results, "ratio": round(ratio, 3)}
    (OUT / f"throughput-{args.pages}.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    if len(sizes) > 1:
        print("scaling (full crawl):")
        print("    pages   pages/s   engine pages/s   wall s   peak RSS MB   peak PSS MB   DB KB/1,000 articles")
        for pages, r in results.items():
            print(f"    {pages:>6} {r['pages_per_s']:>8} {r['engine_pages_per_s']:>16} {r['wall_s']:>8} "
                  f"{r['peak_rss_mb']:>12} {r['peak_pss_mb']:>13} {r['db_kb_per_1000_articles']:>21}")
        low, high = results[sizes[0]], results[sizes[-1]]
        for key, label in (("pages_per_s", "wall"), ("engine_pages_per_s", "engine")):
            print(f"    {sizes[-1]} vs {sizes[0]} pages: {label} throughput {100 * (high[key] / low[key] - 1):+.1f}%")
    print(f"(a) stock trafilatura, 1 process: {base['pages_per_s']} pages/s")
    print(f"(b) full crawl: {main_run['pages_per_s']} pages/s, wall {main_run['wall_s']} s "
          f"(engine alone {main_run['engine_pages_per_s']} pages/s)")
    print(f"ratio={ratio:.2f}")
    print(f"peak_rss_mb={main_run['peak_rss_mb']} (PSS {main_run['peak_pss_mb']} MB, crawl of {args.pages} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
