"""Article extraction: ``extract_article(html, url, hints) -> dict`` or ``NotAnArticle(reason)``.

trafilatura is the engine; this package pre-cleans the page (captions, generic boilerplate, platform hints), reads
metadata from machine-readable sources, and post-processes the text. See ``core.extract_article``.
"""

from .core import DEFAULT_MIN_WORDS, NotAnArticle, extract_article
from .platforms import PLATFORMS

__all__ = ["DEFAULT_MIN_WORDS", "NotAnArticle", "PLATFORMS", "extract_article"]
