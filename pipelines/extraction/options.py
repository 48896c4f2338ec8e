"""ExtractionOptions: what ``extract_article`` is tuned by, in one value shared by the crawl and the bench.

Only the knobs a caller has a reason to turn live here; the heuristics' own thresholds are constants of the
modules that apply them.
"""

from __future__ import annotations

from dataclasses import dataclass

# The crawl's EXTRACT_MIN_WORDS: the archive was built with it, so the bench measures the same cut.
DEFAULT_MIN_WORDS = 60
# Cleaning rules that can be switched off one by one, to measure what each is worth.
RULES = ("boilerplate", "thread_replies", "headed_lists", "link_blocks", "split_bodies", "div_paragraphs", "sentence_spans", "borderless_styles", "layout_tables", "subheadings", "alt_captions", "line_rules")


@dataclass(frozen=True)
class ExtractionOptions:
    """How to extract.

    min_words: fewer words (lead + text) than this is ``too_short``.
    favor_precision: trafilatura's precision mode (keeps the lead and subheadings, drops more widgets).
    fast: never run trafilatura's readability/justext comparison, not even as a rescue for pages where its main
        extractor finds less than ``min_words``, nor in the stock trafilatura run of the floor.
    rules_off: names of cleaning rules (``RULES``) to switch off.
    """

    min_words: int = DEFAULT_MIN_WORDS
    favor_precision: bool = True
    fast: bool = False
    rules_off: tuple[str, ...] = ()

    def __post_init__(self):
        # a list from JSON (bench --kwargs) becomes a tuple, so the options stay hashable; a misspelt rule would
        # silently measure nothing
        object.__setattr__(self, "rules_off", tuple(self.rules_off))
        unknown = sorted(set(self.rules_off) - set(RULES))
        if unknown:
            raise ValueError(f"unknown rules {unknown} (known: {list(RULES)})")

    def rule_on(self, name: str) -> bool:
        return name not in self.rules_off
