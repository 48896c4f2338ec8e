"""Page metadata from machine-readable sources: JSON-LD, OpenGraph/article meta tags, <link>, <time>.

Also the cleaning of the human-readable values that end up in metadata: authors (no dates, tokens or credits) and
titles (no site-name suffix).
"""

from __future__ import annotations

import json
import re
import unicodedata
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from .dates import DNUM_RE

ARTICLE_TYPES = {
    "article", "newsarticle", "reportagenewsarticle", "reportagenews", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "askpublicnewsarticle", "blogposting", "liveblogposting",
    "socialmediaposting", "report", "techarticle", "scholarlyarticle", "satiricalarticle", "advertisercontentarticle",
}
LISTING_TYPES = {"collectionpage", "itemlist", "searchresultspage", "profilepage"}

def squash(text: str | None) -> str:
    """Runs of whitespace as one space, none at the ends (str.split's whitespace is the regex ``\\s``'s, faster)."""
    return " ".join((text or "").split())


# ---------------------------------------------------------------- JSON-LD

def _walk(node, out: list[dict]) -> None:
    if isinstance(node, list):
        for item in node:
            _walk(item, out)
    elif isinstance(node, dict):
        out.append(node)
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in node:
                _walk(node[key], out)


def _types(obj: dict) -> set[str]:
    value = obj.get("@type") or []
    if isinstance(value, str):
        value = [value]
    return {str(v).lower().rsplit("/", 1)[-1] for v in value if v}


def jsonld_objects(tree: HtmlElement) -> list[dict]:
    objects: list[dict] = []
    for script in tree.iterfind('.//script[@type="application/ld+json"]'):
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            # common breakage: trailing commas, stray control characters
            try:
                data = json.loads(re.sub(r",\s*([}\]])", r"\1", raw), strict=False)
            except ValueError:
                continue
        _walk(data, objects)
    return objects


def _names(value) -> list[str]:
    """Names from a JSON-LD Person/Organization value (string, dict or list)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        return [name] if isinstance(name, str) else []
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def _first_str(value) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return _first_str(value.get("url") or value.get("@id") or value.get("name"))
    if isinstance(value, list):
        for item in value:
            found = _first_str(item)
            if found:
                return found
    return None


def _str_list(value) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list):
        return [s for v in value for s in _str_list(v)]
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return [value["name"]]
    return []


# ---------------------------------------------------------------- meta tags

def meta_tags(tree: HtmlElement) -> dict[str, list[str]]:
    """All <meta> values keyed by lower-cased property/name/itemprop, in document order."""
    found: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = meta.get("content")
        if key and content and content.strip():
            found.setdefault(key.strip().lower(), []).append(content.strip())
    return found


def _meta(metas: dict[str, list[str]], *keys: str) -> str | None:
    for key in keys:
        if metas.get(key):
            return metas[key][0]
    return None


# ---------------------------------------------------------------- authors

# the label of a Vietnamese credit naming the writer, alone or with the photographer's or film-maker's part: "Tin",
# "Bài", "Bài viết", "Tin, ảnh", "Bài và ảnh", "Bài + video" (the name after it is the author's)
WRITER_CREDIT_LABEL = r"(?:tin|bài|bài viết|tin bài|nhóm pv)(?:\s*(?:,|và|\+|&|-)\s*(?:ảnh|video|clip))?"
_WRITER_CREDIT_RE = re.compile(rf"^\s*[(\[]?\s*{WRITER_CREDIT_LABEL}\s*:\s*", re.I)
_AUTHOR_PREFIX_RE = re.compile(
    r"^(?:by|written by|reported by|story by|words by|text by|bởi|theo|tác giả|phóng viên|pv|nhóm pv|bài|bài và ảnh|"
    r"bài, ảnh|ảnh|photo|photos|text|reporter|author|người viết|thực hiện|nội dung)\s*[:.]?\s+",
    re.I,
)
_AUTHOR_CUT_RE = re.compile(
    r"\b(?:photo|photos|ảnh|image|video|source|nguồn|updated|published|cập nhật|đăng)\b\s*[:|].*$", re.I
)
_DATEISH_RE = re.compile(
    r"\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{1,4})?|\d{1,2}[:h]\d{2}(?::\d{2})?|\b(?:GMT|UTC|ICT)[+-]?\d*|"
    r"\b(?:thứ\s+\w+|chủ nhật|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b,?|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s*\d{0,4}|"
    r"\b(?:am|pm|sa|ch)\b",
    re.I,
)
# "Theo Ngoisao", "Theo TTXVN": one word after "Theo" ("according to") is the outlet copied from, not a person
_OUTLET_CREDIT_RE = re.compile(r"^\s*[(\[]?\s*theo\s+[^\s/]+\s*[)\]]?\.?\s*$", re.I)
_PARENTHESES_RE = re.compile(r"\([^()]*\)")
# site accounts, not writers (a reporters' group, "Nhóm PV", is a byline as printed: vn-real keeps it)
_NO_PERSON = frozenset({"admin", "administrator", "staff", "editor"})
# a domain name, not a person ("VCCorp.vn", "Vcamp.vn"); the TLDs are spelt out, so that initials ("T.Hà") pass
_DOMAIN_RE = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org|info|biz|tv|edu|gov|io|co|uk|us)$", re.I)
_EMAIL_URL_RE = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")
_SPLIT_RE = re.compile(r"(\s*(?:[,;|/&+]|\s-\s|\s–\s|\band\b|\bvà\b)\s*)", re.I)  # the separator kept
_LAST_INITIAL_RE = re.compile(r"(?:^|[\s.])[^\W\d_]$")


def _keep_initial_dot(name: str, source: str) -> str:
    """'H.V.' stays 'H.V.' (initials are printed with their dots), 'Hà Thu.' becomes 'Hà Thu'."""
    if _LAST_INITIAL_RE.search(name) and name[-1].isupper() and f"{name}." in source:
        return name + "."
    return name


def clean_author(raw: str | list[str] | None, *, printed: bool = False) -> str | None:
    """Person names only, joined by '; ': no DNUM tokens, dates, times, e-mails, 'By'/'Photo:' prefixes.

    printed: ``raw`` is a byline as the page prints it; its names keep the separators printed between them
    ("Quang Phong - Tùng Nguyên"), as a reader would cite it, instead of '; '.
    """
    if not raw:
        return None
    values = raw if isinstance(raw, list) else [raw]
    names: list[str] = []
    separators: list[str] = []  # the separator printed before each name (printed bylines)
    for value in values:
        if not isinstance(value, str) or _OUTLET_CREDIT_RE.match(value):
            continue
        text = _WRITER_CREDIT_RE.sub("", DNUM_RE.sub(" ", value))  # "Bài và ảnh: X": the photo part is X's too
        text = re.sub(r"\bDNUM\S*", " ", text)
        text = _EMAIL_URL_RE.sub(" ", text)
        text = _AUTHOR_CUT_RE.sub(" ", text)
        text = _DATEISH_RE.sub(" ", text)
        text = _PARENTHESES_RE.sub(" ", text)  # a role or an origin: "Hà Thu (tổng hợp)", "(TTXVN)"
        parts = _SPLIT_RE.split(text)
        for index in range(0, len(parts), 2):
            piece = squash(parts[index]).strip(" .:-–—()[]\"'")
            piece = _keep_initial_dot(squash(_AUTHOR_PREFIX_RE.sub("", piece)).strip(" .:-–—()[]\"'"), text)
            if not piece or re.search(r"\d", piece) or len(piece) < 2:
                continue
            if len(piece.split()) > 6 or piece.lower() in _NO_PERSON:
                continue
            if piece.startswith("http") or not re.search(r"[^\W\d_]", piece) or _DOMAIN_RE.match(piece):
                continue
            if piece.lower() not in {n.lower() for n in names}:
                names.append(piece)
                separators.append(parts[index - 1] if index else "")
    if not printed:
        return "; ".join(names) or None
    return "".join(_printed_separator(sep) + name if i else name
                   for i, (sep, name) in enumerate(zip(separators, names))) or None


def _printed_separator(separator: str) -> str:
    """A separator as a byline prints it, spaced the usual way: ' - ', ', ', ' và '."""
    mark = separator.strip()
    if mark in ("", ";", "|"):
        return "; "
    return {",": ", ", "/": "/"}.get(mark, f" {mark} ")


def without_publishers(names: list[str], site_name: str | None, host: str | None) -> list[str]:
    """The names that are not the publisher: meta authors are often the site ('VnExpress', 'VCCorp.vn').

    A name that is a domain, equals the site's name or is part of its host names the publisher, not a person.
    """
    site = _compact(site_name or "")
    host_c = _compact(host or "")
    return [n for n in names if not _DOMAIN_RE.match(n.strip())
            and _compact(n) not in ("", site) and _compact(n) not in host_c]


# ---------------------------------------------------------------- titles

_TITLE_SEPS = (" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " / ")


def _compact(text: str) -> str:
    """Lower-cased letters and digits only, diacritics folded (so 'Báo Nghệ An' matches baonghean.vn)."""
    folded = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return re.sub(r"[\W_]+", "", "".join(ch for ch in folded if not unicodedata.combining(ch)))


def strip_site_suffix(title: str | None, site_names: list[str], host: str | None = None) -> str | None:
    """Drop a leading or trailing site name ('Title - Báo Nghệ An', 'Site | Title')."""
    if not title:
        return None
    title = squash(title)
    names = {_compact(n) for n in site_names if n and _compact(n)}
    host_c = _compact(re.sub(r"^www\.", "", host or "").rsplit(".", 1)[0]) if host else ""

    def is_site(part: str) -> bool:
        c = _compact(part)
        if not c:
            return False
        if c in names:
            return True
        for n in names | ({host_c} if host_c else set()):
            short, long_ = sorted((c, n), key=len)
            if len(short) >= 4 and short in long_ and len(short) >= 0.5 * len(long_):
                return True
        return False

    changed = True
    while changed:
        changed = False
        for sep in _TITLE_SEPS:
            if sep not in title:
                continue
            head, tail = title.rsplit(sep, 1)
            if is_site(tail) and len(head) >= 10:
                title, changed = head.strip(), True
                break
            first, rest = title.split(sep, 1)
            if is_site(first) and len(rest) >= 10:
                title, changed = rest.strip(), True
                break
    return title or None


# ---------------------------------------------------------------- everything machine-readable

def page_metadata(tree: HtmlElement, url: str | None) -> dict:
    """Metadata from JSON-LD and meta tags (no extraction heuristics): values None when missing."""
    metas = meta_tags(tree)
    objects = jsonld_objects(tree)
    article = next((o for o in objects if _types(o) & ARTICLE_TYPES), {})
    listing = any(_types(o) & LISTING_TYPES for o in objects) and not article
    publisher = article.get("publisher") if isinstance(article.get("publisher"), dict) else {}
    website = next((o for o in objects if "website" in _types(o)), {})

    canonical = None
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower().strip() == "canonical" and link.get("href"):
            canonical = link.get("href").strip()
            break
    canonical = canonical or _meta(metas, "og:url")
    if canonical and url:
        canonical = urljoin(url, canonical)

    image = _meta(metas, "og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src")
    image = image or _first_str(article.get("image") or article.get("thumbnailUrl"))
    if image and url:
        image = urljoin(url, image)

    tags = list(dict.fromkeys(
        metas.get("article:tag", []) + _str_list(article.get("keywords")) + (
            [] if metas.get("article:tag") or article.get("keywords") else _str_list(_meta(metas, "keywords", "news_keywords"))
        )
    ))
    categories = list(dict.fromkeys(metas.get("article:section", []) + _str_list(article.get("articleSection"))))

    authors = _names(article.get("author")) or _names(article.get("creator"))
    if not authors:
        meta_author = _meta(metas, "author", "article:author", "dc.creator", "sailthru.author", "parsely-author")
        if meta_author and not meta_author.startswith("http"):
            authors = [meta_author]

    time_dt = None
    for elem in tree.iter("time"):
        if elem.get("datetime"):
            time_dt = elem.get("datetime")
            break

    host = urlsplit(url).hostname if url else None
    return {
        "is_article": bool(article) or (_meta(metas, "og:type") or "").lower() == "article"
        or bool(metas.get("article:published_time")),
        "is_listing": listing,
        "og_type": (_meta(metas, "og:type") or "").lower() or None,
        "canonical_url": canonical,
        "title_candidates": [t for t in (
            article.get("headline") if isinstance(article.get("headline"), str) else None,
            _meta(metas, "og:title", "twitter:title"),
            squash(tree.findtext(".//title")) or None,
        ) if t],
        "description": _meta(metas, "og:description", "description", "twitter:description")
        or (article.get("description") if isinstance(article.get("description"), str) else None),
        "image": image,
        "site_name": _meta(metas, "og:site_name", "application-name", "apple-mobile-web-app-title")
        or (publisher.get("name") if isinstance(publisher.get("name"), str) else None)
        or (website.get("name") if isinstance(website.get("name"), str) else None),
        "published_raw": [d for d in (
            article.get("datePublished"), _meta(metas, "article:published_time", "og:published_time",
                                                "datepublished", "pubdate", "publishdate", "dc.date.issued",
                                                "dc.date", "date", "sailthru.date", "parsely-pub-date"),
            article.get("dateCreated"), time_dt,
        ) if isinstance(d, str) and d],
        "modified_raw": [d for d in (
            article.get("dateModified"), _meta(metas, "article:modified_time", "og:updated_time", "datemodified",
                                               "lastmod", "last-modified"),
        ) if isinstance(d, str) and d],
        "authors": authors,
        "tags": tags,
        "categories": categories,
        "article_body": article.get("articleBody") if isinstance(article.get("articleBody"), str) else None,
        "host": host,
        "page_type_marker": None,
    }
