"""Imported by the worker pool's forkserver only (pipelines/workers.py PRELOAD), never by the crawler itself.

Everything imported and loaded here is done once, in the forkserver, before it forks the workers: their copies of
these pages are shared with it (copy-on-write) instead of each worker loading its own. langdetect's language
profiles are the big item (~60 MB per process when loaded lazily in each worker).
"""

import gc

import pipelines.archive.warc  # noqa: F401  encode_record (warcio)
import pipelines.workers  # its _call runs every task (and imports Scrapy, which workers then share)
from pipelines.extraction.analyse import analyse_page  # noqa: F401
from pipelines.extraction.fingerprint import fingerprint
from pipelines.extraction.language import detect_language

pipelines.workers.die_with_parent()  # the forkserver: dies with the crawler (its workers die with it in turn)

SENTENCE = "Ha Long Bay welcomed nearly six million visitors in the first six months of the year."
detect_language(SENTENCE)
fingerprint(SENTENCE)  # imports datasketch (the crawler process never does)

# Out of the garbage collector's reach: a collection in a worker would otherwise write to every preloaded container
# object and so copy all their pages into the worker (measured: 60 MB less in all for the forkserver and 2 workers).
gc.freeze()
