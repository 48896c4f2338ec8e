"""Settings for a crawl spread over many processes and machines, on scrapy-redis.

    export SCRAPY_SETTINGS_MODULE=crawler.settings_distributed REDIS_URL=redis://queue-host:6379/0
    scrapy crawl news            # on every crawler machine, as many as you like
    python -m pipelines.archiver # on the machine that holds data/archive.db

Workers share scrapy-redis's request queue and duplicate filter: each article URL is fetched by one worker, once
(the filter persists across runs, so a scheduled run fetches only URLs never requested before). Each worker keeps
the raw pages in its own WARC directory, extracts and detects the language (the CPU-heavy steps), and hands the
result to the archiver through a Redis list; the archiver deduplicates and stores, as the archive's one writer.
"""

import os

from crawler.settings import *  # noqa: F401,F403  everything else as on one machine

SCHEDULER = "scrapy_redis.scheduler.Scheduler"
DUPEFILTER_CLASS = "scrapy_redis.dupefilter.RFPDupeFilter"
SCHEDULER_PERSIST = True  # a worker that finishes must not clear the queue the others still work on
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
REDIS_ITEMS_KEY = "%(spider)s:items"

# Article requests go through the shared duplicate filter instead of the archive lookup of a single machine
# (workers have no archive): the archive's spider middleware is left out; revisits are a single-machine feature.
SHARED_DUPEFILTER = True
SPIDER_MIDDLEWARES = {"crawler.middlewares.ArticleBudgetMiddleware": 550}

ITEM_PIPELINES = {
    "pipelines.warc.WarcPipeline": 50,
    "pipelines.analyse.AnalysePipeline": 100,  # the Article leaves with its fingerprints: the archiver computes nothing
    "pipelines.redis_queue.ArchiveQueuePipeline": 900,
}
EXTENSIONS = {}  # runs are recorded by the archiver, which owns the archive
