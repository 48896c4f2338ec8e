"""Language detection with langdetect: deterministic (fixed seed) and bounded in cost (sampled text).

langdetect is pure Python and, even on the bounded sample, costs about as much as extracting a page: it runs with
the rest of ``analyse_page`` in the crawler's worker pool.
"""

from __future__ import annotations

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException


UNDETERMINED = "und"
# Characters of the text langdetect judges (LANGDETECT_SAMPLE_CHARS): bench/language.py's figures are in
# crawler/settings.py.
DEFAULT_SAMPLE_CHARS = 500


def language_sample(text: str, max_chars: int) -> str:
    """Beginning and middle of a long text: enough for langdetect, cost independent of the text's length."""
    if len(text) <= max_chars:
        return text
    half = max_chars // 2
    middle = len(text) // 2
    return text[:half] + "\n" + text[middle:middle + half]


def detect_language(text: str, *, seed: int = 0, sample_chars: int = DEFAULT_SAMPLE_CHARS,
                    min_chars: int = 40) -> tuple[str, float]:
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

