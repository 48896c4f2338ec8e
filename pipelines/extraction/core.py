"""extract_article: trafilatura as the engine, with pre-cleaning, post-processing and metadata around it.

``extract_article`` runs the phases below in order, one function each: read metadata from the DOM (before anything
is removed), pre-clean a copy of the tree, run trafilatura, restore what it loses, apply the line rules and decide
between article and photo story, split off the lead, refuse listing pages and short texts, build the result.
"""

from __future__ import annotations

import html as html_module
import re
from copy import deepcopy
from dataclasses import dataclass, replace

from htmldate import find_date
from lxml import etree
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.utils import load_html

from .clean import (
    collect_captions,
    merge_split_bodies,
    named_elements,
    remove_boilerplate,
    remove_headed_lists,
    remove_link_blocks,
    restore_subheadings,
)
from .dates import DNUM_RE, VN_TZ, decode_dnum, parse_date
from .listing import HEADLINE_MIN_WORDS, is_teaser_list
from .meta import clean_author, page_metadata, squash, strip_site_suffix
from .options import ExtractionOptions
from .platforms import merge_hints
from .text import LIST_HEADING_RE, clean_lines, compact

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
# A page's h1 shorter than this (compact characters) is no headline.
H1_MIN_CHARS = 10
# A byline element's text outside these lengths (characters) is no name.
AUTHOR_MIN_CHARS = 2
AUTHOR_MAX_CHARS = 120
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


def _select_text(tree: HtmlElement, selectors: list[str]) -> list[str]:
    """The texts of the first selector that matches anything with text (selectors are in order of preference)."""
    found = []
    for selector in selectors:
        for elem in tree.cssselect(selector):
            text = squash(elem.text_content())
            if text:
                found.append(text)
        if found:
            break
    return found


# ---------------------------------------------------------------- DOM-read metadata

LEAD_TOKEN_RE = re.compile(
    r"^(?:.*[-_])?(?:sapo|lead|leadtext|lede|standfirst|dek|deck|summary|excerpt|intro|chapeau|description|desc|"
    r"subtitle|sub-title|teaser|abstract|subhead|summery)(?:[-_].*)?$",
    re.I,
)
_LEAD_QUICK_RE = re.compile(
    r"sapo|lead|lede|standfirst|dek|summ|excerpt|intro|chapeau|desc|subtitle|sub-title|teaser|abstract|subhead"
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


def read_dom_facts(tree: HtmlElement, meta: dict, hints: dict[str, list[str]]) -> DomFacts:
    """Metadata from machine-readable sources (``meta``) first, the hinted and generic DOM elements after."""
    site_name = meta["site_name"]
    title = _find_h1(tree, hints["title"], meta["title_candidates"]) or next(iter(meta["title_candidates"]), None)
    return DomFacts(
        title=strip_site_suffix(title, [site_name] if site_name else [], meta["host"]),
        lead=_find_lead(tree, hints["lead"], meta["description"]),
        author=clean_author(meta["authors"]) or _dom_author(tree, hints["author"]),
        tags=meta["tags"] or _dom_tags(tree, hints["tags"]),
        published=_published(tree, meta["published_raw"], hints["date"]),
        modified=_first_date(meta["modified_raw"]),
        photo_marker=_photo_marker(tree),
    )


def _first_date(values: list[str]) -> str | None:
    return next((d for d in (parse_date(v) for v in values) if d), None)


def _published(tree: HtmlElement, declared: list[str], selectors: list[str]) -> str | None:
    """The declared date, else a hinted element's, else htmldate's guess, else the OneCMS DNUM token."""
    return (_first_date(declared) or _hinted_date(tree, selectors) or _htmldate(tree)
            or decode_dnum(" ".join(_select_text(tree, selectors))) or decode_dnum(_body_text(tree)))


def _hinted_date(tree: HtmlElement, selectors: list[str]) -> str | None:
    for text in _select_text(tree, selectors):
        published = parse_date(DNUM_RE.sub(" ", text))
        if published:
            return published
    return None


def _htmldate(tree: HtmlElement) -> str | None:
    """htmldate's guess, on a copy (it edits the tree)."""
    try:
        found = find_date(deepcopy(tree), extensive_search=False, original_date=True,
                          outputformat="%Y-%m-%dT%H:%M:%S")
    except Exception:  # a third-party heuristic on arbitrary markup: its failure means no date, not a broken page
        return None
    return parse_date(found, VN_TZ) if found else None


def _body_text(tree: HtmlElement) -> str:
    body = tree.find(".//body")
    return squash(body.text_content()) if body is not None else ""


def _visible_text(elem: HtmlElement) -> str:
    return squash(" ".join(_iter_visible(elem)))


def _iter_visible(elem: HtmlElement):
    if elem.tag in ("script", "style", "noscript", "template"):
        return
    if elem.text:
        yield elem.text
    for child in elem:
        if isinstance(child.tag, str):
            yield from _iter_visible(child)
        if child.tail:
            yield child.tail


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


def _find_lead(tree: HtmlElement, selectors: list[str], description: str | None) -> str | None:
    """The standfirst: a hinted element, or a lead/sapo-classed element that the page's description confirms."""
    hinted = _select_text(tree, selectors)
    if hinted:
        return hinted[0]
    if not description:
        return None
    for elem in named_elements(tree, lambda v: bool(_LEAD_QUICK_RE.search(v.lower())) and any(
            LEAD_TOKEN_RE.match(t) for t in v.split())):
        if not isinstance(elem.tag, str) or elem.tag in _LEAD_SKIP_TAGS:
            continue
        if any(a.tag in ("nav", "footer", "aside", "li", "a") for a in elem.iterancestors()):
            continue
        text = _visible_text(elem)
        if _confirmed_lead(text, description) and not _mostly_links(elem, text):
            return text
    return None


def _confirmed_lead(text: str, description: str) -> bool:
    """A standfirst's length, and the same passage as the description (not much longer than it)."""
    return (LEAD_MIN_WORDS <= _words(text) <= LEAD_MAX_WORDS and similar(text, description)
            and len(text) <= 2 * len(description) + LEAD_SLACK_CHARS)


def _mostly_links(elem: HtmlElement, text: str) -> bool:
    link_text = sum(len(squash(a.text_content())) for a in elem.iter("a"))
    return link_text > LEAD_MAX_LINK_SHARE * len(text)


def _find_h1(tree: HtmlElement, selectors: list[str], candidates: list[str]) -> str | None:
    """A hinted headline, else the first h1 that agrees with a declared title (any h1 when none is declared)."""
    hinted = _select_text(tree, selectors)
    if hinted:
        return hinted[0]
    comps = [compact(c) for c in candidates if c]
    for h1 in tree.iter("h1"):
        text = squash(h1.text_content())
        c = compact(text)
        if len(c) >= H1_MIN_CHARS and (not comps or any(c in x or x in c for x in comps)):
            return text
    return None


def _dom_author(tree: HtmlElement, selectors: list[str]) -> str | None:
    hinted = _select_text(tree, selectors)
    if hinted:
        return clean_author(hinted)
    for elem in tree.xpath("//*[@rel='author' or @itemprop='author' or contains(@class, 'author') or "
                           "contains(@class, 'byline') or contains(@class, 'Author') or contains(@class, 'writer')]"):
        if elem.get("rel") == "author" or elem.get("itemprop") == "author" or any(
            AUTHOR_TOKEN_RE.match(t) for t in (elem.get("class") or "").split()
        ):
            text = squash(elem.text_content())
            if AUTHOR_MIN_CHARS <= len(text) <= AUTHOR_MAX_CHARS:
                name = clean_author(text)
                if name:
                    return name
    return None


_TAG_WORDS = {"tag", "tags", "taglist", "keyword", "keywords", "topics", "tukhoa"}
_TAG_SPLIT_RE = re.compile(r"[\s_-]+")


def _dom_tags(tree: HtmlElement, selectors: list[str]) -> list[str]:
    """Tag names: hinted links, else rel=tag links, else the links of the first tags/keywords-named container."""
    def names(links) -> list[str]:
        found = [squash(a.text_content()).strip(" ,;#") for a in links]
        tags = (t for t in found if t and len(t) <= TAG_MAX_CHARS and len(t.split()) <= TAG_MAX_WORDS)
        return list(dict.fromkeys(tags))

    hinted = names(a for selector in selectors for a in tree.cssselect(selector))
    if hinted:
        return hinted
    rel = names(tree.xpath("//a[contains(concat(' ', normalize-space(@rel), ' '), ' tag ')]"))
    if rel:
        return rel
    for elem in tree.xpath("//body//*[(@class or @id) and .//a]"):
        words = set(_TAG_SPLIT_RE.split(f"{elem.get('class') or ''} {elem.get('id') or ''}".lower()))
        if words & _TAG_WORDS and not any(a.tag in ("nav", "header", "footer") for a in elem.iterancestors()):
            links = elem.xpath(".//a")
            if 1 <= len(links) <= TAG_BOX_MAX_LINKS:
                return names(links)
    return []


def _photo_marker(tree: HtmlElement) -> bool:
    for elem in tree.xpath("//*[@data-component-page-type] | //body[@class] | //article[@class] | //main[@class]"):
        if (elem.get("data-component-page-type") or "").lower() in ("photo", "gallery", "photostory"):
            return True
        if elem.tag in ("body", "article", "main") and re.search(
            r"photo[-_]?story|photostory|gallery-page|page-photo|sc-longform-photo", elem.get("class") or "", re.I
        ):
            return True
    return False


# ---------------------------------------------------------------- pre-cleaning and trafilatura

def pre_clean(tree: HtmlElement, base_url: str | None, drop: list[str],
              options: ExtractionOptions) -> tuple[HtmlElement, list[dict]]:
    """A cleaned copy of the tree, and the captions it held (recorded as data before they are marked).

    A copy, so that the DOM reads on the original stay valid.
    """
    work = deepcopy(tree)
    captions = collect_captions(work, base_url)
    remove_boilerplate(work, drop, named=options.rule_on("boilerplate"))
    if options.rule_on("headed_lists"):
        remove_headed_lists(work, LIST_HEADING_RE)
    if options.rule_on("link_blocks"):
        remove_link_blocks(work)
    if options.rule_on("split_bodies"):
        merge_split_bodies(work)
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
    """The first hinted container with an article's worth of text, as a document of its own."""
    for selector in selectors:
        for elem in tree.cssselect(selector):
            if len(squash(elem.text_content())) >= MIN_BODY_CHARS:
                root = etree.Element("html")
                body = etree.SubElement(root, "body")
                body.append(deepcopy(elem))
                return load_html(etree.tostring(root, encoding="unicode"))
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
        fragment = load_html(f"<html><body><div>{body}</div></body></html>")
        if fragment is not None:
            for br in fragment.iter("br"):
                br.tail = "\n" + (br.tail or "")
            for block in fragment.xpath("//p | //div | //h2 | //h3 | //h4 | //li"):
                block.tail = "\n" + (block.tail or "")
            body = fragment.text_content()
    return "\n".join(squash(line) for line in html_module.unescape(body).split("\n") if line.strip())


# ---------------------------------------------------------------- line rules, photo stories, the lead

def body_lines(raw: str, work: HtmlElement, captions: list[dict], facts: DomFacts, description: str | None,
               options: ExtractionOptions) -> tuple[list[str], bool]:
    """The text's lines after the line rules, and whether the page is a photo story (its captions then stay)."""
    caption_keys = _caption_keys(work, captions, (facts.title, facts.lead, description), options)
    lines = _squashed_lines(raw)
    photo_story = _is_photo_story(lines, caption_keys, facts.photo_marker)
    if options.rule_on("line_rules"):
        drop = {compact(facts.title)} if facts.title else set()
        lines = clean_lines(lines, caption_keys, keep_captions=photo_story, drop_texts=drop)
    return lines, photo_story


def _caption_keys(work: HtmlElement, captions: list[dict], not_captions: tuple[str | None, ...],
                  options: ExtractionOptions) -> set[str]:
    """Compact forms of the lines that are captions: the recorded captions and, unless switched off, alt texts."""
    keys = {compact(c["caption"]) for c in captions if c["caption"]}
    if options.rule_on("alt_captions"):
        # a line repeating an image's alt text is a caption printed next to the picture (not when the alt text
        # just repeats the headline, standfirst or description: that text is no caption)
        keep = {compact(t) for t in not_captions if t}
        keys |= {compact(alt) for alt in work.xpath("//img/@alt") if len(alt.split()) >= ALT_CAPTION_MIN_WORDS} - keep
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

def refuse_non_articles(tree: HtmlElement, meta: dict, lines: list[str], word_count: int, min_words: int) -> None:
    """Raise NotAnArticle for a listing page (its "text" is mostly link titles) or a text too short for an article."""
    if not meta["is_article"] and lines and (meta["is_listing"] or _mostly_headlines(tree, lines)
                                             or is_teaser_list(tree, lines)):
        raise NotAnArticle("listing_page")
    if word_count < min_words:
        raise NotAnArticle(_refusal(meta, tree, "too_short"), f"{word_count} words")


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


# ---------------------------------------------------------------- main

def _parse(html: str) -> HtmlElement:
    if not isinstance(html, str) or "<" not in html or not re.search(r"<\s*[a-zA-Z!]", html):
        raise NotAnArticle("not_html")
    tree = load_html(html)
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
    if not raw.strip():
        raise NotAnArticle(_refusal(meta, tree, "no_body"))
    lines, photo_story = body_lines(raw, work, captions, facts, meta["description"], options)
    lines = split_lead(lines, facts.lead)
    text = "\n".join(lines)
    word_count = _words(text) + _words(facts.lead or "")
    refuse_non_articles(tree, meta, lines, word_count, options.min_words)
    return {
        "url": url,
        "canonical_url": meta["canonical_url"],
        "title": facts.title,
        "lead": facts.lead,
        "text": text,
        "author": facts.author,
        "published": facts.published,
        "modified": facts.modified,
        "tags": facts.tags,
        "categories": meta["categories"],
        "description": meta["description"],
        "image": meta["image"] or next((c["image"] for c in captions if c["image"]), None),
        "captions": captions,
        "page_type": "photo_story" if photo_story else "article",
        "site_name": meta["site_name"],
        "word_count": word_count,
    }
