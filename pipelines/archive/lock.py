"""The archive's writer lock: one writing run (crawl, re-extraction, archiver) at a time."""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path


class ArchiveLocked(RuntimeError):
    """Another process (a crawl or a re-extraction) is writing this archive."""


@contextlib.contextmanager
def exclusive(path: str | Path, *, wait: bool = False):
    """Hold the archive's writer lock (``<db>.lock``, flock) for a whole run; released even on SIGKILL."""
    lock_path = Path(f"{path}.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise ArchiveLocked(f"{path} is being written by another run ({holder}); "
                                f"this run exits without touching it") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()

