"""When a page was published, read from its markup: declared values first, then what the page prints.

The string formats themselves are read by ``dates``; this module decides which of a page's dates is its own.
"""

from __future__ import annotations

import html as html_module
from collections.abc import Iterator

from htmldate import find_date
from lxml.html import HtmlElement

from .clean import INVISIBLE_TAGS, compact, name_words, names_the_site, page_text, remembered, select_texts
from .dates import (
    DNUM_RE,
    VN_TZ,
    decode_dnum,
    find_dateline,
    find_labelled_date,
    parse_date,
    read_printed_date,
)
from .meta import squash

# An ISO 8601 time of day that is no more than the day itself (htmldate's guess when it found no time).
MIDNIGHT = "T00:00:00"
# The headline's date is looked for in the elements that follow the headline until this many characters of text
# have gone by: templates print the date in the line under the headline ("Thảo luận trong ... bắt đầu bởi cuLong,
# 14/12/12"), before the standfirst; past that the dates belong to other things (comments, related stories).
HEADLINE_DATE_WINDOW_CHARS = 200
# A headline shorter than this (compact characters) is not matched against the title.
HEADLINE_MIN_CHARS = 10

_DATE_WORDS = {"date", "time", "datetime", "timestamp", "pubdate", "dateline", "published", "posted",
               "ngay", "ngaydang", "thoigian"}


def first_date(values: list[str]) -> str | None:
    return next((d for d in (parse_date(v) for v in values) if d), None)


def published(tree: HtmlElement, declared: list[str], selectors: list[str], title: str | None) -> str | None:
    """The declared date, else a hinted element's, else the date printed under the headline, else htmldate's guess,
    else one printed in the page's text.

    The headline's date comes before htmldate's: htmldate takes the first date-like element of the whole page,
    which on a forum thread or a page with a "latest news" box may be another post's. htmldate often knows only
    the day (its guess is then midnight): a date printed on that same day carries the time ("Thứ Hai, 06/01/2025
    - 10:15") and wins.
    """
    found = first_date(declared) or _hinted_date(tree, selectors)
    if found:
        return found
    under_headline = _headline_date(tree, title)
    if _has_time(under_headline):
        return under_headline
    guessed = _htmldate(tree)
    if under_headline and not (_has_time(guessed) and guessed[:10] == under_headline[:10]):
        return under_headline
    if _has_time(guessed):
        return guessed
    printed = _printed_date(tree, selectors)
    if printed and (not guessed or printed[:10] == guessed[:10]):
        return printed
    return guessed


def _has_time(value: str | None) -> bool:
    return bool(value) and not value[10:].startswith(MIDNIGHT)


def _printed_date(tree: HtmlElement, selectors: list[str]) -> str | None:
    """A Vietnamese dateline (also one a script writes into the page), else a labelled publication stamp
    ("Published on ..."), else the OneCMS DNUM token (hinted first)."""
    body_text = html_module.unescape(page_text(tree))
    return (find_dateline(body_text) or find_labelled_date(body_text)
            or decode_dnum(" ".join(select_texts(tree, selectors))) or decode_dnum(body_text))


def _hinted_date(tree: HtmlElement, selectors: list[str]) -> str | None:
    for text in select_texts(tree, selectors):
        found = parse_date(DNUM_RE.sub(" ", text))
        if found:
            return found
    return None


def _htmldate(tree: HtmlElement) -> str | None:
    """htmldate's guess (it reads the tree as it is, and prunes a copy of its own before its text search)."""
    try:
        found = find_date(tree, extensive_search=False, original_date=True,
                          outputformat="%Y-%m-%dT%H:%M:%S")
    except Exception:  # a third-party heuristic on arbitrary markup: its failure means no date, not a broken page
        return None
    return parse_date(found, VN_TZ) if found else None


# ---------------------------------------------------------------- the date under the headline

@remembered
def _date_named(value: str) -> bool:
    """A class or id that names a date or time ("date", "timePost", "DateTime", "post-date", "ngay-dang")."""
    return not _DATE_WORDS.isdisjoint(name_words(value))


def _headline_date(tree: HtmlElement, title: str | None) -> str | None:
    """The first date in an element named for a date or time that follows the page's headline closely.

    Read from the element's machine-readable attributes and its text, preferring a reading that carries the time
    (XenForo prints "14/12/12" and keeps "14/12/12 at 16:18" in the title attribute).
    """
    headline = _headline(tree, title)
    if headline is None:
        return None
    page = None
    for elem in _following_text_window(headline, HEADLINE_DATE_WINDOW_CHARS):
        if not (_date_named(elem.get("class")) or _date_named(elem.get("id"))):
            continue
        page = page or page_text(tree)
        readings = [read_printed_date(value, page)
                    for value in (elem.get("datetime"), elem.get("title"), squash(elem.text_content()))]
        readings = [reading for reading in readings if reading]
        if readings:
            return next((reading for reading in readings if _has_time(reading)), readings[0])
    return None


def _headline(tree: HtmlElement, title: str | None) -> HtmlElement | None:
    """The first h1-h3 that shows the page's title: all of it, or the part before or after the site's name
    ("Headline - Ảnh | Site"), or the title and more (a label inside the heading). Not the site's logo."""
    wanted = compact(title or "")
    if len(wanted) < HEADLINE_MIN_CHARS:
        return None
    for elem in tree.iter("h1", "h2", "h3"):
        shown = compact(squash(elem.text_content()))
        if len(shown) >= HEADLINE_MIN_CHARS and (
                wanted.startswith(shown) or wanted.endswith(shown) or wanted in shown) and not names_the_site(elem):
            return elem
    return None


def _following_text_window(start: HtmlElement, max_chars: int) -> Iterator[HtmlElement]:
    """The elements after ``start`` in document order (not its own), until ``max_chars`` of text have gone by."""
    seen = 0
    node = start
    while node is not None:
        for sibling in node.itersiblings():
            for elem in sibling.iter():
                if not isinstance(elem.tag, str):
                    continue
                if seen > max_chars:
                    return
                yield elem
                if elem.tag not in INVISIBLE_TAGS:
                    seen += len((elem.text or "").strip())
                seen += len((elem.tail or "").strip())
        node = node.getparent()
