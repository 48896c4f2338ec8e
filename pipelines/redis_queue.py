"""Distributed crawls: workers hand their items to the archiver through a Redis list (scrapy-redis).

Many crawler processes, on many machines, share scrapy-redis's request queue and duplicate filter; SQLite has one
writer, so workers do not store: this pipeline pushes each extracted article (and each page that could not be
archived, with its reason) onto ``REDIS_ITEMS_KEY``; the archiver (``scrapy archiver``) deduplicates and stores
them into the archive. Articles travel with their fingerprints, so the archiver computes nothing.
"""

from __future__ import annotations

import base64
import dataclasses
import json

from scrapy import signals
from scrapy_redis import connection
from scrapy_redis.pipelines import RedisPipeline
from twisted.internet.threads import deferToThread

from pipelines.extraction.page import Article, FailedPage, NotModified
from pipelines.not_archived import NotArchived

ITEM_TYPES = {cls.__name__: cls for cls in (Article, FailedPage, NotModified)}


def _encode_bytes(value):
    if isinstance(value, bytes):
        return {"__bytes__": base64.b64encode(value).decode("ascii")}
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _decode_bytes(obj: dict):
    return base64.b64decode(obj["__bytes__"]) if set(obj) == {"__bytes__"} else obj


def serialize(item) -> str:
    """An item as JSON: its type and its fields."""
    return json.dumps({"type": type(item).__name__, "fields": dataclasses.asdict(item)}, ensure_ascii=False,
                      default=_encode_bytes)


def deserialize(data: bytes | str):
    message = json.loads(data, object_hook=_decode_bytes)
    return ITEM_TYPES[message["type"]](**message["fields"])


class ArchiveQueuePipeline(RedisPipeline):
    """The workers' last pipeline: every item, and every page a pipeline dropped, goes to the archiver."""

    def __init__(self, server, key, stats, spider_name: str = "news"):
        super().__init__(server, key % {"spider": spider_name}, serialize)
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        pipeline = cls(connection.from_settings(settings), settings.get("REDIS_ITEMS_KEY"), crawler.stats)
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        return pipeline

    def push(self, item):
        self.server.rpush(self.key, self.serialize(item))
        self.stats.inc_value("redis_queue/pushed")
        return item

    def process_item(self, item):
        return deferToThread(self.push, item)  # a network round trip: off the reactor thread

    def item_dropped(self, item, response, exception, spider=None):
        if isinstance(exception, NotArchived):
            self.push(exception.failed_page)
