"""extract_article: trafilatura as the engine, with pre-cleaning, post-processing and metadata around it."""

from __future__ import annotations

import html as html_module
import re
from copy import deepcopy

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
from .meta import clean_author, page_metadata, squash, strip_site_suffix
from .platforms import merge_hints
from .text import LIST_HEADING_RE, clean_lines, compact

WORD_RE = re.compile(r"\w+")
DEFAULT_MIN_WORDS = 50


class NotAnArticle(Exception):
    """The page is not an article; ``reason`` is a short snake_case code."""

    def __init__(self, reason: str, detail: str | None = None):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail

    def __reduce__(self):  # picklable across worker processes
        return (NotAnArticle, (self.reason, self.detail))


def _select_text(tree: HtmlElement, selectors: list[str]) -> list[str]:
    found = []
    for selector in selectors:
        try:
            elems = tree.cssselect(selector)
        except Exception:
            continue
        for elem in elems:
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
    n = min(len(ca), len(cb), 60)
    if n >= 30 and ca[:n] == cb[:n]:
        return True
    wa, wb = set(WORD_RE.findall(a.lower())), set(WORD_RE.findall(b.lower()))
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) >= 0.8 and min(len(wa), len(wb)) >= 8


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
        words = len(WORD_RE.findall(text))
        if not 8 <= words <= 150 or not similar(text, description) or len(text) > 2 * len(description) + 40:
            continue
        link_text = sum(len(squash(a.text_content())) for a in elem.iter("a"))
        if link_text > 0.3 * len(text):
            continue
        return text
    return None


def _find_h1(tree: HtmlElement, selectors: list[str], candidates: list[str]) -> str | None:
    hinted = _select_text(tree, selectors)
    if hinted:
        return hinted[0]
    comps = [compact(c) for c in candidates if c]
    for h1 in tree.iter("h1"):
        text = squash(h1.text_content())
        c = compact(text)
        if len(c) >= 10 and (not comps or any(c in x or x in c for x in comps)):
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
            if 2 <= len(text) <= 120:
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
        return list(dict.fromkeys(t for t in found if t and len(t) <= 60 and len(t.split()) <= 8))

    hinted = names(a for sel in selectors for a in _css(tree, sel))
    if hinted:
        return hinted
    rel = names(tree.xpath("//a[contains(concat(' ', normalize-space(@rel), ' '), ' tag ')]"))
    if rel:
        return rel
    for elem in tree.xpath("//body//*[(@class or @id) and .//a]"):
        words = set(_TAG_SPLIT_RE.split(f"{elem.get('class') or ''} {elem.get('id') or ''}".lower()))
        if words & _TAG_WORDS and not any(a.tag in ("nav", "header", "footer") for a in elem.iterancestors()):
            links = elem.xpath(".//a")
            if 1 <= len(links) <= 25:
                return names(links)
    return []


def _css(tree: HtmlElement, selector: str) -> list:
    try:
        return tree.cssselect(selector)
    except Exception:
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


# ---------------------------------------------------------------- main

def _preferred(tree: HtmlElement, selectors: list[str]) -> HtmlElement | None:
    for selector in selectors:
        try:
            elems = tree.cssselect(selector)
        except Exception:
            continue
        for elem in elems:
            if len(squash(elem.text_content())) >= 200:
                root = etree.Element("html")
                body = etree.SubElement(root, "body")
                body.append(deepcopy(elem))
                return load_html(etree.tostring(root, encoding="unicode"))
    return None


def _run_trafilatura(tree: HtmlElement, url: str | None, favor_precision: bool, fast: bool = False) -> str:
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


def _anchor_texts(tree: HtmlElement) -> set[str]:
    texts = set()
    for a in tree.iter("a"):
        text = squash(a.text_content())
        if len(text.split()) >= 3:
            texts.add(compact(text))
    return texts


def extract_article(
    html: str,
    url: str | None = None,
    hints: dict | None = None,
    *,
    min_words: int = DEFAULT_MIN_WORDS,
    favor_precision: bool = True,
    fast: bool = False,
    rules_off: tuple[str, ...] = (),
) -> dict:
    """Extract one article from decoded (NFC) HTML; raise NotAnArticle(reason) for anything else.

    Pure (no I/O, no global state changed) and a top-level function, so it can run in worker processes.

    hints: the site's registry entry, ``{"platform": "onecms", "drop": [css], "prefer": [css], ...}``; the hints of
        the named platform (``platforms.PLATFORMS``) are merged under the site's own.
    min_words: fewer words (lead + text) than this is ``too_short``.
    favor_precision: trafilatura's precision mode (the default; keeps the lead and subheadings, drops more widgets).
    fast: never run trafilatura's readability/justext comparison, not even as a rescue for pages where its main
        extractor finds less than ``min_words``.
    rules_off: names of cleaning rules to switch off, for measuring each rule ("boilerplate", "headed_lists",
        "link_blocks", "split_bodies", "subheadings", "alt_captions", "line_rules").
    """
    if not isinstance(html, str) or "<" not in html or not re.search(r"<\s*[a-zA-Z!]", html):
        raise NotAnArticle("not_html")
    tree = load_html(html)
    if tree is None or not isinstance(tree, HtmlElement):
        raise NotAnArticle("not_html")
    merged = merge_hints(hints)
    meta = page_metadata(tree, url)

    # ---- metadata read from the DOM before the tree is cleaned
    site_name = meta["site_name"]
    h1 = _find_h1(tree, merged["title"], meta["title_candidates"])
    title = h1 or next(iter(meta["title_candidates"]), None)
    title = strip_site_suffix(title, [site_name] if site_name else [], meta["host"])
    lead_dom = _find_lead(tree, merged["lead"], meta["description"])
    author = clean_author(meta["authors"]) or _dom_author(tree, merged["author"])
    tags = meta["tags"] or _dom_tags(tree, merged["tags"])
    published = next((d for d in (parse_date(v) for v in meta["published_raw"]) if d), None)
    modified = next((d for d in (parse_date(v) for v in meta["modified_raw"]) if d), None)
    if published is None:
        for text in _select_text(tree, merged["date"]):
            published = parse_date(DNUM_RE.sub(" ", text)) or None
            if published:
                break
    if published is None:
        published = _htmldate(tree)
    if published is None:
        published = decode_dnum(" ".join(_select_text(tree, merged["date"]))) or decode_dnum(
            squash(tree.find(".//body").text_content()) if tree.find(".//body") is not None else ""
        )
    photo_marker = _photo_marker(tree)

    # ---- pre-cleaning (on a copy: the DOM reads above stay valid)
    work = deepcopy(tree)
    captions = collect_captions(work, meta["canonical_url"] or url)
    remove_boilerplate(work, merged["drop"], named="boilerplate" not in rules_off)
    if "headed_lists" not in rules_off:
        remove_headed_lists(work, LIST_HEADING_RE)
    if "link_blocks" not in rules_off:
        remove_link_blocks(work)
    if "split_bodies" not in rules_off:
        merge_split_bodies(work)

    raw = ""
    target = _preferred(work, merged["prefer"]) if merged["prefer"] else None
    source = work  # the tree the text was extracted from
    if target is not None:
        raw = _run_trafilatura(target, url, favor_precision, fast=True)
        source = target
    if len(raw) < 200:
        source = work
        # trafilatura's own extractor first; its readability/justext comparison only as a rescue, when the main
        # extractor did not find an article's worth of text (cheaper, and the comparison tends to add boilerplate)
        raw = _run_trafilatura(work, url, favor_precision, fast=True)
        if not fast and len(WORD_RE.findall(raw)) < max(min_words, 1):
            rescued = _run_trafilatura(work, url, favor_precision, fast=False)
            if len(rescued) > len(raw):
                raw = rescued
    if "subheadings" not in rules_off:
        # trafilatura's fallback for bodies outside its known containers keeps paragraphs, never headings
        raw = "\n".join(restore_subheadings(source, [line for line in (squash(x) for x in raw.split("\n")) if line]))
    body_ld = _jsonld_body(meta["article_body"])
    if body_ld and len(WORD_RE.findall(raw)) < max(min_words, 1) <= len(WORD_RE.findall(body_ld)):
        # the page builds its body with a script (nothing in the markup) but declares it in JSON-LD
        raw = body_ld
    if not raw.strip():
        raise NotAnArticle(_refusal(meta, tree, "no_body"))

    caption_keys = {compact(c["caption"]) for c in captions if c["caption"]}
    if "alt_captions" not in rules_off:
        # a line repeating an image's alt text is a caption printed next to the picture
        # (not when the alt text just repeats the headline, standfirst or description: that text is no caption)
        keep_keys = {compact(t) for t in (title, lead_dom, meta["description"]) if t}
        caption_keys |= {compact(alt) for alt in work.xpath("//img/@alt") if len(alt.split()) >= 3} - keep_keys
        caption_keys.discard("")
    lines = [squash(line) for line in raw.split("\n")]
    lines = [line for line in lines if line]

    # ---- photo story: the narrative lives in the captions
    is_caption = [compact(line) in caption_keys for line in lines]
    cap_words = sum(len(WORD_RE.findall(line)) for line, cap in zip(lines, is_caption) if cap)
    cap_lines = sum(is_caption)
    body_words = sum(len(WORD_RE.findall(line)) for line, cap in zip(lines, is_caption) if not cap)
    photo_story = cap_lines >= 3 and (cap_words >= body_words or (photo_marker and cap_words >= 0.3 * body_words))

    drop = set()
    if title:
        drop.add(compact(title))
    if "line_rules" not in rules_off:
        lines = clean_lines(lines, caption_keys, keep_captions=photo_story, drop_texts=drop)

    # ---- lead: separate from the text
    lead = lead_dom
    desc = meta["description"]
    if lead:
        lead_key = compact(lead)
        for i, line in enumerate(lines[:3]):
            key = compact(line)
            if key == lead_key or (len(key) > 30 and (key in lead_key)):
                del lines[i]
                break
        # a lead wholly repeated elsewhere in the body is not a separate standfirst
        lines = [line for line in lines if compact(line) != lead_key]

    text = "\n".join(lines)
    word_count = len(WORD_RE.findall(text)) + len(WORD_RE.findall(lead or ""))

    # ---- listing pages: the "text" is mostly link titles
    if not meta["is_article"] and lines:
        anchors = _anchor_texts(tree)
        linked = sum(1 for line in lines if compact(line) in anchors)
        if meta["is_listing"] or (len(lines) >= 5 and linked >= 0.5 * len(lines)):
            raise NotAnArticle("listing_page")
    if word_count < min_words:
        raise NotAnArticle(_refusal(meta, tree, "too_short"), f"{word_count} words")

    return {
        "url": url,
        "canonical_url": meta["canonical_url"],
        "title": title,
        "lead": lead,
        "text": text,
        "author": author,
        "published": published,
        "modified": modified,
        "tags": tags,
        "categories": meta["categories"],
        "description": desc,
        "image": meta["image"] or next((c["image"] for c in captions if c["image"]), None),
        "captions": captions,
        "page_type": "photo_story" if photo_story else "article",
        "site_name": site_name,
        "word_count": word_count,
    }


def _jsonld_body(body: str | None) -> str | None:
    """JSON-LD articleBody as text lines (some sites put HTML in it)."""
    if not body or not body.strip():
        return None
    if "<" in body and ">" in body:
        try:
            fragment = load_html(f"<html><body><div>{body}</div></body></html>")
        except Exception:
            fragment = None
        if fragment is not None:
            for br in fragment.iter("br"):
                br.tail = "\n" + (br.tail or "")
            for block in fragment.xpath("//p | //div | //h2 | //h3 | //h4 | //li"):
                block.tail = "\n" + (block.tail or "")
            body = fragment.text_content()
    return "\n".join(squash(line) for line in html_module.unescape(body).split("\n") if line.strip())


def _refusal(meta: dict, tree: HtmlElement, reason: str) -> str:
    """A page without article text that is full of headline links and has no article markup is a listing."""
    if not meta["is_article"] and (meta["is_listing"] or len(_anchor_texts(tree)) >= 8):
        return "listing_page"
    return reason


def _htmldate(tree: HtmlElement) -> str | None:
    try:
        from htmldate import find_date
    except ImportError:  # pragma: no cover
        return None
    try:
        found = find_date(deepcopy(tree), extensive_search=False, original_date=True,
                          outputformat="%Y-%m-%dT%H:%M:%S")
    except Exception:
        return None
    return parse_date(found, VN_TZ) if found else None
