"""Tree pre-cleaning before trafilatura runs: captions out of the flow, generic boilerplate removed.

Captions are collected as structured data (image, caption, credit) and each caption is replaced in the tree by a
plain ``<p>`` holding the caption text without its credit, marked so post-processing can tell caption lines from
body lines: they are dropped from the text of ordinary articles and kept as the text of photo stories.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

from .meta import squash

# "Photo: X", "Ảnh: X", "(Photo: Reuters)", "Photo by X", "Ảnh minh họa", "Nguồn ảnh: X", "Credit: X"
CREDIT_WORDS = (
    r"photos?|ảnh|hình|image|images|picture|pictures|photograph|photographs|credit|credits|graphic|graphics|"
    r"illustration|video|đồ họa|nguồn ảnh|nguồn|source|foto|photo credit|ảnh minh họa|ảnh minh hoạ"
)
# the words of a picture's credit only: a line that ends in one is a caption ("Nguồn: X" or "Video: X" may close
# a paragraph of prose)
PICTURE_CREDIT_WORDS = r"photos?|ảnh|hình|hình ảnh|image|picture|photograph|graphic|đồ họa|illustration|foto"


def _credit_tail(words: str) -> re.Pattern:
    """A credit of one of ``words`` closing a text: "... (Photo: Reuters)", "... Ảnh: Thanh Hà"."""
    return re.compile(
        rf"(?:[\s.,;–—-]*[(\[]\s*(?:{words})\s*(?:by|:|：)\s*([^()\[\]]{{1,80}})[)\]]\s*\.?\s*$)"
        rf"|(?:(?:^|[\s.;–—-])\s*(?:{words})\s*(?:by\s|:|：)\s*([^.:;]{{1,80}}?)\s*\.?\s*$)",
        re.I,
    )


_CREDIT_TAIL_RE = _credit_tail(CREDIT_WORDS)
PICTURE_CREDIT_TAIL_RE = _credit_tail(PICTURE_CREDIT_WORDS)
CREDIT_LINE_RE = re.compile(rf"^[(\[]?\s*(?:{CREDIT_WORDS})\s*(?:by\s|:|：)\s*[^.]{{0,80}}[)\]]?\.?$", re.I)
_ILLUSTRATIVE_RE = re.compile(r"\s*[(\[]?\s*(?:ảnh minh họa|ảnh minh hoạ|illustrative (?:photo|image)|"
                              r"file photo|illustration photo)\s*[)\]]?\.?\s*$", re.I)

CAPTION_CLASS_RE = re.compile(
    r"(?:^|[\s_-])(?:fig)?caption|image[_-]?desc|img[_-]?desc|photo[_-]?desc|desc[_-]?img|photocms[_-]caption|"
    r"chu[_-]?thich|image[_-]?caption|wp-caption-text", re.I
)
CAPTION_MARK = "data-x-caption"
# A table cell is a caption when the row above it holds a picture and no text (the 2000s CMS photo table:
# <tr><td><img></td></tr><tr><td>caption</td></tr>); a cell in the picture's own row is body text (how-to steps),
# a cell with a link is a teaser of another article.
_TABLE_CAPTION_CELLS = etree.XPath("//tr[preceding-sibling::tr[1][.//img and not(normalize-space())]]"
                                   "/td[not(.//img) and not(.//a)][normalize-space()]")
# elements whose class or id can name a caption (pCaption, image-desc, chu-thich, ...)
_CAPTION_NAMED_TAGS = ("div", "p", "span", "td", "em", "small")
_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NONWORD_RE = re.compile(r"[\W_]+")


def body_descendants(tree: HtmlElement, *tags: str):
    """The elements (of these tags) below the document's <body>, in document order: what XPath's ``//body//*``
    selects, also when ``tree`` is an element inside the body (lxml.html parses a fragment-like page so).

    A Python walk reading attributes costs less than an XPath that tests every element or attribute by name. The
    HTML parser makes at most one <body>, so no element is yielded twice.
    """
    for body in tree.getroottree().getroot().iter("body"):
        yield from body.iterdescendants(*tags or (etree.Element,))


# compiled hint selectors kept: the registry's platforms and sites name a few dozen, used on every page of a site
SELECTOR_CACHE_SIZE = 1024


@lru_cache(maxsize=SELECTOR_CACHE_SIZE)
def _css_selector(selector: str) -> CSSSelector:
    return CSSSelector(selector, translator="html")


def select(tree: HtmlElement, selector: str) -> list[HtmlElement]:
    """``tree.cssselect(selector)``, the selector compiled once (a compilation costs about 0.06 ms)."""
    return _css_selector(selector)(tree)


def select_texts(tree: HtmlElement, selectors: list[str]) -> list[str]:
    """The texts of the first selector that matches anything with text (selectors are in order of preference)."""
    found = []
    for selector in selectors:
        for elem in select(tree, selector):
            text = squash(elem.text_content())
            if text:
                found.append(text)
        if found:
            break
    return found


def page_text(tree: HtmlElement) -> str:
    """All the text of the page's <body>, whitespace squashed (what a date or a name is looked for in)."""
    body = tree.find(".//body")
    return squash(body.text_content()) if body is not None else ""


def names_the_site(heading: HtmlElement) -> bool:
    """A heading whose text is a link to the site's home page: the logo ("<h1><a href="/" rel="home">Site</a>"),
    which older templates put in an h1 on every page, not the headline."""
    links = heading.findall(".//a")
    if not links or squash(" ".join(a.text_content() for a in links)) != squash(heading.text_content()):
        return False
    return all("home" in (a.get("rel") or "").split() or _is_site_root(a.get("href") or "") for a in links)


def _is_site_root(href: str) -> bool:
    """'/', 'https://site.vn' or 'https://site.vn/': the home page (not '', '#' or '#top', which stay on the page)."""
    parts = urlsplit(href.strip())
    return parts.path in ("", "/") and bool(parts.netloc or parts.path) and not (parts.query or parts.fragment)


# Class/id verdicts are remembered across pages: a site's template repeats the same class strings on every page a
# worker extracts (and a page repeats its own). Bounded, and small: a template has a few hundred class strings,
# while ids and styles unique to one page would otherwise fill it (65,536 entries cost a crawl's two workers
# 18 MB of PSS on the real-page corpus of bench/throughput.py).
ATTRIBUTE_VERDICTS_CACHED = 4_096


def remembered(test: Callable[[str], object]) -> Callable[[str | None], bool]:
    """A module-level ``test`` on attribute values as a predicate that remembers its verdicts across pages; a
    missing attribute (None) fails. Decorate only functions of the value alone (not closures made per page)."""
    cached = lru_cache(maxsize=ATTRIBUTE_VERDICTS_CACHED)(lambda value: bool(test(value)))

    def passes(value: str | None) -> bool:
        return value is not None and cached(value)

    passes.__doc__ = test.__doc__
    return passes


# A page's lines are keyed several times (subheadings, photo-story test, line rules, lead split): the last keys are
# remembered. A few hundred lines make a page; lines are at most a few kilobytes.
COMPACT_KEYS_CACHED = 1_024


@lru_cache(maxsize=COMPACT_KEYS_CACHED)
def compact(text: str) -> str:
    """Lower-cased letters and digits only: the key a line and the element it came from are matched by."""
    return _NONWORD_RE.sub("", text.lower())


def decamel(value: str) -> str:
    """'pCaption' -> 'p-Caption': older Vietnamese CMSes name their classes in camelCase (pCaption, pAuthor)."""
    return _CAMEL_RE.sub("-", value)


def split_credit(caption: str, credit_tail: re.Pattern = _CREDIT_TAIL_RE) -> tuple[str, str | None]:
    """('Delegates at the conference.', 'Thanh Le') from 'Delegates at the conference. Photo: Thanh Le'.

    ``credit_tail``: which credits are split off (``PICTURE_CREDIT_TAIL_RE``: a picture's only)."""
    caption = squash(caption)
    match = credit_tail.search(caption)
    credit = None
    if match:
        credit = squash(match.group(1) or match.group(2)).strip(" .") or None
        head = caption[: match.start()].rstrip(" ,;–—-(")
        if match.group(0).lstrip().startswith(".") and not head.endswith((".", "!", "?")):
            head += "."
        caption = squash(head)
    caption = _ILLUSTRATIVE_RE.sub("", caption).strip()
    return caption, credit


def _image_url(elem: HtmlElement, base: str | None) -> str | None:
    for img in elem.iter("img", "source"):
        for attr in ("data-src", "data-original", "data-lazy-src", "data-srcset", "src", "srcset"):
            value = (img.get(attr) or "").strip()
            if value and not value.startswith("data:"):
                value = value.split(",")[0].split()[0]
                return urljoin(base, value) if base else value
    return None


@remembered
def _caption_named(value: str) -> bool:
    """A class or id that names a caption (pCaption, image-desc, chu-thich)."""
    return bool(CAPTION_CLASS_RE.search(decamel(value)))


def _caption_candidates(tree: HtmlElement) -> list[HtmlElement]:
    """Figcaptions, caption-named elements and photo-table caption cells, in document order.

    One walk over the candidate tags: an XPath testing each element's class and id attributes costs about four
    times as much on real pages.
    """
    table_cells = set(_TABLE_CAPTION_CELLS(tree))  # the proxies themselves: alive, so identity is safe
    return [elem for elem in tree.iter("figcaption", *_CAPTION_NAMED_TAGS)
            if elem.tag == "figcaption" or elem in table_cells
            or _caption_named(elem.get("class")) or _caption_named(elem.get("id"))]


def collect_captions(tree: HtmlElement, base: str | None) -> list[dict]:
    """Find captions (figcaption, caption-classed elements, photo-table cells), record them, replace them by marked <p>s.

    Returns [{"image", "caption", "credit"}] in document order. Mutates the tree.
    """
    captions: list[dict] = []
    seen: set[int] = set()
    for elem in _caption_candidates(tree):
        if elem.getparent() is None or any(id(a) in seen for a in elem.iterancestors()):
            continue
        if any(id(d) in seen for d in elem.iterdescendants()):
            continue
        text = squash(elem.text_content())
        if not text or len(text) > 1500:
            continue
        seen.add(id(elem))
        figure = next((a for a in elem.iterancestors() if a.tag == "figure"), None)
        holder = figure if figure is not None else elem.getparent()
        # image table layouts: caption row in a table holding the picture
        if figure is None:
            table = next((a for a in elem.iterancestors() if a.tag == "table"), None)
            if table is not None and table.find(".//img") is not None and len(squash(table.text_content())) <= len(text) + 20:
                holder = table
        image = _image_url(holder, base) if holder is not None else None
        caption, credit = split_credit(text)
        captions.append({"image": image, "caption": caption, "credit": credit})
        para = etree.Element("p")
        para.set(CAPTION_MARK, "1")
        para.text = caption
        para.tail = elem.tail
        if figure is not None:
            # trafilatura drops <figure>: lift the caption out, before the figure
            elem.getparent().remove(elem) if elem.getparent() is not None else None
            figure.addprevious(para)
            para.tail = None
        else:
            elem.getparent().replace(elem, para)
    return [c for c in captions if c["caption"] or c["credit"]]


# ---------------------------------------------------------------- generic boilerplate

# class/id words (split on whitespace, "-" and "_") that name boilerplate containers
BOILERPLATE_WORDS = frozenset("""
share sharing sharebar social socials related relates relatedposts newsletter newsletters subscribe subscription
signup promo promotion advert advertisement ads adv sponsor sponsored breadcrumb breadcrumbs tags tag taglist
keywords byline author authors comment comments recommend recommended recommendations readmore moreinfo morenews
popular mostread trending outbrain taboola print toolbar tools rating vote reactions paywall cookie cookies consent
modal popup banner sidebar widget footer copyright source nguon
lienquan binhluan quangcao chiase tukhoa tinkhac xemthem docthem tinmoi
""".split())
# class/id values split into words at spaces, "-" and "_"
NAME_WORD_SPLIT_RE = re.compile(r"[\s_-]+")


def name_words(value: str) -> list[str]:
    """The lower-cased words of a class or id, camelCase split too ("box-tinLienQuan" -> box, tin, lien, quan)."""
    return [word for word in NAME_WORD_SPLIT_RE.split(decamel(value).lower()) if word]


def boilerplate_named(classid: str) -> bool:
    """True when a class/id word (or two adjacent words joined: read-more, most-read) names boilerplate."""
    parts = name_words(classid)
    if not BOILERPLATE_WORDS.isdisjoint(parts):
        return True
    return any(a + b in BOILERPLATE_WORDS for a, b in zip(parts, parts[1:]))


_BOILER_SAFE_TAGS = {"html", "body", "main", "article"}
# the attributes that can mark an element as boilerplate (class, id) or as hidden (the others)
_MARKING_ATTRS = frozenset(("class", "id", "style", "hidden", "aria-hidden"))


def named_elements(tree: HtmlElement, passes: Callable[[str | None], bool]) -> list[HtmlElement]:
    """Elements below <body> whose class or id passes (a ``remembered`` test), in document order.

    Elements with neither (most of a page) are passed over before any call to the test."""
    found = []
    for elem in body_descendants(tree):
        class_name, elem_id = elem.get("class"), elem.get("id")
        if (class_name is not None or elem_id is not None) and (passes(class_name) or passes(elem_id)):
            found.append(elem)
    return found


_ARTICLE_MARKERS = etree.XPath("boolean(.//h1 | .//article | .//*[@itemprop='articleBody'])")
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def paragraph_texts(elem: HtmlElement) -> list[str]:
    """The text nodes inside the ``<p>``s below ``elem``, each once: what XPath's ``.//p//text()`` selects.

    A walk: libxml2 sorts and merges the node sets of ``.//p//text()`` at a cost that grows with the square of the
    number of paragraphs (5,000 paragraphs: 0.6 s; this walk: 0.015 s). A ``<p>`` inside another (pre-cleaning
    can nest them) is read with its outer one: only those whose nearest ``<p>`` ancestor is not below ``elem``.
    """
    outside = (elem, next(elem.iterancestors("p"), None))
    texts: list[str] = []
    for para in elem.iterdescendants("p"):
        nearest = next(para.iterancestors("p"), None)
        if nearest is outside[0] or nearest is outside[1]:
            texts.extend(para.itertext())
    return texts


def _p_text_len(elem: HtmlElement) -> int:
    return sum(map(len, paragraph_texts(elem)))


@lru_cache(maxsize=ATTRIBUTE_VERDICTS_CACHED)
def _marks_boilerplate(name: str, value: str, named: bool) -> bool:
    """Whether one attribute marks its element: hidden, or (when ``named``) a boilerplate class/id name.

    Remembered across pages, as ``remembered`` tests are (the attribute's name is part of the key)."""
    if name in ("class", "id"):
        return named and boilerplate_named(value)
    if name == "style":
        return bool(_HIDDEN_STYLE_RE.search(value))
    return name == "hidden" or value.strip().lower() == "true"


def _marked_elements(tree: HtmlElement, named: bool) -> list[HtmlElement]:
    """The elements below <body> that an attribute marks as boilerplate or hidden, in document order.

    One walk reading each element's attributes with one call (most have none of the marking ones): an XPath
    selecting the attributes by name() costs more.
    """
    marked = []
    for elem in body_descendants(tree):
        if elem.tag in _BOILER_SAFE_TAGS:
            continue
        for name, value in elem.items():  # a plain loop: a generator per element cost a sixth of the walk
            if name in _MARKING_ATTRS and _marks_boilerplate(name, value, named):
                marked.append(elem)
                break
    return marked


# elements that may sit inside a paragraph (a <div> holding any other element is a layout block, not a paragraph)
_INLINE_TAGS = frozenset("""
a abbr b bdi bdo br cite code del dfn em font i ins kbd mark q s samp small span strike strong sub sup time tt u var
""".split())


# a paragraph with at least this many words outside its links (and outside a given element) is running prose
SENTENCE_MIN_WORDS = 5


def _part_of_a_sentence(elem: HtmlElement, paragraph: HtmlElement, paragraph_words: int) -> bool:
    """An inline element inside a paragraph of running prose: words of a sentence, never a widget.

    Prose: SENTENCE_MIN_WORDS words of the paragraph are outside the element and outside links; a teaser line
    (a headline link and a date span) has none. ``paragraph_words`` is ``_unlinked_words(paragraph)``, counted once
    per paragraph (a tag cloud of thousands of spans in one paragraph must not cost a count per span).
    """
    inside_link = any(e.tag == "a" for e in _up_to(elem, paragraph))
    around = paragraph_words - (0 if inside_link else _unlinked_words(elem))
    return around >= SENTENCE_MIN_WORDS


# only the words are counted: plain strings, not strings that know their element
_UNLINKED_TEXT = etree.XPath(".//text()[not(ancestor::a)]", smart_strings=False)


def _unlinked_words(elem: HtmlElement) -> int:
    return sum(len(text.split()) for text in _UNLINKED_TEXT(elem))


def _sentence_part(elem: HtmlElement, paragraph_words: dict[HtmlElement, int]) -> bool:
    """An inline element that is part of a sentence of the paragraph it sits in; ``paragraph_words`` remembers
    each paragraph's count for the caller's walk (the keys keep the proxies alive, so identity is safe)."""
    if elem.tag not in _INLINE_TAGS:
        return False
    paragraph = next(elem.iterancestors("p"), None)
    if paragraph is None:
        return False
    if paragraph not in paragraph_words:
        paragraph_words[paragraph] = _unlinked_words(paragraph)
    return _part_of_a_sentence(elem, paragraph, paragraph_words[paragraph])


def _up_to(elem: HtmlElement, ancestor: HtmlElement):
    """``elem`` and its ancestors below ``ancestor``."""
    while elem is not None and elem is not ancestor:
        yield elem
        elem = elem.getparent()


def _hidden(elem: HtmlElement) -> bool:
    """An attribute hides the element (a style, ``hidden``, ``aria-hidden``), whatever its class or id say."""
    return any(name in _MARKING_ATTRS and _marks_boilerplate(name, value, False) for name, value in elem.items())


def remove_boilerplate(tree: HtmlElement, drop_selectors: list[str], keep: float = 0.3, named: bool = True) -> None:
    """Remove hidden elements, hint selectors, and class/id-named boilerplate that holds < keep of the page text.

    Paragraph text decides the size guard: a container named like boilerplate ("article-share-wrapper") that holds
    a large share of the page's paragraphs is the article, not a widget, and stays. A name does not condemn the
    words of a sentence either: sites link the names in their sentences to tag pages (``<a
    id="auto-tag_mary-steenburgen">``), and removing the link cut "Mary Steenburgen" out of the sentence.
    """
    for selector in drop_selectors:  # valid: the registry compiles every hint selector when it loads
        for elem in select(tree, selector):
            if elem.getparent() is not None:
                elem.drop_tree()
    total = _p_text_len(tree) or 1
    doomed = _marked_elements(tree, named)
    root = tree.getroottree().getroot()
    paragraph_words: dict[HtmlElement, int] = {}
    for elem in doomed:
        if elem.getparent() is None or elem.getroottree().getroot() is not root:
            continue  # inside something already removed
        text_len = _p_text_len(elem) if elem.find(".//p") is not None else 0
        if text_len > keep * total:
            continue
        if text_len and _ARTICLE_MARKERS(elem):
            continue  # holds the headline or the marked-up body: a wrapper with an unlucky name ("print-area")
        if text_len > 0.1 * total and elem.find(f".//p[@{CAPTION_MARK}]") is not None:
            continue
        if _sentence_part(elem, paragraph_words) and not _hidden(elem):
            continue
        elem.drop_tree()


# ---------------------------------------------------------------- paragraphs written as <div>s

# a <div> paragraph holds at least this many words: shorter ones are labels, dates, buttons
DIV_PARAGRAPH_MIN_WORDS = 8


def _holds_paragraphs(elem: HtmlElement) -> bool:
    return any(child.tag == "p" and child.text_content().strip() for child in elem)


def retag_div_paragraphs(tree: HtmlElement) -> None:
    """Turn into ``<p>`` the ``<div>``s that are paragraphs of a body that mixes ``<p>`` and ``<div>`` paragraphs.

    Editors pasting into older CMSes (and Word) write some paragraphs as ``<div>``s of plain text beside the
    ``<p>``s of the same body. trafilatura reads a container's ``<div>``s as paragraphs only when the container
    has almost no ``<p>`` text, so in a mixed body it silently drops every ``<div>`` paragraph. A ``<div>`` holding
    only inline elements and at least DIV_PARAGRAPH_MIN_WORDS words, next to a ``<p>`` with text in the same
    parent, is one of those paragraphs.
    """
    for div in list(body_descendants(tree, "div")):
        if any(child.tag not in _INLINE_TAGS for child in div.iterdescendants()):
            continue
        if len(div.text_content().split()) < DIV_PARAGRAPH_MIN_WORDS:
            continue
        parent = div.getparent()
        if parent is not None and _holds_paragraphs(parent):
            div.tag = "p"


# A table cell holding this many paragraphs is a page's layout, not data: its table is unwrapped.
LAYOUT_CELL_MIN_PARAGRAPHS = 2
_TABLE_PARTS = ("table", "thead", "tbody", "tfoot", "tr", "td", "th")


def unwrap_layout_tables(tree: HtmlElement) -> None:
    """Turn tables whose cells hold paragraphs into plain blocks, so that their paragraphs stay paragraphs.

    Older pages lay the article (or a boxed sidebar of it) out in a table; trafilatura renders a table row as one
    line of ``| cell | cell |``, so a whole article in one cell became one line of thousands of characters. A cell
    with LAYOUT_CELL_MIN_PARAGRAPHS ``<p>``s of text is layout (data tables hold values and short lines); its
    table, rows and cells become ``<div>``s.
    """
    for table in list(body_descendants(tree, "table")):
        parts = [part for part in table.iter(*_TABLE_PARTS) if _own_table(part) is table]
        if any(sum(1 for p in cell.iter("p") if p.text_content().strip()) >= LAYOUT_CELL_MIN_PARAGRAPHS
               for cell in parts if cell.tag in ("td", "th")):
            for part in parts:
                part.tag = "div"


def _own_table(part: HtmlElement) -> HtmlElement | None:
    """The table a table part belongs to (itself for a table): tables nested in a cell keep their own parts."""
    if part.tag == "table":
        return part
    return next(part.iterancestors("table"), None)


def unwrap_sentence_spans(tree: HtmlElement) -> None:
    """Remove the tags (not the text) of the ``<span>``s that are words of a sentence.

    trafilatura's precision mode deletes every span whose class names a link or a "bottom" (``span.link``), and a
    span in the middle of a sentence takes its words with it ("as the NFL decided [to move the teams' Week 13
    rematch] in Pittsburgh"). A span in a paragraph of running prose (``_part_of_a_sentence``: words outside it and
    outside links) is part of a sentence, never a widget; one that holds its paragraph's prose, or sits in a teaser
    line of a headline link, is left for the widget rules.
    """
    for paragraph in body_descendants(tree, "p"):
        spans = paragraph.findall(".//span")
        if spans:
            words = _unlinked_words(paragraph)
            for span in [span for span in spans if _part_of_a_sentence(span, paragraph, words)]:
                span.drop_tag()


# CSS border properties that can draw a line, and the line styles that draw one (a border without a drawing style,
# or with width 0, draws nothing: "border:none windowtext 1.0pt", "border: 0px")
_BORDER_PROPERTY_RE = re.compile(r"^border(?:-(?:top|right|bottom|left))?(?:-style)?$")
_BORDER_DRAWN_RE = re.compile(r"\b(?:solid|dotted|dashed|double|groove|ridge|inset|outset)\b")
_ZERO_WIDTH_RE = re.compile(r"(?:^|\s)0(?:px|pt|em|rem)?(?:\s|$)")
# one descendant step: "//p//*" makes libxml2 merge a node set per paragraph, a cost that grows with their square
_STYLED_WITH_BORDER = etree.XPath("//*[contains(@style, 'border')]")


def _draws_border(declaration: str) -> bool:
    name, _, value = declaration.partition(":")
    value = value.strip().lower()
    return bool(_BORDER_PROPERTY_RE.match(name.strip().lower()) and _BORDER_DRAWN_RE.search(value)
                and not _ZERO_WIDTH_RE.search(value))


def clear_borderless_styles(tree: HtmlElement) -> None:
    """Remove the border declarations of paragraph styles that draw no border.

    trafilatura's precision mode deletes any div, paragraph or span whose style mentions a border (a boxed notice
    is boilerplate), and text pasted from Word or copied from another page carries ``border:none windowtext 1.0pt``
    or ``border: 0px`` on its paragraphs and spans: a real news page lost its closing line ("This article has been
    adapted from its original source.") that way. Only paragraphs and what is inside them: a paragraph is text,
    while a styled div is a layout box whatever its border says (real pages wrap footers in ``border:0`` divs). A
    style that draws a line keeps its border and its verdict (a notice set off by a rule).
    """
    for elem in _STYLED_WITH_BORDER(tree):
        if elem.tag != "p" and next(elem.iterancestors("p"), None) is None:
            continue  # outside paragraphs: a layout box
        declarations = [d for d in elem.get("style").split(";") if d.strip()]
        if not any(map(_draws_border, declarations)):
            elem.set("style", ";".join(d for d in declarations if not d.strip().lower().startswith("border")))


# ---------------------------------------------------------------- threads: the first post is the article

# the anchor id forum and blog software gives each post (XenForo and WordPress "post-123", vBulletin "post_123")
_POST_ID_RE = re.compile(r"^post[-_]?\d+$", re.I)
_WITH_ID = etree.XPath("//body//*[@id]")


def remove_thread_replies(tree: HtmlElement) -> None:
    """Keep only the first of sibling posts: on a forum thread the first post is the article, the rest are replies.

    Forum software gives every post an anchor id (``li#post-29281579``) and lists the posts as siblings; a
    trafilatura pass over the thread keeps the replies as text. Sibling posts elsewhere are a related-posts list,
    which loses nothing by keeping one.
    """
    posts: dict[HtmlElement, list[HtmlElement]] = {}
    for elem in _WITH_ID(tree):
        if _POST_ID_RE.match(elem.get("id")):
            posts.setdefault(elem.getparent(), []).append(elem)
    for siblings in posts.values():
        for reply in siblings[1:]:
            reply.drop_tree()


# ---------------------------------------------------------------- link-only blocks

_BLOCK_TAGS = ("table", "tr", "p", "li", "h2", "h3", "h4", "h5", "h6", "dd", "dt")
# a block with more text than this (characters, spaces normalised) is prose that happens to hold a link
LINK_BLOCK_MAX_CHARS = 400
XML_SPACE = " \t\r\n"
_XML_SPACE_RE = re.compile(f"[{XML_SPACE}]+")


def _xml_normalized_length(text: str) -> int:
    """The length of XPath's ``normalize-space(text)``: only XML whitespace (not NBSP) counts as space."""
    return len(" ".join(_XML_SPACE_RE.split(text.strip(XML_SPACE))))


def _linked_blocks(tree: HtmlElement) -> list[tuple[HtmlElement, str]]:
    """(block, its text) for the blocks below <body> with a link and fewer than LINK_BLOCK_MAX_CHARS characters of
    normalised text (normalising only shortens a text, so a short one is not normalised)."""
    found = []
    for elem in body_descendants(tree, *_BLOCK_TAGS):
        if elem.find(".//a") is not None:
            text = elem.text_content()
            if len(text) < LINK_BLOCK_MAX_CHARS or _xml_normalized_length(text) < LINK_BLOCK_MAX_CHARS:
                found.append((elem, text))
    return found


def remove_link_blocks(tree: HtmlElement, ratio: float = 0.8, max_words: int = 30) -> None:
    """Drop paragraphs, list items, headings and table rows that are (almost) nothing but links: teasers, 'read
    more' lines, a layout table of menu links ('| Trang chủ | Thời sự | ...').

    Article prose links a few words inside a sentence; a block whose text is all link text is navigation.
    """
    # only outermost blocks (never strip the headline out of a teaser and keep its blurb), so a dropped block
    # changes the text of no block read later
    for elem, text in _linked_blocks(tree):
        if elem.get(CAPTION_MARK):
            continue
        if not 3 <= len(text.split()) <= max_words:
            continue
        if any(a.tag in _BLOCK_TAGS for a in elem.iterancestors()):
            continue
        letters = len(_NONWORD_RE.sub("", text))
        link_letters = sum(len(_NONWORD_RE.sub("", a.text_content() or "")) for a in elem.iter("a"))
        if letters and link_letters >= ratio * letters:
            elem.drop_tree()


# ---------------------------------------------------------------- split bodies

_BODYISH_RE = re.compile(r"(?:^|[\s_-])(?:body|content|text|entry|story|article|detail|post)(?:$|[\s_-])", re.I)


def merge_split_bodies(tree: HtmlElement, min_para: int = 80) -> None:
    """Join article bodies split into sibling containers with the same class (an ad or widget between them).

    Extractors keep the first container only; moving the later parts' children into the first keeps the order.
    """
    groups: dict[str, list[HtmlElement]] = {}
    for elem in tree.xpath("//body//div[@class] | //body//section[@class]"):
        cls = " ".join(elem.get("class").split())
        if _BODYISH_RE.search(cls):
            groups.setdefault(cls, []).append(elem)
    for members in groups.values():
        if len(members) < 2 or len(members) > 12:
            continue
        parts = [m for m in members if any(len(squash(p.text_content())) >= min_para for p in m.iter("p"))]
        if len(parts) < 2:
            continue
        # teaser cards (a linked title, a blurb) repeat a class too: those are a list of other articles
        if any(m.xpath(".//*[self::h1 or self::h2 or self::h3 or self::h4][.//a]") or _link_ratio(m) > 0.3
               for m in parts):
            continue
        first = parts[0]
        # nested containers are one body, and parts must live close together in the page
        if any(a in parts for m in parts for a in m.iterancestors()):
            continue
        anchors = {id(a) for a in list(first.iterancestors())[:4]}
        if not all(any(id(a) in anchors for a in list(m.iterancestors())[:4]) for m in parts[1:]):
            continue
        for member in parts[1:]:
            for child in list(member):
                first.append(child)
            if member.text and member.text.strip():
                first.append(etree.Element("p"))
                first[-1].text = member.text
            member.drop_tree()


# ---------------------------------------------------------------- headed link lists

# a list heading is a short line: at most HEADING_MAX_CHARS characters, and more than HEADING_SHORT_CHARS with
# spaces normalised (a bullet or a counter is no heading)
HEADING_MAX_CHARS = 120
HEADING_SHORT_CHARS = 3

def _link_ratio(elem: HtmlElement) -> float:
    text = len(_NONWORD_RE.sub("", elem.text_content() or ""))
    links = sum(len(_NONWORD_RE.sub("", a.text_content() or "")) for a in elem.iter("a"))
    return links / text if text else 0.0


def _heading_texts(tree: HtmlElement, heading_re: re.Pattern) -> list[tuple[HtmlElement, str]]:
    """(element, its text) for each text in or below <body> that reads as a list heading, in document order.

    Read before anything is removed (removing an element moves its tail into its neighbour's text); an element's
    own text only, not a tail.
    """
    return [(elem, elem.text) for body in tree.getroottree().getroot().iter("body")
            for elem in body.iter(etree.Element)
            if elem.text and len(elem.text) <= HEADING_MAX_CHARS and heading_re.match(elem.text.strip())
            and _xml_normalized_length(elem.text) > HEADING_SHORT_CHARS]


def remove_headed_lists(tree: HtmlElement, heading_re: re.Pattern) -> None:
    """Drop 'More stories' / 'Tin liên quan' headings together with the link list that follows them."""
    for elem, value in _heading_texts(tree, heading_re):
        text = squash(value)
        # climb wrappers holding nothing but the heading: <p><strong>DON'T MISS</strong></p>
        while (elem.getnext() is None and elem.getparent() is not None and elem.getparent().tag != "body"
               and squash(elem.getparent().text_content()) == text):
            elem = elem.getparent()
        if elem.getparent() is None or squash(elem.text_content()) != text:
            continue
        following = elem.getnext()
        if following is not None and isinstance(following.tag, str) and (
            following.tag in ("ul", "ol") or _link_ratio(following) >= 0.5
        ) and following.find(".//a") is not None:
            following.drop_tree()
            elem.drop_tree()


# ---------------------------------------------------------------- subheadings between kept paragraphs

_SUBHEADING_TAGS = ("h2", "h3", "h4", "h5", "h6")
_SUBHEADING_SKIP_ANCESTORS = {"a", "nav", "header", "footer", "aside", "li", "figure", "table", "form"}
_TEXT_BLOCK_TAGS = {"p", "div", "blockquote"}


# elements whose text a reader never sees
INVISIBLE_TAGS = ("script", "style", "noscript", "template")


def visible_text(elem: HtmlElement) -> str:
    """The element's text as a reader sees it: scripts, styles and templates inside it left out."""
    return squash(" ".join(_iter_visible(elem)))


def _iter_visible(elem: HtmlElement):
    if elem.tag in INVISIBLE_TAGS:
        return
    if elem.text:
        yield elem.text
    for child in elem:
        if isinstance(child.tag, str):
            yield from _iter_visible(child)
        if child.tail:
            yield child.tail


def text_sibling(elem: HtmlElement, forward: bool) -> HtmlElement | None:
    """The nearest element sibling that shows text, skipping those that show none (images, spacers, an iframe, a
    wrapper holding only a script)."""
    sib = elem.getnext() if forward else elem.getprevious()
    while sib is not None:
        if isinstance(sib.tag, str) and visible_text(sib):
            return sib
        sib = sib.getnext() if forward else sib.getprevious()
    return None


def restore_subheadings(tree: HtmlElement, lines: list[str], max_words: int = 25) -> list[str]:
    """Put back subheadings (h2-h6) that the extractor left out between two paragraphs it kept.

    When no element of a page matches trafilatura's known body containers (``div#dcontent`` and other CMS ids),
    its main pass finds nothing and its fallback collects only loose paragraphs, never headings, so every
    subheading of such a body is lost, while the same page with an ``article__body`` container keeps them.
    A heading whose previous and next text siblings are consecutive lines of the output sat in the middle of
    the article: it goes back between them. Link-only headings are navigation and stay out; a heading outside
    the article (a "More news" title before a list) never has kept paragraphs on both sides.
    """
    if len(lines) < 2:
        return lines
    keys = [compact(line) for line in lines]
    present = set(keys)
    inserts: dict[int, list[str]] = {}
    for heading in tree.iter(*_SUBHEADING_TAGS):
        text = squash(heading.text_content())
        key = compact(text)
        if not key or key in present or len(text.split()) > max_words or heading.get(CAPTION_MARK):
            continue
        if any(a.tag in _SUBHEADING_SKIP_ANCESTORS for a in heading.iterancestors()):
            continue
        link_letters = sum(len(compact(a.text_content() or "")) for a in heading.iter("a"))
        if link_letters >= 0.5 * len(key):
            continue
        before, after = text_sibling(heading, False), text_sibling(heading, True)
        if before is None or after is None or before.tag not in _TEXT_BLOCK_TAGS or after.tag not in _TEXT_BLOCK_TAGS:
            continue
        before_key, after_key = compact(before.text_content()), compact(after.text_content())
        # a block may come out as several lines (<br>): its last line ends it, the next block's first line starts it
        for i in range(len(keys) - 1):
            a, b = keys[i], keys[i + 1]
            if a and b and (a == before_key or (len(a) >= 20 and before_key.endswith(a))) and (
                    b == after_key or (len(b) >= 20 and after_key.startswith(b))):
                inserts.setdefault(i + 1, []).append(text)
                present.add(key)
                break
    if not inserts:
        return lines
    out: list[str] = []
    for i, line in enumerate(lines):
        out.extend(inserts.get(i, ()))
        out.append(line)
    return out
