"""Platform-level extraction hints, as data.

A site registry entry names its platform (``platform = "onecms"``); the registry (``crawler.registry``) resolves
a site's complete hints once, when it loads, with ``merge_hints``: the registry's own ``[platforms.<name>]`` table,
then the site's hints, then the built-in hints of its platform below. ``extract_article`` uses the hints it is given
as they are. Keys:

- ``prefer``: CSS selectors for the body container, tried in order; the first that matches an element with enough
  text is extracted on its own (the whole page is the fallback).
- ``drop``: CSS selectors of boilerplate removed before extraction.
- ``title`` / ``lead`` / ``author`` / ``date`` / ``tags``: CSS selectors read for metadata when the generic sources
  (JSON-LD, meta tags) are missing.

Only markup shared by every site of a platform belongs here; the generic rules must work without any hint.
"""

from __future__ import annotations

PLATFORMS: dict[str, dict[str, list[str]]] = {
    # OneCMS (NEKO): baonghean.vn, baohaiphong.vn, baodanang.vn, hanoimoi.vn, ...
    "onecms": {
        "prefer": ["div.b-maincontent article.entry", "article.entry", "div.b-maincontent"],
        "drop": [
            "div.c-box",
            ".js-source-copy",
            "div.c-widget-tags",
            ".onecms__tags",
            ".sc-longform-header-date",
            ".sc-longform-header-author",
            ".c-detail-head__author",
            ".c-detail-head__time",
        ],
        "title": ["h1.sc-longform-header-title", "h1.c-detail-head__title"],
        "lead": ["p.sc-longform-header-sapo", ".sc-longform-header-sapo", ".c-detail-head__sapo"],
        "author": ["span.sc-longform-header-author", "span.c-detail-head__author"],
        "date": ["span.sc-longform-header-date", ".c-detail-head__time"],
        "tags": ["div.c-widget-tags.onecms__tags a", ".onecms__tags a"],
    },
    # the "article__" / zce family: baohatinh.vn, baogialai.com.vn, baolaocai.vn, ...
    "zce": {
        "prefer": [".article__body.cms-body", ".article__body"],
        "drop": [".article__tag", ".article__author"],
        "title": [".article__title.cms-title", "h1.article__title"],
        "lead": ["div.article__sapo.cms-desc", ".article__sapo"],
        "author": ["div.article__author"],
        "tags": ["div.article__tag a"],
    },
}
PLATFORMS["article"] = PLATFORMS["zce"]  # the registry's name for the same family
PLATFORMS.update({
    "dcontent": {
        "prefer": ["div#dcontent"],
    },
    "newscontents": {
        "prefer": ["#newscontents .content-fck", "#newscontents"],
        "lead": [".detail-desc p", ".detail-desc"],
    },
})

HINT_KEYS = ("prefer", "drop", "title", "lead", "author", "date", "tags")


def merge_hints(*sources: dict | None) -> dict[str, list[str]]:
    """Every hint key, each a list of selectors: the sources' selectors in order, first occurrence kept.

    With one source it only normalises (missing keys become empty lists, other keys such as "platform" are ignored).
    """
    merged: dict[str, list[str]] = {key: [] for key in HINT_KEYS}
    for source in sources:
        for key in HINT_KEYS:
            for value in (source or {}).get(key) or []:
                if value not in merged[key]:
                    merged[key].append(value)
    return merged
