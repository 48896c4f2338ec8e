"""Imported by the worker pool's forkserver only (pipelines/workers.py PRELOAD), never by the crawler itself.

Everything imported and loaded here is done once, in the forkserver, before it forks the workers: their copies of
these pages are shared with it (copy-on-write) instead of each worker loading its own. langdetect's language
profiles are the big item (~60 MB per process when loaded lazily in each worker).
"""

import pipelines.deduplicate  # noqa: F401
import pipelines.extract  # noqa: F401
from pipelines.language import detect_language

detect_language("Ha Long Bay welcomed nearly six million visitors in the first six months of the year.")
