"""Throughput benchmark: the full crawl against stock trafilatura, on the same pages, in one run.

    .venv/bin/python bench/throughput.py [--corpus real|synthetic] [--pages 4200] [--runs 3] [--scaling ...]

1. Corpus (``--corpus``): ``real`` (the default, bench/real_corpus.py): the 105 real news pages of
   ../shared/eval/aeb-dev and ../shared/eval/vn-real, each served many times under distinct news-like URLs with a
   unique sentence in its title and first paragraphs (no exact duplicates; the copies of one page are near
   duplicates, which the crawl detects and records). ``synthetic`` (bench/corpus.py): the sample sites' templates
   around generated Vietnamese and English articles, with exact and near duplicates, cached under
   bench/out/corpus/.
2. Server: a small static HTTP/1.1 server (keep-alive, asyncio) on loopback in its own process, with robots.txt
   and a sitemap index per corpus size (``/sitemap-<N>.xml``, children of 5,000 URLs).
3. ``--runs`` paired runs, each (a) then (b) on the same N pages, so that both see the same load:
   (a) baseline: stock ``trafilatura.extract(html, include_comments=False)``, sequentially, in this process;
   (b) the full crawl ``scrapy crawl news -a url=<sitemap>`` into a fresh database and WARC directory, with
   politeness relaxed for loopback (no AutoThrottle, no delay, 32 concurrent requests per domain): pages/s over
   the wall time of the command (and over the engine's own run time, without the interpreter's start-up), the peak
   memory of the crawl's process tree (the crawler, the forkserver and its workers; RSS summed, and PSS, which
   counts pages shared between processes once), the database size.
   The ratio is b/a of each pair; the medians are reported.
4. CPU per page of the crawl, from that same crawl: each process's and thread's CPU time (/proc), split into steps
   by a sampling profile of every process of the crawl (bench/profile_hook: the step of the innermost project
   frame of each 10 ms CPU sample), scaled to the measured CPU of the process (the reactor thread's samples to the
   reactor thread's time).
5. Scaling: the same crawl once at each ``--scaling`` size, pages/s and the database size per 1,000 articles.

The last lines are ``ratio=<median b/a>``, the CPU per page and the peak PSS of the N-page crawls. Results also go
to bench/out/throughput-<corpus>-<N>.json. The machine is whatever runs it: run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from email.utils import formatdate
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PROFILE_HOOK = ROOT / "bench" / "profile_hook"
sys.path.insert(0, str(ROOT / "bench"))

import real_corpus  # noqa: E402

SITEMAP_CHUNK = 5000
CRAWL_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0", "CONCURRENT_REQUESTS": "32",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "32", "RETRY_TIMES": "1", "DOWNLOAD_TIMEOUT": "60", "LOG_LEVEL": "INFO",
    "INCREMENTAL": "False",
}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# --- the two corpora ---------------------------------------------------------------------------------------------
class RealCorpus:
    """Copies of real pages, built on request (bench/real_corpus.py)."""

    name = "real"
    placeholder_origin = ""  # the pages link to their own sites, left as they are

    def entries(self, pages: int) -> list[dict]:
        return real_corpus.entries(pages)

    def body(self, index: int) -> bytes:
        return real_corpus.page_body(index)

    def summary(self, entries: list[dict]) -> str:
        return real_corpus.summary(len(entries))


class SyntheticCorpus:
    """Generated pages in the sample sites' templates, cached on disk (bench/corpus.py)."""

    name = "synthetic"

    def __init__(self):
        import corpus  # imports the sample sites' generator: only for this corpus

        self.corpus = corpus
        self.placeholder_origin = corpus.ORIGIN  # replaced by the server's origin when served

    def entries(self, pages: int) -> list[dict]:
        return self.corpus.ensure_corpus(pages, log=lambda *a: print(*a, file=sys.stderr))

    def body(self, index: int) -> bytes:
        return self.corpus.page_file(index).read_bytes()

    def summary(self, entries: list[dict]) -> str:
        return self.corpus.summary(entries)


CORPORA = {"real": RealCorpus, "synthetic": SyntheticCorpus}


# --- the static server (runs in a child process: python bench/throughput.py --serve) ---------------------------
class Site:
    def __init__(self, pages, entries: list[dict], origin: str):
        self.pages = pages
        self.entries = entries
        self.origin = origin
        self.by_path = {e["path"]: e["index"] for e in entries}
        self.mtime = formatdate(time.time() - 86400, usegmt=True)
        self.placeholder = pages.placeholder_origin.encode()

    def respond(self, target: str) -> tuple[int, str, bytes]:
        path = target.split("?", 1)[0].split("#", 1)[0]
        if path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nAllow: /\n"
        if path.startswith("/sitemap-") and path.endswith(".xml"):
            return self.sitemap(path[len("/sitemap-"):-len(".xml")])
        index = self.by_path.get(path)
        if index is None:
            return 404, "text/html; charset=utf-8", b"<html><body><h1>404 Not Found</h1></body></html>"
        body = self.pages.body(index)
        if self.placeholder:  # the synthetic pages name their own host as a placeholder origin
            body = body.replace(self.placeholder, self.origin.encode())
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


async def _serve(pages, count: int, port: int) -> None:
    entries = pages.entries(count)
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
    site = Site(pages, entries, f"http://127.0.0.1:{bound}")
    print(json.dumps({"port": bound, "origin": site.origin}), flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with server:
        await stop.wait()


def start_server(corpus_name: str, pages: int) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([sys.executable, __file__, "--serve", "--corpus", corpus_name, "--pages", str(pages)],
                               cwd=ROOT, stdout=subprocess.PIPE, text=True)
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


def _kib(path: str, field: str) -> int:
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu_ticks(pid: int, tid: int) -> int:
    """utime + stime of one thread, in clock ticks (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/task/{tid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return 0


def _threads(pid: int) -> list[int]:
    try:
        return [int(tid) for tid in os.listdir(f"/proc/{pid}/task")]
    except OSError:
        return []


def _role(pid: int, root: int, parent: int) -> str:
    """crawler (the root), forkserver and resource tracker (its children), worker (the forkserver's children)."""
    if pid == root:
        return "crawler"
    if parent != root:
        return "worker"
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return "resource tracker" if b"resource_tracker" in f.read() else "forkserver"
    except OSError:
        return "forkserver"


class TreeMonitor(threading.Thread):
    """Samples the process tree under ``pid`` every ``interval`` s: peak of summed RSS and of summed PSS (MiB), each
    process's PSS at that peak (by role), and the CPU time of every thread (its last value: a thread's time only
    grows)."""

    def __init__(self, pid: int, interval: float = 0.25):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_rss = self.peak_pss = 0.0
        self.pss_at_peak: list[tuple[str, float]] = []
        self.peak_processes = 0
        self.ticks: dict[tuple[int, int], int] = {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            children = _children()
            pids, parents, todo = [], {}, [self.pid]
            while todo:
                pid = todo.pop()
                pids.append(pid)
                for child in children.get(pid, []):
                    parents[child] = pid
                    todo.append(child)
            rss = sum(_kib(f"/proc/{p}/status", "VmRSS:") for p in pids) / 1024
            per_process = {p: _kib(f"/proc/{p}/smaps_rollup", "Pss:") / 1024 for p in pids}
            pss = sum(per_process.values())
            if pss > self.peak_pss:
                self.peak_pss = pss
                self.pss_at_peak = sorted(((_role(p, self.pid, parents.get(p, 0)), v) for p, v in per_process.items()),
                                          key=lambda entry: entry[0])
            self.peak_rss = max(self.peak_rss, rss)
            self.peak_processes = max(self.peak_processes, len(pids))
            for pid in pids:
                for tid in _threads(pid):
                    self.ticks[pid, tid] = max(self.ticks.get((pid, tid), 0), _cpu_ticks(pid, tid))
            self.done.wait(self.interval)

    def cpu_seconds(self) -> dict[str, float]:
        """CPU seconds of the crawler's reactor (main) thread, its other threads, and the other processes (the
        forkserver and the workers)."""
        groups = Counter()
        for (pid, tid), ticks in self.ticks.items():
            if pid != self.pid:
                groups["workers"] += ticks
            else:
                groups["reactor_thread" if tid == pid else "crawler_other_threads"] += ticks
        return {name: groups[name] / CLOCK_TICKS for name in ("reactor_thread", "crawler_other_threads", "workers")}


# --- the profile of a crawl --------------------------------------------------------------------------------------
def profile_samples(directory: Path) -> dict[str, Counter]:
    """Samples per step of the crawler process and of the workers (forkserver included), from bench/profile_hook."""
    samples = {"crawler": Counter(), "workers": Counter()}
    for path in directory.glob("*.json"):
        dump = json.loads(path.read_text())
        samples["crawler" if dump["role"] == "crawler" else "workers"].update(dump["samples"])
    return samples


def cpu_per_step(cpu: dict[str, float], samples: dict[str, Counter], pages: int) -> dict[str, dict[str, float]]:
    """ms of CPU per page of each step: a process group's measured CPU split in the proportions of its samples."""
    measured = {"crawler": cpu["reactor_thread"] + cpu["crawler_other_threads"], "workers": cpu["workers"]}
    steps = {}
    for group, counts in samples.items():
        total = sum(counts.values()) or 1
        per_page = 1000 * measured[group] / pages
        steps[group] = {step: round(per_page * n / total, 2) for step, n in counts.most_common()}
    return steps


# --- (a) the baseline --------------------------------------------------------------------------------------------
def baseline(pages, entries: list[dict]) -> dict:
    """Stock trafilatura over the pages, one process; the time of building a page (disk, the copy's mark) is left
    out, the time of decoding it counted."""
    import trafilatura

    trafilatura.extract(pages.body(entries[0]["index"]).decode("utf-8"))  # warm-up (lazy imports)
    elapsed = cpu = 0.0
    extracted = 0
    for entry in entries:
        body = pages.body(entry["index"])
        started, started_cpu = time.perf_counter(), time.process_time()
        if trafilatura.extract(body.decode("utf-8"), include_comments=False):
            extracted += 1
        elapsed += time.perf_counter() - started
        cpu += time.process_time() - started_cpu
    return {"pages": len(entries), "extracted": extracted, "seconds": round(elapsed, 2),
            "pages_per_s": round(len(entries) / elapsed, 1), "cpu_ms_per_page": round(1000 * cpu / len(entries), 2)}


# --- (b) the crawl -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Variant:
    """One crawl configuration of a comparison: a project tree (this one, or e.g. a ``git worktree`` of another
    commit) and settings of its own."""

    label: str
    root: Path = ROOT
    settings: dict = field(default_factory=dict)

    @classmethod
    def parse(cls, spec: str) -> Variant:
        """``LABEL[@ROOT][:NAME=VALUE,NAME=VALUE...]``"""
        head, _, settings = spec.partition(":")
        label, _, root = head.partition("@")
        return cls(label, Path(root).resolve() if root else ROOT,
                   dict(item.split("=", 1) for item in settings.split(",") if item))


def crawl(origin: str, pages: int, variant: Variant, workers: str | None, extra: dict[str, str]) -> dict:
    workdir = OUT / f"crawl-{pages}-{variant.label}"
    shutil.rmtree(workdir, ignore_errors=True)
    (workdir / "profile").mkdir(parents=True)
    db = workdir / "archive.db"
    settings = {**CRAWL_SETTINGS, "ARCHIVE_DB": str(db), "WARC_DIR": str(workdir / "warc"),
                "LOG_FILE": str(workdir / "crawl.log"), **extra, **variant.settings}
    if workers is not None:
        settings["WORKER_PROCESSES"] = workers
    command = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={origin}/sitemap-{pages}.xml"]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROFILE_HOOK),
                                                                             os.environ.get("PYTHONPATH")])),
                   "BENCH_PROFILE_DIR": str(workdir / "profile")}
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=variant.root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               env=environment)
    monitor = TreeMonitor(process.pid)
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
        duplicates = dict(conn.execute("SELECT kind, count(*) FROM duplicates GROUP BY kind").fetchall())
        failed = dict(conn.execute("SELECT reason, count(*) FROM failed_pages GROUP BY reason").fetchall())
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    db_bytes = sum(p.stat().st_size for p in workdir.glob("archive.db*"))
    warc_bytes = sum(p.stat().st_size for p in (workdir / "warc").glob("*.warc.gz"))
    fetched = stats.get("articles/fetched", 0)
    cpu = monitor.cpu_seconds()
    return {
        "pages": pages, "fetched": fetched, "articles": articles, "duplicates": duplicates, "failed": failed,
        "wall_s": round(wall, 2), "pages_per_s": round(fetched / wall, 1),
        "scrapy_elapsed_s": stats.get("elapsed_time_seconds"),
        # the engine's own rate (from engine start to stop): without the interpreter's start and imports, which
        # weigh on small crawls only
        "engine_pages_per_s": round(fetched / stats["elapsed_time_seconds"], 1),
        "workers": stats.get("workers/processes", 0),
        "peak_rss_mb": round(monitor.peak_rss), "peak_pss_mb": round(monitor.peak_pss),
        "pss_at_peak_mb": [[role, round(mb)] for role, mb in monitor.pss_at_peak],
        "processes": monitor.peak_processes,
        "cpu_ms_per_page": {name: round(1000 * seconds / max(fetched, 1), 2) for name, seconds in cpu.items()},
        "steps_ms_per_page": cpu_per_step(cpu, profile_samples(workdir / "profile"), max(fetched, 1)),
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


# --- report ------------------------------------------------------------------------------------------------------
def print_crawl(r: dict) -> None:
    cpu = r["cpu_ms_per_page"]
    print(f"    {r['fetched']} pages in {r['wall_s']} s: {r['pages_per_s']} pages/s (engine {r['engine_pages_per_s']}); "
          f"peak RSS {r['peak_rss_mb']} MB (PSS {r['peak_pss_mb']} MB: "
          f"{', '.join(f'{role} {mb}' for role, mb in r['pss_at_peak_mb'])}; {r['processes']} processes, "
          f"{r['workers']} workers); {r['articles']} articles, duplicates {r['duplicates']}, failed {r['failed']}; "
          f"CPU ms/page: reactor thread {cpu['reactor_thread']}, other crawler threads "
          f"{cpu['crawler_other_threads']}, workers {cpu['workers']}; WARC {r['warc_kb_per_1000_pages']} KB and DB "
          f"{r['db_kb_per_1000_articles']} KB per 1,000", flush=True)


def median_steps(runs: list[dict]) -> dict[str, dict[str, float]]:
    """Per group and step, the median over the runs of its ms per page (0 in a run that has no sample of it)."""
    table = {}
    for group in ("crawler", "workers"):
        steps = {step for r in runs for step in r["steps_ms_per_page"][group]}
        medians = {step: statistics.median(r["steps_ms_per_page"][group].get(step, 0.0) for r in runs)
                   for step in steps}
        table[group] = dict(sorted(medians.items(), key=lambda item: -item[1]))
    return table


def print_summary(label: str, pairs: list[tuple[dict, dict]], pages: int) -> dict:
    ratios = [r["pages_per_s"] / b["pages_per_s"] for b, r in pairs]
    runs = [r for _, r in pairs]
    median = {key: statistics.median(r["cpu_ms_per_page"][key] for r in runs)
              for key in ("reactor_thread", "crawler_other_threads", "workers")}
    steps = median_steps(runs)
    base_cpu = statistics.median(b["cpu_ms_per_page"] for b, _ in pairs)
    crawler = median["reactor_thread"] + median["crawler_other_threads"]
    print(f"[{label}] CPU per page of the {pages}-page crawl (median of {len(runs)} runs; steps from the crawl's "
          "own profile):")
    print(f"    stock trafilatura (baseline, one process): {base_cpu:.1f} ms")
    print(f"    total crawl: {sum(median.values()):.1f} ms = crawler process {crawler:.1f} (reactor thread "
          f"{median['reactor_thread']:.1f}, other threads {median['crawler_other_threads']:.1f}) "
          f"+ workers {median['workers']:.1f}")
    for group, title in (("workers", "workers (forkserver included)"), ("crawler", "crawler process")):
        print(f"    {title}:")
        for step, ms in steps[group].items():
            print(f"        {ms:7.2f} ms  {step}")
    print(f"[{label}] (a) stock trafilatura, 1 process: {[b['pages_per_s'] for b, _ in pairs]} pages/s")
    print(f"[{label}] (b) full crawl: {[r['pages_per_s'] for r in runs]} pages/s (engine alone "
          f"{[r['engine_pages_per_s'] for r in runs]})")
    print(f"[{label}] ratios b/a: {[round(x, 2) for x in ratios]}")
    print(f"[{label}] ratio={statistics.median(ratios):.2f}")
    print(f"[{label}] peak_pss_mb={max(r['peak_pss_mb'] for r in runs)} (max of the runs; RSS summed "
          f"{max(r['peak_rss_mb'] for r in runs)} MB, crawls of {pages} pages)")
    return {"ratios": ratios, "ratio": statistics.median(ratios), "cpu_ms_per_page": median, "steps": steps,
            "baseline_cpu_ms_per_page": base_cpu}


def print_scaling(results: dict[int, dict]) -> None:
    print("scaling (full crawl):")
    print("    pages   pages/s   engine pages/s   wall s   peak RSS MB   peak PSS MB   DB KB/1,000 articles")
    for pages, r in sorted(results.items()):
        print(f"    {pages:>6} {r['pages_per_s']:>8} {r['engine_pages_per_s']:>16} {r['wall_s']:>8} "
              f"{r['peak_rss_mb']:>12} {r['peak_pss_mb']:>13} {r['db_kb_per_1000_articles']:>21}")
    sizes = sorted(results)
    low, high = results[sizes[0]], results[sizes[-1]]
    for key, label in (("pages_per_s", "wall"), ("engine_pages_per_s", "engine")):
        print(f"    {sizes[-1]} vs {sizes[0]} pages: {label} throughput {100 * (high[key] / low[key] - 1):+.1f}%")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="real", help="real pages (default) or synthetic")
    parser.add_argument("--pages", type=int, default=4200, help="corpus size of (a) and (b) (default 4200)")
    parser.add_argument("--runs", type=int, default=3, help="paired runs of (a) and (b) (default 3)")
    parser.add_argument("--variant", action="append", type=Variant.parse, default=[],
                        metavar="LABEL[@ROOT][:NAME=VALUE,...]",
                        help="compare crawls: each run crawls once per variant, in turn (default: one, this tree)")
    parser.add_argument("--scaling", default="",
                        help="comma-separated crawl sizes for a scaling report, one crawl each (default: none)")
    parser.add_argument("--workers", help="WORKER_PROCESSES for the crawls (default: the project's setting)")
    parser.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                        help="another Scrapy setting for the crawls")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    pages = CORPORA[args.corpus]()
    sizes = sorted({int(n) for n in args.scaling.split(",") if n.strip()})
    if args.serve:
        asyncio.run(_serve(pages, args.pages, args.port))
        return 0

    variants = args.variant or [Variant("crawl")]
    extra = dict(item.split("=", 1) for item in args.settings)
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"machine: {describe_machine()}", flush=True)
    entries = pages.entries(max(sizes + [args.pages]))
    print(f"corpus ({args.corpus}): {pages.summary(entries[:args.pages])}", flush=True)
    server, origin = start_server(args.corpus, len(entries))
    pairs: dict[str, list[tuple[dict, dict]]] = {v.label: [] for v in variants}
    scaling = {}
    try:
        for run in range(args.runs):
            print(f"run {run + 1}/{args.runs}: (a) stock trafilatura.extract, one process, {args.pages} pages ...",
                  flush=True)
            base = baseline(pages, entries[:args.pages])
            print(f"    {base['pages_per_s']} pages/s ({base['seconds']} s, {base['cpu_ms_per_page']} ms CPU per page)",
                  flush=True)
            for variant in variants[run % len(variants):] + variants[:run % len(variants)]:  # each one first in turn
                print(f"run {run + 1}/{args.runs}: (b) [{variant.label}] scrapy crawl news -a "
                      f"url={origin}/sitemap-{args.pages}.xml ...", flush=True)
                pairs[variant.label].append((base, crawl(origin, args.pages, variant, args.workers, extra)))
                print_crawl(pairs[variant.label][-1][1])
        for size in sizes:
            print(f"scaling: scrapy crawl news -a url={origin}/sitemap-{size}.xml ...", flush=True)
            scaling[size] = crawl(origin, size, variants[0], args.workers, extra)
            print_crawl(scaling[size])
    finally:
        server.terminate()
        server.wait(10)
    if scaling:
        print_scaling(scaling)
    summaries = {label: print_summary(label, runs, args.pages) for label, runs in pairs.items()}
    report = {"machine": describe_machine(), "corpus": args.corpus,
              "corpus_summary": pages.summary(entries[:args.pages]),
              "variants": {v.label: {"root": str(v.root), "settings": v.settings} for v in variants},
              "pairs": {label: [{"baseline": b, "crawl": r} for b, r in runs] for label, runs in pairs.items()},
              "scaling": scaling, "summaries": summaries}
    (OUT / f"throughput-{args.corpus}-{args.pages}.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
