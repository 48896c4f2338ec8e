"""Article extraction: ``extract_article(html, url, hints) -> dict``, or ``NotAnArticle(reason)``.

trafilatura is the engine; this package decides what it sees and what of its output is kept:

1. metadata from machine-readable sources first (JSON-LD, OpenGraph/article meta, ``<link rel=canonical>``,
   ``<time datetime>``), then the DOM (h1, sapo/standfirst, byline, a right-aligned signature, tag links),
   htmldate, a printed Vietnamese dateline, and only as a last resort the OneCMS ``DNUM_...`` date token
   (``meta.py``, ``dates.py``); a meta author that is the publisher itself is no author;
2. pre-cleaning of a copy of the tree (``clean.py``): captions (also photo-table cells) recorded as data and
   replaced by marked paragraphs,
   hidden and boilerplate-named containers removed (with a size guard), "More stories" headings with their link
   lists, link-only paragraphs, bodies split around ads joined, platform/site hint selectors dropped;
3. trafilatura (precision mode, its main extractor; the readability/justext comparison only as a rescue), run on
   the hinted body container when a platform names one;
4. line rules on its output (``text.py``): captions, credits ("Tin, ảnh: X"), signatures, widget lines, datelines
   and footers removed; photo stories (narrative in captions) keep their captions as text; the lead is split off;
5. the floor: when that body is too short, or far smaller than the page's paragraph text, stock trafilatura runs
   too, and its text (through the same line rules) replaces the project's if it holds an article the project's
   does not (``core.needs_stock_check``, ``core.better_body``).

Result keys: url, canonical_url, title, lead, text, author, published, modified, tags, categories, description,
image, captions ([{image, caption, credit}]), page_type ("article" | "photo_story"), site_name, word_count (lead +
text), extracted_by ("project", or "trafilatura" when stock trafilatura's text replaced the project's: the floor
that keeps the project from ever archiving less than stock, see ``core.better_body``). Dates are ISO 8601 with an
offset (+07:00 when the page gives local time without one).

NotAnArticle.reason: "not_html", "no_body", "too_short", "listing_page".
"""

from .core import NotAnArticle, extract_article
from .options import DEFAULT_MIN_WORDS, ExtractionOptions
from .platforms import PLATFORMS

__all__ = ["DEFAULT_MIN_WORDS", "ExtractionOptions", "NotAnArticle", "PLATFORMS", "extract_article"]
