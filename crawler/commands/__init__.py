"""The project's Scrapy commands (``COMMANDS_MODULE``): ``scrapy reextract``, ``scrapy archiver``,
``scrapy extract``, ``scrapy report``. Each gets ``-s NAME=VALUE``, ``-L``, ``--logfile`` and the project settings
from Scrapy itself; the replays run as real crawls (``crawler/spiders/replay.py``)."""

from __future__ import annotations

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings


def replay_process(settings: Settings, item_pipelines: dict[str, int], extensions: dict[str, int]) -> CrawlerProcess:
    """A crawler process for a replay: these pipelines and extensions only, Scrapy's own scheduler (a replay
    requests nothing, also under the distributed settings), no JOBDIR."""
    settings = settings.copy()
    settings.set("ITEM_PIPELINES", item_pipelines, priority="cmdline")
    settings.set("EXTENSIONS", extensions, priority="cmdline")
    settings.set("SCHEDULER", "scrapy.core.scheduler.Scheduler", priority="cmdline")
    settings.set("JOBDIR", None, priority="cmdline")
    return CrawlerProcess(settings)
