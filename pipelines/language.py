"""Language detection with langdetect: deterministic (fixed seed) and bounded in cost (sampled text).

langdetect is pure Python and, even on the bounded sample, costs about as much as extracting a page: it runs in
the crawler's worker pool when there is one (pipelines/workers.py).
"""

from __future__ import annotations

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

from pipelines.not_archived import NotArchived
from pipelines.workers import WorkerCrashed, pool_for

UNDETERMINED = "und"


def language_sample(text: str, max_chars: int) -> str:
    """Beginning and middle of a long text: enough for langdetect, cost independent of the text's length."""
    if len(text) <= max_chars:
        return text
    half = max_chars // 2
    middle = len(text) // 2
    return text[:half] + "\n" + text[middle:middle + half]


def detect_language(text: str, *, seed: int = 0, sample_chars: int = 1000, min_chars: int = 40) -> tuple[str, float]:
    """(ISO 639-1 code, probability), or ("und", 0.0) when the text is too short or has no letters to judge."""
    text = (text or "").strip()
    if len(text) < min_chars:
        return UNDETERMINED, 0.0
    DetectorFactory.seed = seed
    try:
        best = detect_langs(language_sample(text, sample_chars))[0]
    except LangDetectException:
        return UNDETERMINED, 0.0
    return best.lang, round(best.prob, 4)


class LanguagePipeline:
    """Adds ``language`` and ``language_prob`` to each article, from its clean text."""

    def __init__(self, stats, seed: int, sample_chars: int, min_chars: int, pool=None):
        self.stats = stats
        self.options = {"seed": seed, "sample_chars": sample_chars, "min_chars": min_chars}
        self.pool = pool

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(crawler.stats, settings.getint("LANGDETECT_SEED"), settings.getint("LANGDETECT_SAMPLE_CHARS"),
                   settings.getint("LANGDETECT_MIN_CHARS"), pool_for(crawler))

    def process_item(self, item):
        if not isinstance(item, dict):
            return item
        if self.pool is None:
            return self.label(item, detect_language(item.get("text") or "", **self.options))
        return self._detect_in_worker(item)

    async def _detect_in_worker(self, item: dict) -> dict:
        try:
            result = await self.pool.run(detect_language, item.get("text") or "", **self.options, tag=item["url"])
        except WorkerCrashed as exc:
            self.stats.inc_value("language/worker_crashed")
            raise NotArchived.worker_crashed(item["url"], exc) from None
        return self.label(item, result)

    def label(self, item: dict, result: tuple[str, float]) -> dict:
        item["language"], item["language_prob"] = result
        self.stats.inc_value(f"language/{item['language']}")
        return item
