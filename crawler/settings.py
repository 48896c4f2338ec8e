"""Scrapy settings for the provincial news archive. Every project default lives here, documented.

Override any of them per run with ``-s NAME=value`` (or ``ARCHIVE_DB`` / ``SITES_REGISTRY`` in the environment).
"""

import os
from pathlib import Path

from pipelines.extraction.language import DEFAULT_SAMPLE_CHARS
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
# ... or when the oldest pending write has waited this long: a slow crawl killed half-way keeps what it fetched.
ARCHIVE_BATCH_SECONDS = 5.0
# Pages whose clean body has fewer words are dropped as "too_short" (not an article).
EXTRACT_MIN_WORDS = DEFAULT_MIN_WORDS  # 60 (pipelines/extraction/options.py): the bench uses the same
# Near-duplicate detection: MinHash permutations, word-shingle size and Jaccard threshold.
DEDUP_NUM_PERM = 128
DEDUP_SHINGLE_SIZE = 5
DEDUP_THRESHOLD = 0.8
# True: load every archived signature into memory at the start (the former index: memory and start-up grow with
# the archive, about 1.3 KB per article), instead of indexed lookups per article. The tests' reference.
DEDUP_PRELOAD = False
# langdetect: fixed seed (deterministic results), characters sampled from the text, and the minimum text length
# below which the language is "und". Sample: bench/language.py on 226 texts (the real pages' texts as the crawl
# extracts them and their ground truths, English, Vietnamese and 6 other languages; the sample sites): 500
# characters give every Vietnamese and English text the language of the whole text but one English page with
# Portuguese passages (whose crawl text 1000 characters already call Portuguese), the same probability as 1000 on
# all the others, at 3.3 ms per text against 4.5 ms for 1000 and 5.8 ms for 2000; 300 is no cheaper (langdetect's
# trials, not the sample, then dominate).
LANGDETECT_SEED = 0
LANGDETECT_SAMPLE_CHARS = DEFAULT_SAMPLE_CHARS  # 500 (pipelines/extraction/language.py)
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
# zlib level of the WARC records (1 fastest .. 9 smallest). 4: 1.8 ms per real page against 4.9 ms at warcio's 9,
# for 5.4% more bytes (pipelines/archive/warc.py has the figures of each level).
WARC_GZIP_LEVEL = 4
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
# Seconds one page's analysis may take in a worker (0: no limit; no limit either when WORKER_PROCESSES is 0). Past
# it the worker is killed and the page recorded as "worker_timeout" (its raw page stays in the WARC files): real
# articles take well under a second; a 12 MB page took minutes and 650 MB.
WORKER_TASK_TIMEOUT = 60
# Items processed in parallel per response. Scrapy starts this many asyncio tasks for every response, whatever
# it yields, and an article response yields one item: Scrapy's default (100) costs 100 task creations per page
# on the reactor thread. Concurrency across responses is unaffected (CONCURRENT_REQUESTS and the scraper slot).
CONCURRENT_ITEMS = 4
# --- end of worker pool ------------------------------------------------------------------------------------

# --- Politeness -------------------------------------------------------------------------------------------
CONTACT_URL = os.environ.get("CRAWLER_CONTACT_URL", "https://github.com/provincial-news-archive")
USER_AGENT = f"ProvincialNewsArchive/0.1 (+{CONTACT_URL})"
ROBOTSTXT_OBEY = True
CRAWL_DELAY_MAX = 30.0  # seconds: a robots.txt Crawl-delay is honoured up to this (crawler.middlewares)
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
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "crawler.middlewares.OffsiteMiddleware": 50,  # the stock one's place, without its dont_filter exemption
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.RobotsTxtMiddleware": 100,  # an unreadable robots.txt disallows, as RFC 9309 says
    "crawler.middlewares.CrawlDelayMiddleware": 110,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.RetryAfterMiddleware": 550,  # the stock RetryMiddleware's place
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.MetaRefreshMiddleware": 580,  # the stock one's place; decodes only the page's head
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
