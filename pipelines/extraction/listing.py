"""Teaser lists: the text of a tag, section or search page is the sapos of the articles it links to.

trafilatura drops a listing's headline links as link text but keeps each teaser's summary paragraph, so the
"body" of a tag page reads like short prose. What gives it away is the DOM around each kept line: a small block
that holds nothing but a headline link to another page and that line. An article's paragraphs sit in a body
container whose text is far longer than any one of them, even when it holds inline "Xem thêm" links.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from .clean import compact

# Link texts of at least this many words are headlines.
HEADLINE_MIN_WORDS = 3
# A teaser block's text is its headline and its summary, plus at most this share for a date, a label or a counter.
TEASER_BLOCK_SLACK = 0.3
# A listing has at least this many teaser lines, and they make at least this share of its lines.
LISTING_MIN_TEASERS = 3
LISTING_TEASER_SHARE = 0.5
# Elements that can hold a teaser's summary line.
SUMMARY_TAGS = ("p", "div", "span", "h4", "h5")


def is_teaser_list(tree: HtmlElement, lines: list[str]) -> bool:
    """True when most body ``lines`` are summaries standing next to a headline link, each in a block of its own."""
    keys = [compact(line) for line in lines]
    summaries = _summary_elements(tree, set(keys))
    headlines = _BlockHeadlines()
    teasers = sum(1 for key in keys if any(_is_teaser(elem, headlines) for elem in summaries.get(key, ())))
    return teasers >= LISTING_MIN_TEASERS and teasers >= LISTING_TEASER_SHARE * len(lines)


class _BlockHeadlines(dict):
    """The compact headline link texts of a block, read once per block: an article's lines share one parent (the
    body container), whose links would otherwise be read again for every line."""

    def __missing__(self, block: HtmlElement) -> list[str]:
        texts = (a.text_content() for a in block.iter("a"))
        self[block] = found = [compact(text) for text in texts if len(text.split()) >= HEADLINE_MIN_WORDS]
        return found


def _summary_elements(tree: HtmlElement, keys: set[str]) -> dict[str, list[HtmlElement]]:
    """Link-free elements whose text is one of the lines (by compact form ``keys``), by that compact form.

    An element whose text is longer than the longest line is no line's source: its text is read no further.
    """
    longest = max(map(len, keys), default=0)
    found: dict[str, list[HtmlElement]] = {}
    for elem in tree.iter(*SUMMARY_TAGS):
        if elem.find(".//a") is None and not _compact_longer(elem, longest):
            key = compact(elem.text_content())
            if key and key in keys:
                found.setdefault(key, []).append(elem)
    return found


def _is_teaser(summary: HtmlElement, block_headlines: _BlockHeadlines) -> bool:
    """The summary's parent block holds a headline link outside the summary and little else."""
    block = summary.getparent()
    if block is None:
        return False
    headlines = block_headlines[block]
    if not headlines:
        return False
    expected = len(compact(summary.text_content())) + sum(map(len, headlines))
    return not _compact_longer(block, expected * (1 + TEASER_BLOCK_SLACK))


def _compact_longer(elem: HtmlElement, limit: float) -> bool:
    """Whether the compact form of the element's text is longer than ``limit``, read only as far as it takes.

    The block around a line is often the whole page's container; a compact form's length is the sum of its
    pieces' (it only drops characters and lower-cases), so the walk stops once past the limit.
    """
    length = 0
    for piece in elem.itertext():
        length += len(compact(piece))
        if length > limit:
            return True
    return False
