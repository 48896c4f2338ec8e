"""Article extraction: ``extract_article(html, url, hints) -> dict``, or ``NotAnArticle(reason)``.

trafilatura is the engine; this package decides what it sees and what of its output is kept:

1. metadata from machine-readable sources first (JSON-LD, OpenGraph/article meta, ``<link rel=canonical>``,
   ``<time datetime>``), then the DOM (h1, sapo/standfirst, byline, tag links), htmldate, and only as a last resort
   the OneCMS ``DNUM_...`` date token (``meta.py``, ``dates.py``);
2. pre-cleaning of a copy of the tree (``clean.py``): captions recorded as data and replaced by marked paragraphs,
   hidden and boilerplate-named containers removed (with a size guard), "More stories" headings with their link
   lists, link-only paragraphs, bodies split around ads joined, platform/site hint selectors dropped;
3. trafilatura (precision mode, its main extractor; the readability/justext comparison only as a rescue), run on
   the hinted body container when a platform names one;
4. line rules on its output (``text.py``): captions, credits, widget lines, datelines and footers removed;
   photo stories (narrative in captions) keep their captions as text; the lead is split off.

Result keys: url, canonical_url, title, lead, text, author, published, modified, tags, categories, description,
image, captions ([{image, caption, credit}]), page_type ("article" | "photo_story"), site_name, word_count (lead +
text). Dates are ISO 8601 with an offset (+07:00 when the page gives local time without one).

NotAnArticle.reason: "not_html", "no_body", "too_short", "listing_page".
"""

from .core import NotAnArticle, extract_article
from .options import DEFAULT_MIN_WORDS, ExtractionOptions
from .platforms import PLATFORMS

__all__ = ["DEFAULT_MIN_WORDS", "ExtractionOptions", "NotAnArticle", "PLATFORMS", "extract_article"]
