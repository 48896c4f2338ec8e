"""Scrapy settings for the provincial news archive. Every project default lives here, documented.

Override any of them per run with ``-s NAME=value`` (or ``ARCHIVE_DB`` / ``SITES_REGISTRY`` in the environment).
"""

import os
from pathlib import Path

from pipelines.extraction.options import DEFAULT_MIN_WORDS

BOT_NAME = "provincial-news-archive"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
COMMANDS_MODULE = "crawler.commands"  # scrapy reextract, archiver, extract, report

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# --- Project settings -------------------------------------------------------------------------------------
# The site registry (TOML) the `news` spider crawls.
SITES_REGISTRY = os.environ.get("SITES_REGISTRY", str(PROJECT_ROOT / "crawler" / "sites.toml"))
# The SQLite archive.
ARCHIVE_DB = os.environ.get("ARCHIVE_DB", str(PROJECT_ROOT / "data" / "archive.db"))
# Rows buffered by the store pipeline before one transaction writes them.
ARCHIVE_BATCH_SIZE = 100
# Pages whose clean body has fewer words are dropped as "too_short" (not an article).
EXTRACT_MIN_WORDS = DEFAULT_MIN_WORDS  # 60 (pipelines/extraction/options.py): the bench uses the same
# Near-duplicate detection: MinHash permutations, word-shingle size and Jaccard threshold.
DEDUP_NUM_PERM = 128
DEDUP_SHINGLE_SIZE = 5
DEDUP_THRESHOLD = 0.8
# langdetect: fixed seed (deterministic results), characters sampled from the text (1000: same language as the
# whole text on all 108 texts of bench/language.py, 92 of them real article bodies, at 2.7 ms against 4.2 ms for
# 2000), and the minimum text length below which the language is "und".
LANGDETECT_SEED = 0
LANGDETECT_SAMPLE_CHARS = 1000
LANGDETECT_MIN_CHARS = 40
# Incremental runs (crawler.middlewares.ArchivedArticlesMiddleware): article URLs already archived are not fetched
# again, except articles published in the last REVISIT_DAYS days, revisited with conditional requests.
INCREMENTAL = True
REVISIT_DAYS = 7
# Article requests normally bypass Scrapy's duplicate filter (see NewsSpider.start); on scrapy-redis the shared
# filter is what keeps workers from fetching the same article (crawler/settings_distributed.py).
SHARED_DUPEFILTER = False
# The raw archive: every fetched article response in gzip WARC files, rotated at WARC_MAX_BYTES or daily,
# under WARC_DIR (empty: a "warc" directory next to ARCHIVE_DB).
WARC_ENABLED = True
WARC_DIR = os.environ.get("WARC_DIR", "")
WARC_MAX_BYTES = 256 * 1024 * 1024
# Section pages followed per site through "next page" links, counted from each start URL.
SECTION_MAX_PAGES = 20

# --- Worker pool (pipelines/workers.py) --------------------------------------------------------------------
# The analysis of each page (extraction, language detection, fingerprints: pipelines.extraction.analyse_page) runs
# as one task in this many worker processes, off the reactor thread: default one per core (os.cpu_count()); 0 runs them in-process on the reactor thread (debugging, and the
# reference a pooled crawl is compared with: the archive is the same whatever the pool size). Back-pressure is
# Scrapy's own: responses whose items are in the pipelines count towards SCRAPER_SLOT_MAX_ACTIVE_SIZE.
WORKER_PROCESSES = os.cpu_count() or 1
# Test and debugging only: a worker given a page whose URL contains this substring dies abruptly (os._exit), as
# a segfault or an out-of-memory kill would kill it; the page is recorded as failed ("worker_crashed") and the
# crawl goes on. Empty: off. Ignored when WORKER_PROCESSES is 0.
WORKER_CRASH_ON_URL = ""
# Items processed in parallel per response. Scrapy starts this many asyncio tasks for every response, whatever
# it yields, and an article response yields one item: Scrapy's default (100) costs 100 task creations per page
# on the reactor thread. Concurrency across responses is unaffected (CONCURRENT_REQUESTS and the scraper slot).
CONCURRENT_ITEMS = 4
# --- end of worker pool ------------------------------------------------------------------------------------

# --- Politeness -------------------------------------------------------------------------------------------
CONTACT_URL = os.environ.get("CRAWLER_CONTACT_URL", "https://github.com/provincial-news-archive")
USER_AGENT = f"ProvincialNewsArchive/0.1 (+{CONTACT_URL})"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
# Per-domain overrides of concurrency and delay: DOWNLOAD_SLOTS = {"baonghean.vn": {"concurrency": 1, "delay": 2}}
DOWNLOAD_SLOTS = {}
# Many sites in one run: the scheduler hands out requests of the domains with the fewest active downloads first,
# so one slow site does not stall the others.
SCHEDULER_PRIORITY_QUEUE = "scrapy.pqueues.DownloaderAwarePriorityQueue"
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# 429/503 retries wait: the Retry-After header's delay (seconds or HTTP date), else RETRY_BACKOFF_BASE * 2**n
# seconds capped at RETRY_BACKOFF_MAX; the whole domain pauses meanwhile (crawler.middlewares). A server asking
# for more than RETRY_AFTER_MAX seconds is not waited for: the page is recorded as failed.
RETRY_BACKOFF_HTTP_CODES = [429, 503]
RETRY_BACKOFF_BASE = 5.0
RETRY_BACKOFF_MAX = 300.0
RETRY_AFTER_MAX = 3600.0
DOWNLOAD_TIMEOUT = 30
# Run limits (Scrapy's CloseSpider extension; 0 = none): CLOSESPIDER_TIMEOUT seconds, CLOSESPIDER_ITEMCOUNT
# articles, CLOSESPIDER_PAGECOUNT responses, CLOSESPIDER_ERRORCOUNT errors. Per site: `-a max_articles=N`.
CLOSESPIDER_TIMEOUT = 0
CLOSESPIDER_ITEMCOUNT = 0
# News pages are small; anything larger is not an article and is cut off with a logged reason.
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024

# --- Components -------------------------------------------------------------------------------------------
ITEM_PIPELINES = {
    "pipelines.warc.WarcPipeline": 50,
    "pipelines.analyse.AnalysePipeline": 100,  # extraction, language and fingerprints: one worker task per page
    "pipelines.deduplicate.DeduplicatePipeline": 200,
    "pipelines.store.StorePipeline": 400,
}
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.RetryAfterMiddleware": 550,  # the stock RetryMiddleware's place
}
# Output passes from the spider through the higher numbers first: the archive's gate, then the article budget.
SPIDER_MIDDLEWARES = {
    "crawler.middlewares.ArchivedArticlesMiddleware": 560,
    "crawler.middlewares.ArticleBudgetMiddleware": 550,
}
EXTENSIONS = {
    "crawler.extensions.CrawlRecorder": 100,
}

# Standard Scrapy behaviour for a modern project.
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
TELNETCONSOLE_ENABLED = False
