"""Teaser lists: the text of a tag, section or search page is the sapos of the articles it links to.

trafilatura drops a listing's headline links as link text but keeps each teaser's summary paragraph, so the
"body" of a tag page reads like short prose. What gives it away is the DOM around each kept line: a small block
that holds nothing but a headline link to another page and that line. An article's paragraphs sit in a body
container whose text is far longer than any one of them, even when it holds inline "Xem thêm" links.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from .text import compact

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
    summaries = _summary_elements(tree)
    teasers = sum(1 for line in lines if any(_is_teaser(elem) for elem in summaries.get(compact(line), ())))
    return teasers >= LISTING_MIN_TEASERS and teasers >= LISTING_TEASER_SHARE * len(lines)


def _summary_elements(tree: HtmlElement) -> dict[str, list[HtmlElement]]:
    """Link-free elements that could be a line's source, by the compact form of their text."""
    found: dict[str, list[HtmlElement]] = {}
    for elem in tree.iter(*SUMMARY_TAGS):
        if elem.find(".//a") is None:
            key = compact(elem.text_content())
            if key:
                found.setdefault(key, []).append(elem)
    return found


def _is_teaser(summary: HtmlElement) -> bool:
    """The summary's parent block holds a headline link outside the summary and little else."""
    block = summary.getparent()
    if block is None:
        return False
    headlines = [compact(a.text_content()) for a in block.iter("a")
                 if len(a.text_content().split()) >= HEADLINE_MIN_WORDS]
    if not headlines:
        return False
    expected = len(compact(summary.text_content())) + sum(map(len, headlines))
    return len(compact(block.text_content())) <= expected * (1 + TEASER_BLOCK_SLACK)
