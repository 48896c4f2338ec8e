"""extract_article: trafilatura as the engine, with pre-cleaning, post-processing and metadata around it.

``extract_article`` runs the phases below in order, one function each: read metadata from the DOM (before anything
is removed), pre-clean a copy of the tree, run trafilatura, restore what it loses, apply the line rules and decide
between article and photo story, split off the lead, ask stock trafilatura when the body may have lost the article
(the floor: never less than stock), refuse listing pages and short texts, build the result.
"""

from __future__ import annotations

import html as html_module
import re
from collections import Counter
from copy import deepcopy
from dataclasses import dataclass, replace
from functools import partial

from lxml import etree
from lxml.html import HtmlElement
from trafilatura import bare_extraction

from .clean import (
    CREDIT_LINE_RE,
    NAME_WORD_SPLIT_RE,
    XML_SPACE,
    body_descendants,
    clear_borderless_styles,
    collect_captions,
    compact,
    decamel,
    merge_split_bodies,
    named_elements,
    names_the_site,
    page_text,
    paragraph_texts,
    remembered,
    remove_boilerplate,
    remove_headed_lists,
    remove_link_blocks,
    remove_thread_replies,
    restore_subheadings,
    retag_div_paragraphs,
    select,
    select_texts,
    split_credit,
    text_sibling,
    unwrap_layout_tables,
    unwrap_sentence_spans,
    visible_text,
)
from .listing import HEADLINE_MIN_WORDS, is_teaser_list
from .meta import clean_author, page_metadata, squash, strip_site_suffix, without_publishers
from .options import ExtractionOptions
from .parse import parse_html
from .platforms import merge_hints
from .published import first_date, published
from .text import LIST_HEADING_RE, clean_lines, credited_name

__all__ = ["NotAnArticle", "extract_article"]

WORD_RE = re.compile(r"\w+")

# A hinted body container, and trafilatura's text from it, shorter than this (characters) is not the article body.
MIN_BODY_CHARS = 200
# similar(): two passages are the same when their compact forms share a prefix of SIMILAR_MIN_PREFIX characters
# (compared over at most SIMILAR_PREFIX_CHARS), or when at least SIMILAR_MIN_OVERLAP of the shorter one's words,
# and at least SIMILAR_MIN_WORDS of them, are in the other.
SIMILAR_PREFIX_CHARS = 60
SIMILAR_MIN_PREFIX = 30
SIMILAR_MIN_OVERLAP = 0.8
SIMILAR_MIN_WORDS = 8
# A standfirst found by its class name: LEAD_MIN_WORDS..LEAD_MAX_WORDS words, not much longer than the page's
# description (twice it plus LEAD_SLACK_CHARS), with at most LEAD_MAX_LINK_SHARE of its text in links.
LEAD_MIN_WORDS = 8
LEAD_MAX_WORDS = 150
LEAD_SLACK_CHARS = 40
LEAD_MAX_LINK_SHARE = 0.3
# A <p> followed in its container by a <p> of at least BODY_PARAGRAPH_MIN_WORDS words opens the body: no standfirst.
BODY_PARAGRAPH_MIN_WORDS = 8
# A page's h1 shorter than this (compact characters) is no headline.
H1_MIN_CHARS = 10
# A byline element's text outside these lengths (characters) is no name.
AUTHOR_MIN_CHARS = 2
AUTHOR_MAX_CHARS = 120
# A right-aligned block of at most SIGNATURE_MAX_WORDS words (per <br> line) is a signature: a byline, a source or
# a credit line ("Hà Thu (tổng hợp)", "Theo Minh Nguyễn/Vcamp.vn", "H.V. / Ảnh: Misso").
SIGNATURE_MAX_WORDS = 8
# Tag link texts longer than these are headlines; a tags box with more links is a link list.
TAG_MAX_CHARS = 60
TAG_MAX_WORDS = 8
TAG_BOX_MAX_LINKS = 25
# A line repeating an image's alt text of at least this many words is a caption.
ALT_CAPTION_MIN_WORDS = 3
# Photo story: at least PHOTO_STORY_MIN_CAPTIONS caption lines holding as many words as the rest of the text, or
# PHOTO_STORY_MARKED_SHARE of them when the page marks itself a photo/gallery page.
PHOTO_STORY_MIN_CAPTIONS = 3
PHOTO_STORY_MARKED_SHARE = 0.3
# The lead is looked for among the first LEAD_SEARCH_LINES lines of the text; a line of more than
# LEAD_FRAGMENT_MIN_CHARS (compact) contained in the lead is the lead, cut.
LEAD_SEARCH_LINES = 3
LEAD_FRAGMENT_MIN_CHARS = 30
# Listing page: at least LISTING_MIN_LINES lines of text, LISTING_LINKED_SHARE of them headline links; a page
# without article text is a listing from LISTING_MIN_HEADLINES headline links on.
LISTING_MIN_LINES = 5
LISTING_LINKED_SHARE = 0.5
LISTING_MIN_HEADLINES = 8
# The floor under the project (never archive less than stock trafilatura): stock runs only when the project's body
# is too short or holds less than STOCK_CHECK_PTEXT_SHARE of the page's <p> text; stock's body then replaces it
# when it is at least STOCK_LONGER_FACTOR times longer and shares less than SAME_REGION_SHARE of its
# SHARED_SHINGLE_WORDS-word shingles.
STOCK_CHECK_PTEXT_SHARE = 0.5
STOCK_LONGER_FACTOR = 2.0
SAME_REGION_SHARE = 0.5
SHARED_SHINGLE_WORDS = 3
# Result["extracted_by"]: which extractor's text the article holds.
EXTRACTED_BY_PROJECT = "project"
EXTRACTED_BY_STOCK = "trafilatura"


class NotAnArticle(Exception):
    """The page is not an article; ``reason`` is a short snake_case code."""

    def __init__(self, reason: str, detail: str | None = None):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail

    def __reduce__(self):  # picklable across worker processes
        return (NotAnArticle, (self.reason, self.detail))


def _words(text: str) -> int:
    return len(WORD_RE.findall(text))


def _short_of(text: str, min_words: int) -> bool:
    """Fewer words than an article needs (at least one, so that min_words=0 still sees an empty text as short)."""
    return _words(text) < max(min_words, 1)


def _squashed_lines(text: str) -> list[str]:
    return [line for line in (squash(x) for x in text.split("\n")) if line]


# ---------------------------------------------------------------- DOM-read metadata

LEAD_TOKEN_RE = re.compile(
    r"^(?:.*[-_])?(?:sapo|lead|leadtext|lede|standfirst|dek|deck|summary|excerpt|intro|chapeau|description|desc|"
    r"subtitle|sub-title|teaser|abstract|subhead|summery)(?:[-_].*)?$",
    re.I,
)
_LEAD_QUICK_RE = re.compile(
    r"sapo|lead|lede|standfirst|dek|deck|summ|excerpt|intro|chapeau|desc|subtitle|sub-title|teaser|abstract|subhead"
)
_LEAD_SKIP_TAGS = {"html", "body", "main", "article", "section", "meta", "head", "title", "script", "style", "a",
                   "img", "figure", "figcaption", "ul", "ol", "li", "nav", "header", "footer", "form"}
AUTHOR_TOKEN_RE = re.compile(r"^(?:.*[-_])?(?:byline|author|authors|author-name|writer|tac-gia|tacgia)(?:[-_].*)?$", re.I)


@dataclass(frozen=True)
class DomFacts:
    """What is read from the page before pre-cleaning removes the elements that carry it."""

    title: str | None
    lead: str | None
    author: str | None
    tags: list[str]
    published: str | None
    modified: str | None
    photo_marker: bool
    signatures: frozenset[str]  # compact forms of the lines of right-aligned signature blocks: never body text


def read_dom_facts(tree: HtmlElement, meta: dict, hints: dict[str, list[str]]) -> DomFacts:
    """Metadata from machine-readable sources (``meta``) first, the hinted and generic DOM elements after."""
    site_name = meta["site_name"]
    title = _find_h1(tree, hints["title"], meta["title_candidates"]) or next(iter(meta["title_candidates"]), None)
    site_names = [site_name] if site_name else []
    site_names += [squash(h1.text_content()) for h1 in tree.iter("h1") if names_the_site(h1)]  # a logo names it
    title = strip_site_suffix(title, site_names, meta["host"])
    signatures = _signature_runs(tree)
    return DomFacts(
        title=title,
        lead=_find_lead(tree, hints["lead"], meta["description"]),
        author=_author(tree, clean_author(without_publishers(meta["authors"], site_name, meta["host"])),
                       hints["author"], signatures),
        tags=meta["tags"] or _dom_tags(tree, hints["tags"]),
        published=published(tree, meta["published_raw"], hints["date"], title),
        modified=first_date(meta["modified_raw"]),
        photo_marker=_photo_marker(tree),
        signatures=frozenset(compact(line) for run in signatures for lines in run for line in lines),
    )


_RIGHT_ALIGNED_RE = re.compile(r"text-align\s*:\s*right", re.I)
# not "form", "li" or "table": ASP.NET pages wrap the whole page in a <form>, forums put each post in an <li>
_SIGNATURE_SKIP_ANCESTORS = {"nav", "header", "footer", "aside", "a"}


_BOLD_TAGS = ("b", "strong")
_NAME_JOINERS = {"-", "–", "—", ",", "&", "và"}
# a byline's closing note in brackets: the agency or outlet, or what the writer did ("TTXVN", "tổng hợp", "theo AFP")
_BYLINE_NOTE_RE = re.compile(r"\s*\([^()]{1,40}\)\s*$")
_SENTENCE_END = (".", "!", "?", ":", ";", "\"", "”")


def _is_name_line(line: str) -> bool:
    """'Quang Phong - Tùng Nguyên', 'Hà Thu': words that all start with a capital, no digit, no sentence end; a
    trailing note in brackets is the source or the kind of work ('Văn Phúc (TTXVN)', 'Hà Thu (tổng hợp)').

    Vietnamese prose and subheadings are written in sentence case, so a line of capitalised words is a name.
    """
    words = [w for w in _BYLINE_NOTE_RE.sub("", line).replace(",", " , ").split() if w not in _NAME_JOINERS]
    return (bool(words) and all(w[0].isupper() for w in words) and not any(c.isdigit() for c in line)
            and not line.endswith(_SENTENCE_END))


def _bold_only(elem: HtmlElement) -> bool:
    """All of the element's text is in <b>/<strong> children (<br>s between them allowed)."""
    return (not (elem.text and elem.text.strip()) and len(elem) > 0
            and all(child.tag in _BOLD_TAGS or child.tag == "br" for child in elem)
            and not any(child.tail and child.tail.strip() for child in elem)
            and any(child.tag in _BOLD_TAGS for child in elem))


def _last_text_block(elem: HtmlElement) -> bool:
    """Nothing but empty elements (spacers, scripts) after the element in its container."""
    if elem.tail and elem.tail.strip():
        return False
    sibling = elem.getnext()
    while sibling is not None:
        if isinstance(sibling.tag, str) and sibling.tag not in ("script", "style", "br") and \
                squash(sibling.text_content()):
            return False
        if sibling.tail and sibling.tail.strip():
            return False
        sibling = sibling.getnext()
    return True


def _first_text_block(elem: HtmlElement) -> bool:
    """Nothing shows text before the element in its container, and text follows it there (the body)."""
    parent = elem.getparent()
    return (parent is not None and not (parent.text and parent.text.strip())
            and text_sibling(elem, forward=False) is None and text_sibling(elem, forward=True) is not None)


def _is_signature_block(elem: HtmlElement) -> bool:
    """A right-aligned paragraph, or a bold paragraph holding only names that ends its container (the byline
    'Quang Phong - Tùng Nguyên' closing a 2012 Dân Trí article, in <b>) or opens it above the body: how Vietnamese
    papers sign an article."""
    if (elem.get("align") or "").lower() == "right" or _RIGHT_ALIGNED_RE.search(elem.get("style") or ""):
        return True
    return _bold_only(elem) and (_last_text_block(elem) or _first_text_block(elem)) and \
        all(_is_name_line(line) for line in _br_lines(elem))


def _signature_runs(tree: HtmlElement) -> list[list[list[str]]]:
    """Runs of adjacent signature blocks, in page order; each block as its <br>-separated lines.

    Vietnamese papers sign an article with a right-aligned or bold last paragraph (the author, then the source).
    """
    runs: list[list[list[str]]] = []
    previous = None
    for elem in body_descendants(tree, "p", "div"):
        if not _is_signature_block(elem):
            continue
        lines = _br_lines(elem)
        if not lines or any(len(line.split()) > SIGNATURE_MAX_WORDS for line in lines) or any(
                a.tag in _SIGNATURE_SKIP_ANCESTORS for a in elem.iterancestors()):
            continue
        if previous is not None and text_sibling(elem, forward=False) is previous:
            runs[-1].append(lines)
        else:
            runs.append([lines])
        previous = elem
    return runs


def _br_lines(elem: HtmlElement) -> list[str]:
    """The element's visible text split at its <br>s, squashed, empty lines dropped."""
    parts: list[str] = []

    def walk(node):
        if node.tag in ("script", "style"):
            return
        if node.tag == "br":
            parts.append("\n")
        elif node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(elem)
    return _squashed_lines("".join(parts))


def _signed_author(runs: list[list[list[str]]]) -> str | None:
    """The person of the last signature run's first block (later blocks name the source).

    Photo credits are cut off ("H.V. / Ảnh: Misso"); a credit line gives its name ("Bài, ảnh: MỸ THANH").
    """
    if not runs:
        return None
    names = []
    for line in runs[-1][0]:
        if CREDIT_LINE_RE.match(line):
            continue
        names.append(credited_name(line) or split_credit(line)[0])
    return clean_author(" ".join(names), printed=True)


def _author(tree: HtmlElement, declared: str | None, selectors: list[str],
            signatures: list[list[list[str]]]) -> str | None:
    """The declared author, else a byline element's, else the signature's.

    A declared name the page never prints loses to a signature: Vietnamese CMSes fill the author meta tag with the
    CMS or a desk ('Công nghệ ChannelVN') while the article is signed by its writers.
    """
    signed = _signed_author(signatures)
    if declared and not (signed and declared.casefold() not in page_text(tree).casefold()):
        return declared
    return _dom_author(tree, selectors) or signed


def similar(a: str | None, b: str | None) -> bool:
    """Same passage, allowing truncation ('...') of either: shared compact prefix or high word overlap."""
    if not a or not b:
        return False
    ca, cb = compact(a), compact(b)
    n = min(len(ca), len(cb), SIMILAR_PREFIX_CHARS)
    if n >= SIMILAR_MIN_PREFIX and ca[:n] == cb[:n]:
        return True
    wa, wb = set(WORD_RE.findall(a.lower())), set(WORD_RE.findall(b.lower()))
    fewer = min(len(wa), len(wb))
    return bool(wa and wb) and len(wa & wb) / fewer >= SIMILAR_MIN_OVERLAP and fewer >= SIMILAR_MIN_WORDS


@remembered
def _lead_named(value: str) -> bool:
    """A class or id that names a standfirst (sapo, lead, desc)."""
    return bool(_LEAD_QUICK_RE.search(value.lower())) and any(LEAD_TOKEN_RE.match(t) for t in value.split())


def _find_lead(tree: HtmlElement, selectors: list[str], description: str | None) -> str | None:
    """The standfirst: a hinted element, or a lead/sapo-classed element (else the block after the headline) that the
    page's description confirms."""
    hinted = select_texts(tree, selectors)
    if hinted:
        return hinted[0]
    if not description:
        return None
    for elem in named_elements(tree, _lead_named):
        if not isinstance(elem.tag, str) or elem.tag in _LEAD_SKIP_TAGS:
            continue
        if any(a.tag in ("nav", "footer", "aside", "li", "a") for a in elem.iterancestors()):
            continue
        text = _lead_text(elem)
        if _confirmed_lead(text, description) and not _mostly_links(elem, text) and not _opens_the_body(elem):
            return text
    return _lead_after_headline(tree, description)


def _lead_after_headline(tree: HtmlElement, description: str) -> str | None:
    """The block right after an h1 that repeats the description: a standfirst whatever its class (h2.pHead).

    Blocks without text between the two (a like button's iframe, an empty spacer) are stepped over: "right after"
    is what a reader sees.
    """
    for h1 in tree.iter("h1"):
        following = text_sibling(h1, forward=True)
        if following is None or not isinstance(following.tag, str) or following.tag in _LEAD_SKIP_TAGS:
            continue
        text = _lead_text(following)
        if _confirmed_lead(text, description) and not _mostly_links(following, text) \
                and not _opens_the_body(following):
            return text
    return None


def _opens_the_body(elem: HtmlElement) -> bool:
    """A paragraph that the body's paragraphs follow in the same container is the body's first paragraph, whatever
    its class says: sites mark it for styling or for text-to-speech (``p.article__content--intro``,
    ``p#speakable-summary``) and copy it into the description, but it is no standfirst printed apart, and
    splitting it off took it out of the text."""
    if elem.tag != "p":
        return False
    following = text_sibling(elem, forward=True)
    return following is not None and following.tag == "p" and \
        _words(visible_text(following)) >= BODY_PARAGRAPH_MIN_WORDS


def _lead_text(elem: HtmlElement) -> str:
    """A standfirst's text without its link-only lines: a lead often ends with a related article's headline on a
    line of its own (">> Công chức, viên chức được nghỉ 9 ngày dịp Tết Âm lịch"), which is not the lead."""
    link_keys = {compact(a.text_content()) for a in elem.iter("a")}
    return " ".join(line for line in _br_lines(elem) if compact(line) not in link_keys)


def _confirmed_lead(text: str, description: str) -> bool:
    """A standfirst's length, and the same passage as the description (not much longer than it)."""
    return (LEAD_MIN_WORDS <= _words(text) <= LEAD_MAX_WORDS and similar(text, description)
            and len(text) <= 2 * len(description) + LEAD_SLACK_CHARS)


def _mostly_links(elem: HtmlElement, text: str) -> bool:
    link_text = sum(len(squash(a.text_content())) for a in elem.iter("a"))
    return link_text > LEAD_MAX_LINK_SHARE * len(text)


def _find_h1(tree: HtmlElement, selectors: list[str], candidates: list[str]) -> str | None:
    """A hinted headline, else the first h1 that agrees with a declared title (any h1 when none is declared)."""
    hinted = select_texts(tree, selectors)
    if hinted:
        return hinted[0]
    comps = [compact(c) for c in candidates if c]
    for h1 in tree.iter("h1"):
        text = squash(h1.text_content())
        c = compact(text)
        if len(c) >= H1_MIN_CHARS and (not comps or any(c in x or x in c for x in comps)) and not names_the_site(h1):
            return text
    return None


# rel/itemprop "author", or a class that may name a byline (AUTHOR_TOKEN_RE decides): the substrings leave out the
# first letter, so that "Author", "ByLine", "Writer", "tacGia" are found too; attribute nodes are matched, so lxml
# filters in C (translate() to lower-case costs six times as much)
_BYLINE_ATTRIBUTES = etree.XPath(
    "//@rel[. = 'author'] | //@itemprop[. = 'author'] | //@class[contains(., 'uthor') or contains(., 'yline') or "
    "contains(., 'riter') or contains(., 'acgia') or contains(., 'acGia') or contains(., 'ac-gia')]")


def _byline_candidates(tree: HtmlElement) -> list[HtmlElement]:
    """Elements that may carry the byline, in page order."""
    found, seen = [], set()
    for value in _BYLINE_ATTRIBUTES(tree):
        elem = value.getparent()
        if id(elem) not in seen:
            seen.add(id(elem))
            found.append(elem)
    return found


def _dom_author(tree: HtmlElement, selectors: list[str]) -> str | None:
    hinted = select_texts(tree, selectors)
    if hinted:
        return clean_author(hinted)
    for elem in _byline_candidates(tree):
        if elem.get("rel") == "author" or elem.get("itemprop") == "author" or any(
            AUTHOR_TOKEN_RE.match(t) for t in decamel(elem.get("class") or "").split()
        ):
            text = squash(elem.text_content())
            if AUTHOR_MIN_CHARS <= len(text) <= AUTHOR_MAX_CHARS:
                name = clean_author(text, printed=True)
                if name:
                    return name
    return None


_TAG_WORDS = {"tag", "tags", "taglist", "keyword", "keywords", "topics", "tukhoa"}


@remembered
def _tags_named(value: str) -> bool:
    """A class or id that names a tags/keywords box ("tags", "box-tukhoa")."""
    return not _TAG_WORDS.isdisjoint(NAME_WORD_SPLIT_RE.split(value.lower()))


def _dom_tags(tree: HtmlElement, selectors: list[str]) -> list[str]:
    """Tag names: hinted links, else rel=tag links, else the links of the first tags/keywords-named container."""
    def names(links) -> list[str]:
        found = [squash(a.text_content()).strip(" ,;#") for a in links]
        tags = (t for t in found if t and len(t) <= TAG_MAX_CHARS and len(t.split()) <= TAG_MAX_WORDS)
        return list(dict.fromkeys(tags))

    hinted = names(a for selector in selectors for a in select(tree, selector))
    if hinted:
        return hinted
    rel = names(tree.xpath("//a[contains(concat(' ', normalize-space(@rel), ' '), ' tag ')]"))
    if rel:
        return rel
    for elem in named_elements(tree, _tags_named):
        if elem.find(".//a") is not None and not any(a.tag in ("nav", "header", "footer") for a in elem.iterancestors()):
            links = elem.xpath(".//a")
            if 1 <= len(links) <= TAG_BOX_MAX_LINKS:
                return names(links)
    return []


_PHOTO_PAGE_TYPES = ("photo", "gallery", "photostory")
_PHOTO_PAGE_CLASS_RE = re.compile(r"photo[-_]?story|photostory|gallery-page|page-photo|sc-longform-photo", re.I)
_PAGE_TYPE_VALUES = etree.XPath("//@data-component-page-type", smart_strings=False)


def _photo_marker(tree: HtmlElement) -> bool:
    """The page marks itself a photo story: a component page type, or a class of its body, article or main."""
    if any(value.lower() in _PHOTO_PAGE_TYPES for value in _PAGE_TYPE_VALUES(tree)):
        return True
    root = tree.getroottree().getroot()
    return any(_PHOTO_PAGE_CLASS_RE.search(elem.get("class") or "") for elem in root.iter("body", "article", "main"))


# ---------------------------------------------------------------- pre-cleaning and trafilatura

# The tree rules of pre-cleaning after the boilerplate removal, in the order they run, each under its name in
# ``options.RULES`` (so that each can be switched off to measure what it is worth).
TREE_RULES = (
    ("thread_replies", remove_thread_replies),
    ("headed_lists", partial(remove_headed_lists, heading_re=LIST_HEADING_RE)),
    ("link_blocks", remove_link_blocks),
    ("split_bodies", merge_split_bodies),
    ("layout_tables", unwrap_layout_tables),
    ("div_paragraphs", retag_div_paragraphs),
    ("sentence_spans", unwrap_sentence_spans),
    ("borderless_styles", clear_borderless_styles),
)


def pre_clean(tree: HtmlElement, base_url: str | None, drop: list[str],
              options: ExtractionOptions) -> tuple[HtmlElement, list[dict]]:
    """A cleaned copy of the tree, and the captions it held (recorded as data before they are marked).

    A copy, so that the DOM reads on the original stay valid.
    """
    work = deepcopy(tree)
    captions = collect_captions(work, base_url)
    remove_boilerplate(work, drop, named=options.rule_on("boilerplate"))
    for name, rule in TREE_RULES:
        if options.rule_on(name):
            rule(work)
    return work, captions


def trafilatura_text(work: HtmlElement, prefer: list[str], url: str | None,
                     options: ExtractionOptions) -> tuple[str, HtmlElement]:
    """trafilatura's text and the tree it came from: the hinted body container if it yields a body, else the page."""
    container = _preferred(work, prefer)
    if container is not None:
        raw = _run_trafilatura(container, url, options.favor_precision, fast=True)
        if len(raw) >= MIN_BODY_CHARS:
            return raw, container
    return _whole_page_text(work, url, options), work


def _preferred(tree: HtmlElement, selectors: list[str]) -> HtmlElement | None:
    """The first hinted container with an article's worth of text, as a document of its own.

    Parsed from its markup, not copied: the parser re-nests what pre-cleaning made invalid (a caption's <p> put
    inside a <p>), as it does for every page trafilatura reads.
    """
    for selector in selectors:
        for elem in select(tree, selector):
            if len(squash(elem.text_content())) >= MIN_BODY_CHARS:
                return parse_html(f"<html><body>{etree.tostring(elem, encoding='unicode')}</body></html>")
    return None


def _whole_page_text(work: HtmlElement, url: str | None, options: ExtractionOptions) -> str:
    """trafilatura's own extractor first; its readability/justext comparison only as a rescue.

    The rescue runs when the main extractor did not find an article's worth of text: it is slower, and the
    comparison tends to add boilerplate.
    """
    raw = _run_trafilatura(work, url, options.favor_precision, fast=True)
    if not options.fast and _short_of(raw, options.min_words):
        rescued = _run_trafilatura(work, url, options.favor_precision, fast=False)
        if len(rescued) > len(raw):
            return rescued
    return raw


def _run_trafilatura(tree: HtmlElement, url: str | None, favor_precision: bool, *, fast: bool) -> str:
    doc = bare_extraction(
        tree,
        url=url,
        fast=fast,
        include_comments=False,
        include_tables=True,
        include_images=False,
        with_metadata=False,
        favor_precision=favor_precision,
        deduplicate=False,
    )
    return (doc.text or "") if doc is not None else ""


def restore_lost_text(raw: str, source: HtmlElement, article_body: str | None, options: ExtractionOptions) -> str:
    """Put back what trafilatura loses: subheadings, and a body that only the JSON-LD carries."""
    if options.rule_on("subheadings"):
        # trafilatura's fallback for bodies outside its known containers keeps paragraphs, never headings
        raw = "\n".join(restore_subheadings(source, _squashed_lines(raw)))
    body_ld = _jsonld_body(article_body)
    if body_ld and _short_of(raw, options.min_words) and not _short_of(body_ld, options.min_words):
        # the page builds its body with a script (nothing in the markup) but declares it in JSON-LD
        return body_ld
    return raw


def _jsonld_body(body: str | None) -> str | None:
    """JSON-LD articleBody as text lines (some sites put HTML in it)."""
    if not body or not body.strip():
        return None
    if "<" in body and ">" in body:
        fragment = parse_html(f"<html><body><div>{body}</div></body></html>")
        if fragment is not None:
            for br in fragment.iter("br"):
                br.tail = "\n" + (br.tail or "")
            for block in fragment.xpath("//p | //div | //h2 | //h3 | //h4 | //li"):
                block.tail = "\n" + (block.tail or "")
            body = fragment.text_content()
    return "\n".join(squash(line) for line in html_module.unescape(body).split("\n") if line.strip())


# ---------------------------------------------------------------- line rules, photo stories, the lead

@dataclass(frozen=True)
class Body:
    """An extractor's text after the line rules: its lines (lead split off), photo-story verdict and origin."""

    lines: list[str]
    photo_story: bool
    extracted_by: str
    words: int  # lead + text, the count an article is judged by
    credited: str | None = None  # the writer named by a credit line of the text ("Tin, ảnh: X"), which is dropped


def body_from(raw: str, caption_keys: set[str], facts: DomFacts, options: ExtractionOptions,
              extracted_by: str) -> Body:
    """One extractor's raw text through the same line rules, photo-story test and lead split."""
    lines = _squashed_lines(raw)
    photo_story = _is_photo_story(lines, caption_keys, facts.photo_marker)
    credited = next((name for name in map(credited_name, reversed(lines)) if name), None)
    if options.rule_on("line_rules"):
        drop = ({compact(facts.title)} if facts.title else set()) | facts.signatures
        lines = clean_lines(lines, caption_keys, keep_captions=photo_story, drop_texts=drop)
    lines = split_lead(lines, facts.lead)
    return Body(lines, photo_story, extracted_by, _words("\n".join(lines)) + _words(facts.lead or ""), credited)


# alt texts as plain strings, not strings that know their element
_IMAGE_ALTS = etree.XPath("//img/@alt", smart_strings=False)


def _caption_keys(work: HtmlElement, captions: list[dict], not_captions: tuple[str | None, ...],
                  options: ExtractionOptions) -> set[str]:
    """Compact forms of the lines that are captions: the recorded captions and, unless switched off, alt texts."""
    keys = {compact(c["caption"]) for c in captions if c["caption"]}
    if options.rule_on("alt_captions"):
        # a line repeating an image's alt text is a caption printed next to the picture (not when the alt text
        # just repeats the headline, standfirst or description: that text is no caption)
        keep = {compact(t) for t in not_captions if t}
        keys |= {compact(alt) for alt in _IMAGE_ALTS(work) if len(alt.split()) >= ALT_CAPTION_MIN_WORDS} - keep
        keys.discard("")
    return keys


def _is_photo_story(lines: list[str], caption_keys: set[str], photo_marker: bool) -> bool:
    """The narrative lives in the captions: enough caption lines, with as many words as the rest of the text."""
    is_caption = [compact(line) in caption_keys for line in lines]
    caption_words = sum(_words(line) for line, cap in zip(lines, is_caption) if cap)
    other_words = sum(_words(line) for line, cap in zip(lines, is_caption) if not cap)
    return sum(is_caption) >= PHOTO_STORY_MIN_CAPTIONS and (
        caption_words >= other_words or (photo_marker and caption_words >= PHOTO_STORY_MARKED_SHARE * other_words))


def split_lead(lines: list[str], lead: str | None) -> list[str]:
    """The text without the lead, which is a field of its own: its copy among the first lines, and any repeat."""
    if not lead:
        return lines
    lead_key = compact(lead)
    for i, line in enumerate(lines[:LEAD_SEARCH_LINES]):
        key = compact(line)
        if key == lead_key or (len(key) > LEAD_FRAGMENT_MIN_CHARS and key in lead_key):
            lines = lines[:i] + lines[i + 1:]
            break
    # a lead wholly repeated elsewhere in the body is not a separate standfirst
    return [line for line in lines if compact(line) != lead_key]


# ---------------------------------------------------------------- refusals

def refuse_listing(tree: HtmlElement, meta: dict, lines: list[str]) -> None:
    """Raise NotAnArticle for a listing page: its "text" is mostly link titles (no fallback makes it an article)."""
    if not meta["is_article"] and lines and (meta["is_listing"] or _mostly_headlines(tree, lines)
                                             or is_teaser_list(tree, lines)):
        raise NotAnArticle("listing_page")


def _mostly_headlines(tree: HtmlElement, lines: list[str]) -> bool:
    anchors = _anchor_texts(tree)
    linked = sum(1 for line in lines if compact(line) in anchors)
    return len(lines) >= LISTING_MIN_LINES and linked >= LISTING_LINKED_SHARE * len(lines)


def _refusal(meta: dict, tree: HtmlElement, reason: str) -> str:
    """A page without article text that is full of headline links and has no article markup is a listing."""
    if not meta["is_article"] and (meta["is_listing"] or len(_anchor_texts(tree)) >= LISTING_MIN_HEADLINES):
        return "listing_page"
    return reason


def _anchor_texts(tree: HtmlElement) -> set[str]:
    """Compact forms of the page's headline links."""
    texts = set()
    for a in tree.iter("a"):
        text = squash(a.text_content())
        if len(text.split()) >= HEADLINE_MIN_WORDS:
            texts.add(compact(text))
    return texts


# ---------------------------------------------------------------- the floor: never less than stock trafilatura

def needs_stock_check(tree: HtmlElement, body: Body, lead: str | None, min_words: int) -> bool:
    """Whether the project's body may have lost the article, so that stock trafilatura must be asked too.

    Cheap, so that stock runs on few pages: a body too short to archive, or one holding less than
    STOCK_CHECK_PTEXT_SHARE of the page's paragraph text (an article lives in its paragraphs; a body far smaller
    than them was probably taken from the wrong part of the page).
    """
    if body.words < max(min_words, 1):
        return True
    kept = len("\n".join(body.lines)) + len(lead or "")
    return kept < STOCK_CHECK_PTEXT_SHARE * _paragraph_chars(tree)


def _paragraph_chars(tree: HtmlElement) -> int:
    """Characters of the body's paragraph text (text nodes of only spaces, tabs and newlines left out)."""
    return sum(len(text) for body in tree.getroottree().getroot().iter("body")
               for text in paragraph_texts(body) if text.strip(XML_SPACE))


def stock_text(tree: HtmlElement, url: str | None, fast: bool) -> str:
    """What ``trafilatura.extract(html, include_comments=False)`` finds on the page (it copies the tree).

    All of stock, its readability/justext comparison included (unless ``fast`` forbids it): its main extractor
    alone misses bodies that the comparison finds (the 2012 VnExpress reader letter), and those are the pages this
    check exists for.
    """
    doc = bare_extraction(tree, url=url, include_comments=False, with_metadata=False, fast=fast)
    return (doc.text or "") if doc is not None else ""


def better_body(project: Body, stock: Body, min_words: int) -> Body:
    """The project's body unless stock trafilatura's holds an article where it does not.

    Stock wins when the project's body is too short to archive and stock's is not, or when stock's is at least
    STOCK_LONGER_FACTOR times longer and shares less than SAME_REGION_SHARE of the project's text: the two were
    then taken from different parts of the page (a letter's comments instead of the letter), and the longer one is
    the article. A project body contained in stock's longer one is a deliberate trim, and stays.
    """
    enough = max(min_words, 1)
    if project.words < enough:
        return stock if stock.words >= enough else project
    if stock.words >= STOCK_LONGER_FACTOR * project.words and \
            _shared_share(project.lines, stock.lines) < SAME_REGION_SHARE:
        return stock
    return project


def _shared_share(lines: list[str], other: list[str]) -> float:
    """Share of the word shingles of ``lines`` that also occur in ``other`` (multisets).

    Shingles of SHARED_SHINGLE_WORDS words, not single words: Vietnamese words are syllables, and the common ones
    (của, và, là, tôi) are shared by any two Vietnamese texts.
    """
    mine, theirs = _shingles(lines), _shingles(other)
    total = sum(mine.values())
    return sum((mine & theirs).values()) / total if total else 0.0


def _shingles(lines: list[str]) -> Counter:
    words = WORD_RE.findall(" ".join(lines).lower())
    return Counter(tuple(words[i:i + SHARED_SHINGLE_WORDS]) for i in range(len(words) - SHARED_SHINGLE_WORDS + 1))


# ---------------------------------------------------------------- main

def _parse(html: str) -> HtmlElement:
    if not isinstance(html, str) or "<" not in html or not re.search(r"<\s*[a-zA-Z!]", html):
        raise NotAnArticle("not_html")
    tree = parse_html(html)
    if tree is None or not isinstance(tree, HtmlElement):
        raise NotAnArticle("not_html")
    return tree


def extract_article(
    html: str,
    url: str | None = None,
    hints: dict | None = None,
    *,
    options: ExtractionOptions | None = None,
    **overrides,
) -> dict:
    """Extract one article from decoded (NFC) HTML; raise NotAnArticle(reason) for anything else.

    Pure (no I/O, no global state changed) and a top-level function, so it can run in worker processes.

    hints: the site's extraction hints as the registry resolved them (``Site.hints``: ``{"prefer": [css],
        "drop": [css], "title", "lead", "author", "date", "tags"}``), used as given; missing keys are empty and a
        "platform" key is ignored (the registry has already merged the platform's hints in).
    options: ``ExtractionOptions`` (its defaults when None); ``overrides`` replace single fields of it
        (``min_words=60``, ``rules_off=("link_blocks",)``).
    """
    options = replace(options or ExtractionOptions(), **overrides)
    tree = _parse(html)
    hints = merge_hints(hints)
    meta = page_metadata(tree, url)
    facts = read_dom_facts(tree, meta, hints)
    work, captions = pre_clean(tree, meta["canonical_url"] or url, hints["drop"], options)
    raw, source = trafilatura_text(work, hints["prefer"], url, options)
    raw = restore_lost_text(raw, source, meta["article_body"], options)
    caption_keys = _caption_keys(work, captions, (facts.title, facts.lead, meta["description"]), options)
    body = body_from(raw, caption_keys, facts, options, EXTRACTED_BY_PROJECT)
    if needs_stock_check(tree, body, facts.lead, options.min_words):
        stock = body_from(stock_text(tree, url, options.fast), caption_keys, facts, options, EXTRACTED_BY_STOCK)
        body = better_body(body, stock, options.min_words)
        if not raw.strip() and not stock.lines:
            raise NotAnArticle(_refusal(meta, tree, "no_body"))
    refuse_listing(tree, meta, body.lines)
    if body.words < options.min_words:
        raise NotAnArticle(_refusal(meta, tree, "too_short"), f"{body.words} words")
    text = "\n".join(body.lines)
    return {
        "url": url,
        "canonical_url": meta["canonical_url"],
        "title": facts.title,
        "lead": facts.lead,
        "text": text,
        "author": facts.author or clean_author(body.credited),
        "published": facts.published,
        "modified": facts.modified,
        "tags": facts.tags,
        "categories": meta["categories"],
        "description": meta["description"],
        "image": meta["image"] or next((c["image"] for c in captions if c["image"]), None),
        "captions": captions,
        "page_type": "photo_story" if body.photo_story else "article",
        "site_name": meta["site_name"],
        "word_count": body.words,
        "extracted_by": body.extracted_by,
    }
