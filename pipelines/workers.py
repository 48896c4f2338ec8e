"""A pool of worker processes for the CPU-bound analysis of each page, off Scrapy's reactor thread.

Scrapy runs every item pipeline on its one reactor thread: extraction (lxml + trafilatura), language detection
(langdetect) and MinHash signatures done there cap a crawl at one core and stall downloads while they run. The
analysis pipeline hands them, as one task per page, to a ``WorkerPool`` instead and awaits the result, so the
reactor keeps downloading, writing WARC records and storing rows while the workers compute.

- Size: ``WORKER_PROCESSES`` processes (default ``os.cpu_count()``); 0 runs the analysis in-process, synchronously,
  exactly as before (debugging, and the reference the pool's results are compared with).
- Back-pressure: the pool has no queue of its own worth speaking of. A pipeline awaiting a worker keeps its
  response "active" in Scrapy's scraper slot, so Scrapy stops scheduling downloads once
  ``SCRAPER_SLOT_MAX_ACTIVE_SIZE`` bytes of responses are in the pipelines; memory stays bounded.
- Determinism: workers only compute pure functions of their arguments (bytes and str in, dicts, str and bytes
  out). Decisions that depend on what came before (which copy of a story is the original) stay in the
  pipelines, on the reactor thread, one item at a time.
- Crashes: a worker that dies (segfault in a C extension, out-of-memory kill, ``os._exit``) breaks the whole
  ``ProcessPoolExecutor``: every task in flight fails with ``BrokenProcessPool``, not only the culprit. The pool
  is replaced for new tasks, and each failed task is run again alone in a one-process "quarantine" executor, one
  at a time: the innocent pages succeed there, and the page that kills the quarantine worker too is the culprit,
  reported as ``WorkerCrashed`` (the pipelines record it as the page's error, reason ``worker_crashed``).

The tasks are ``pipelines.extraction.analyse_page``, submitted by ``pipelines.analyse.AnalysePipeline``, and the
WARC record's gzip, ``pipelines.archive.warc.encode_record``, submitted by ``pipelines.warc.WarcPipeline``: both
pipelines share the crawl's one pool (``pool_for``). Worker functions must be importable top-level functions
(they are pickled by reference); they are called through ``_call``. Workers are started by a ``forkserver`` that has already imported the
analysis modules and loaded langdetect's profiles (pipelines/worker_preload.py), so a new worker (at start, or after a crash) costs a fork,
not an interpreter start, shares those pages with its siblings, and never inherits the crawler's threads or
sockets. The stat ``workers/max_in_flight`` shows how many tasks were waiting on the pool at most.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import logging
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import forkserver
from typing import Any
from weakref import WeakKeyDictionary

from scrapy import signals

logger = logging.getLogger(__name__)

# Imported by the forkserver once (modules and langdetect profiles), shared by every worker it forks.
PRELOAD = ["pipelines.worker_preload"]
CRASH_EXIT_STATUS = 70
PR_SET_PDEATHSIG = 1  # linux/prctl.h
ORPHAN_PARENT_PID = 1  # what getppid() answers once the parent is gone (without a subreaper)
_POOLS: WeakKeyDictionary = WeakKeyDictionary()  # crawler -> its pool (pool_for)


class WorkerCrashed(Exception):
    """The worker process running this task died (the task was retried alone and killed its worker again)."""

    reason = "worker_crashed"


class WorkerTimedOut(WorkerCrashed):
    """The task ran longer than ``WORKER_TASK_TIMEOUT``: its worker was killed (a pathological page must cost a
    bounded time and memory, not stall the crawl)."""

    reason = "worker_timeout"


# --- in the worker processes --------------------------------------------------------------------------------
_crash_on = ""


def die_with_parent() -> None:
    """Have the kernel kill this process when its parent dies (Linux ``PR_SET_PDEATHSIG``).

    A crawler killed by SIGKILL or the OOM killer cannot stop its pool: the forkserver (child of the crawler) and
    the workers (children of the forkserver) would wait forever on pipes nobody writes to, holding hundreds of MB
    each run. With this in the forkserver and in every worker, the chain dies with the crawler. Elsewhere than
    on Linux it does nothing.
    """
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL) != 0:
        logger.warning("PR_SET_PDEATHSIG failed (errno %d): this process may outlive a killed crawler",
                       ctypes.get_errno())
    if os.getppid() == ORPHAN_PARENT_PID:  # the parent died before the request took effect
        os._exit(1)


def _init_worker(crash_on: str) -> None:
    die_with_parent()
    # Ctrl-C goes to the whole process group: the crawler shuts down gracefully and still needs its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    global _crash_on
    _crash_on = crash_on


def _call(function: Callable, tag: str, args: tuple, kwargs: dict) -> Any:
    """Run one task. ``tag`` (the page URL) names the task; WORKER_CRASH_ON_URL makes a worker die on it."""
    if _crash_on and _crash_on in tag:
        os._exit(CRASH_EXIT_STATUS)  # as abrupt as a segfault: no exception, no cleanup, no reply
    return function(*args, **kwargs)


# --- in the crawler process ---------------------------------------------------------------------------------
def configured_processes(value: Any) -> int:
    """WORKER_PROCESSES as a number of processes: empty or negative means one per core, 0 in-process."""
    if value in (None, ""):
        return os.cpu_count() or 1
    processes = int(value)
    return os.cpu_count() or 1 if processes < 0 else processes


class WorkerPool:
    """``processes`` worker processes behind an awaitable ``run(function, *args, tag=url)``."""

    def __init__(self, processes: int, *, stats=None, crash_on: str = "", task_timeout: float | None = None):
        if processes < 1:
            raise ValueError("a WorkerPool needs at least one process (0 means: no pool, run in-process)")
        self.processes = processes
        self.stats = stats
        self.crash_on = crash_on
        self.task_timeout = task_timeout or None  # seconds; None: no limit
        self.executor: ProcessPoolExecutor | None = None
        self.quarantine: ProcessPoolExecutor | None = None
        self._quarantine_lock: asyncio.Lock | None = None
        self.closed = False
        self.in_flight = 0

    @staticmethod
    def _context():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        return context

    def start(self) -> None:
        """Start the forkserver now: its imports (about a second) begin while the engine opens and fetches
        robots.txt and sitemaps. The first page still waits for the part not done by then (about 0.9 s measured)."""
        self._context()
        forkserver.ensure_running()

    def _new_executor(self, processes: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(processes, mp_context=self._context(), initializer=_init_worker,
                                   initargs=(self.crash_on,))

    def _pool(self) -> ProcessPoolExecutor:
        if self.closed:
            raise RuntimeError("the worker pool is closed")
        if self.executor is None:
            self.executor = self._new_executor(self.processes)
        return self.executor

    async def run(self, function: Callable, *args: Any, tag: str = "", **kwargs: Any) -> Any:
        """``function(*args, **kwargs)`` in a worker process. Raises what the function raised, or WorkerCrashed.

        ``tag`` names the task in logs (the page URL).
        """
        executor = self._pool()
        self.in_flight += 1
        if self.stats is not None:
            self.stats.max_value("workers/max_in_flight", self.in_flight)
        try:
            return await self._result(executor, function, tag, args, kwargs)
        except BrokenProcessPool:
            self._replace(executor)
        finally:
            self.in_flight -= 1
        return await self._run_alone(function, args, kwargs, tag)

    async def _result(self, executor: ProcessPoolExecutor, function: Callable, tag: str, args: tuple,
                      kwargs: dict) -> Any:
        """The task's result within ``task_timeout``; past it the executor's workers are killed (which one runs
        the task is not known: the others' tasks fail with BrokenProcessPool and are retried alone)."""
        future = asyncio.wrap_future(executor.submit(_call, function, tag, args, kwargs))
        try:
            return await asyncio.wait_for(future, self.task_timeout)
        except TimeoutError:
            self._inc("workers/timed_out")
            logger.error("Analysis of %s took longer than %s s: its worker is killed and the page recorded as "
                         "failed", tag or "a task", self.task_timeout)
            _kill_workers(executor)
            self._discard(executor)
            raise WorkerTimedOut(f"{getattr(function, '__name__', function)} ran longer than "
                                 f"{self.task_timeout} s") from None

    def _discard(self, killed: ProcessPoolExecutor) -> None:
        """Drop an executor whose workers were killed, the pool's or the quarantine's."""
        if killed is self.quarantine:
            self.quarantine = None
            killed.shutdown(wait=False, cancel_futures=True)
        else:
            self._replace(killed)

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        """Drop a broken executor (once, whichever of its failed tasks gets here first)."""
        if self.executor is not broken:
            return
        self.executor = None
        broken.shutdown(wait=False, cancel_futures=True)
        logger.warning("A worker process died; the pool is restarted and the pages in flight are retried one by one")
        self._inc("workers/pool_restarts")

    async def _run_alone(self, function: Callable, args: tuple, kwargs: dict, tag: str) -> Any:
        """Retry a task that was in flight when the pool broke, alone, so that a crash names its culprit."""
        if self._quarantine_lock is None:
            self._quarantine_lock = asyncio.Lock()
        async with self._quarantine_lock:
            if self.closed:
                raise WorkerCrashed("the worker pool closed before the task could be retried")
            if self.quarantine is None:
                self.quarantine = self._new_executor(1)
            self._inc("workers/retried")
            quarantine = self.quarantine
            try:
                return await self._result(quarantine, function, tag, args, kwargs)
            except BrokenProcessPool:
                self.quarantine = None
                quarantine.shutdown(wait=False, cancel_futures=True)
                self._inc("workers/crashed")
                logger.error("Worker process died on %s (%s); the page is recorded as failed",
                             tag or "a task", getattr(function, "__name__", function))
                raise WorkerCrashed(f"worker process died running {getattr(function, '__name__', function)}") \
                    from None

    def _inc(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(key)

    def close(self) -> None:
        """Stop the workers (after the pipelines have finished with them)."""
        self.closed = True
        for executor in (self.executor, self.quarantine):
            if executor is not None:
                executor.shutdown(wait=True, cancel_futures=True)
        self.executor = self.quarantine = None


def _kill_workers(executor: ProcessPoolExecutor) -> None:
    """SIGKILL an executor's worker processes. ``_processes`` is private: Python 3.14's ``kill_workers()`` is the
    public form of this."""
    for process in list((executor._processes or {}).values()):
        process.kill()


def pool_for(crawler) -> WorkerPool | None:
    """The crawl's pool (``WORKER_PROCESSES``), closed when the engine stops; None: run in-process. One per crawler,
    shared by the pipelines that send it work (WARC records, analysis)."""
    if crawler in _POOLS:
        return _POOLS[crawler]
    settings = crawler.settings
    processes = configured_processes(settings.get("WORKER_PROCESSES"))
    if processes == 0:
        return None
    pool = WorkerPool(processes, stats=crawler.stats, crash_on=settings.get("WORKER_CRASH_ON_URL") or "",
                      task_timeout=settings.getfloat("WORKER_TASK_TIMEOUT"))
    crawler.signals.connect(pool.close, signal=signals.engine_stopped)
    crawler.stats.set_value("workers/processes", processes)
    pool.start()
    _POOLS[crawler] = pool
    return pool
