"""A CPU sampling profiler for every Python process of a benchmark crawl (bench/throughput.py).

bench/throughput.py puts this directory on PYTHONPATH and sets BENCH_PROFILE_DIR for the crawl it measures, so
Python imports this module at the start of the crawler, of the multiprocessing forkserver (a fresh interpreter)
and, through the fork handler, arms it again in each worker: no project code knows about it. Every
``INTERVAL_S`` of the process's CPU time (``ITIMER_PROF``: an idle process takes no samples) the main thread's
Python stack is read, innermost frame first, and counted under the first step in ``STEPS`` it passes through.
Counts go to ``<BENCH_PROFILE_DIR>/<role>-<pid>.json`` every ``DUMP_EVERY_S`` seconds and at exit (a worker
that the pool stops may lose its last seconds). A sample costs a walk of cached code objects: about 1% of CPU.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from collections import Counter

PROFILE_DIR = os.environ.get("BENCH_PROFILE_DIR")
INTERVAL_S = 0.01
DUMP_EVERY_S = 2.0
# (fragment of a code object's file name, step): the innermost frame whose file matches names the sample's step.
STEPS = (
    ("pipelines/extraction/language.py", "langdetect"),
    ("pipelines/extraction/fingerprint.py", "content hash + MinHash"),
    ("pipelines/extraction/encoding.py", "decoding"),
    ("pipelines/extraction/", "extractor"),
    ("pipelines/archive/warc.py", "WARC record (gzip, write)"),
    ("pipelines/archive/duplicate_index.py", "duplicate decision"),
    ("pipelines/deduplicate.py", "duplicate decision"),
    ("pipelines/archive/", "SQLite + FTS store"),
    ("pipelines/store.py", "SQLite + FTS store"),
    ("pipelines/workers.py", "worker pool IPC (pickling, queues)"),
    ("concurrent/futures/", "worker pool IPC (pickling, queues)"),
    ("multiprocessing/", "worker pool IPC (pickling, queues)"),
    ("selectors.py", "idle in select (other threads' CPU)"),
)
OTHER = "other (Scrapy, Twisted, asyncio, middlewares, spider)"

_counts: Counter = Counter()
_labels: dict = {}  # code object -> step or None (cache: a sample costs a few dict lookups per frame)
_state = {"role": "", "last_dump": 0.0}


def _label(code) -> str | None:
    try:
        return _labels[code]
    except KeyError:
        name = code.co_filename.replace(os.sep, "/")
        _labels[code] = label = next((step for fragment, step in STEPS if fragment in name), None)
        return label


def _sample(signum, frame) -> None:
    step = None
    while frame is not None and step is None:
        step = _label(frame.f_code)
        frame = frame.f_back
    _counts[step or OTHER] += 1
    now = time.monotonic()
    if now - _state["last_dump"] > DUMP_EVERY_S:
        _dump()


def _dump() -> None:
    _state["last_dump"] = time.monotonic()
    path = os.path.join(PROFILE_DIR, f"{_state['role']}-{os.getpid()}.json")
    with open(path + ".tmp", "w") as out:
        json.dump({"role": _state["role"], "pid": os.getpid(), "interval_s": INTERVAL_S, "samples": _counts}, out)
    os.replace(path + ".tmp", path)


def _arm(role: str) -> None:
    _state["role"] = role
    _counts.clear()
    signal.signal(signal.SIGPROF, _sample)
    signal.setitimer(signal.ITIMER_PROF, INTERVAL_S, INTERVAL_S)


def _stop() -> None:
    """At exit: disarm the timer first (the interpreter's shutdown resets the SIGPROF handler, and a SIGPROF
    without its handler kills the process), then write the counts."""
    signal.setitimer(signal.ITIMER_PROF, 0)
    _dump()


def _arm_worker() -> None:
    """In a forked worker: timers are not inherited across fork(2), and the worker's counts are its own."""
    import multiprocessing.util

    _arm("worker")
    multiprocessing.util.Finalize(None, _dump, exitpriority=0)  # multiprocessing runs these before os._exit


def _role() -> str:
    """The crawl's tree starts two kinds of interpreter: the crawler (``-m scrapy``) and multiprocessing's helpers
    (``-c``: the forkserver, the resource tracker)."""
    return "multiprocessing-helper" if sys.argv[:1] == ["-c"] else "crawler"


if PROFILE_DIR:
    import atexit

    _arm(_role())
    atexit.register(_stop)
    os.register_at_fork(after_in_child=_arm_worker)
