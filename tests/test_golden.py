"""Golden pages, in the manner of Fundus: one stored page and its expected extraction per case, compared exactly.

tests/golden/<platform>/<site>_<YYYY-MM-DD>[_<id>].html.gz is the page, the .json beside it the case: url, site,
platform, registry (whose hints the crawler would pass), content_type, source and ``expected``. Refresh the
expected outputs with ``python -m tests.golden.regenerate`` and review the ``git diff`` (tests/golden/README.md).

``expected`` is what the code printed, so the sample pages are also held against the hand-written truth of
data/samples/expected.json (and the reconstructed #newscontents page against its own .truth.json): a golden
that contradicts the truth fails here even though it matches the current output.
"""

from __future__ import annotations

import difflib
import gzip
import json
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.registry import load_registry
from pipelines.extraction import NotAnArticle, extract_article
from pipelines.extraction.encoding import decode_html
from pipelines.extraction.options import DEFAULT_MIN_WORDS

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
SAMPLE_REGISTRY = "data/samples/sites.toml"
CRAWL_REGISTRY = ROOT / "crawler" / "sites.toml"
GENERIC = "generic"  # the directory of pages whose site has no platform
MIN_WORDS = DEFAULT_MIN_WORDS  # the crawl's EXTRACT_MIN_WORDS (crawler/settings.py)
EXPECTED_FIELDS = ("title", "lead", "text_lines", "author", "published", "captions", "tags", "page_type",
                   "extracted_by")
WS = re.compile(r"\s+")


# --- the one computation shared with tests/golden/regenerate.py ----------------------------------------------
def golden_pages() -> list[Path]:
    """Every stored golden page, sorted."""
    return sorted(GOLDEN.glob("*/*.html.gz"))


def case_file(page: Path) -> Path:
    return page.with_name(page.name.removesuffix(".html.gz") + ".json")


def load_case(page: Path) -> dict:
    return json.loads(case_file(page).read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def registry(path: str) -> dict:
    return load_registry(ROOT / path)


def site_hints(case: dict) -> dict:
    """The hints the crawler passes for the case's site (crawler/spiders/news.py); {} without a registry."""
    if not case.get("registry"):
        return {}
    site = registry(case["registry"])[case["site"]]
    return site.hints


def expected_fields(article: dict) -> dict:
    """The part of ``extract_article``'s result a golden pins down."""
    result = {name: article.get(name) for name in EXPECTED_FIELDS if name != "text_lines"}
    result["text_lines"] = (article.get("text") or "").splitlines()
    return result


def golden_result(page: Path) -> dict:
    """Decode and extract a golden page as the crawl does: its expected fields, or {"not_an_article": reason}."""
    case = load_case(page)
    html, _encoding = decode_html(gzip.decompress(page.read_bytes()), case.get("content_type"))
    try:
        article = extract_article(html, url=case["url"], hints=site_hints(case), min_words=MIN_WORDS)
    except NotAnArticle as exc:
        return {"not_an_article": exc.reason}
    return expected_fields(article)


def dumps(data) -> str:
    """The stored form of a case (sorted keys, readable Vietnamese, one space indent, trailing newline)."""
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


# --- truth statements -----------------------------------------------------------------------------------------
def squash(text: str | None) -> str:
    return WS.sub(" ", text or "").strip()


@lru_cache(maxsize=None)
def sample_truth() -> dict:
    return json.loads((ROOT / "data" / "samples" / "expected.json").read_text(encoding="utf-8"))


def truth_for(page: Path, case: dict) -> dict | None:
    """What hand-written truth states about a golden page: an expected.json entry or a <name>.truth.json."""
    own = page.with_name(page.name.removesuffix(".html.gz") + ".truth.json")
    if own.exists():
        return json.loads(own.read_text(encoding="utf-8"))
    if case.get("registry") != SAMPLE_REGISTRY:
        return None
    path = urlsplit(case["url"]).path
    truth = sample_truth()
    for kind in ("articles", "duplicates", "not_archived"):
        for entry in truth[kind]:
            if entry["site"] == case["site"] and entry["path"] == path:
                return {**entry, "stated_in": kind}
    return None


def article_mismatches(expected: dict, truth: dict) -> dict[str, str]:
    """Field → what is wrong, for every statement of an article truth the golden output contradicts."""
    if "not_an_article" in expected:
        return {"article": f"golden says not an article ({expected['not_an_article']})"}
    text = squash(" ".join(expected["text_lines"]))
    full = squash(f"{expected['lead'] or ''} {text}")
    wrong = {}
    for name in ("title", "lead"):
        if squash(expected[name]) != squash(truth[name]):
            wrong[name] = f"{expected[name]!r} != {truth[name]!r}"
    for name in ("author", "published"):
        if expected[name] != truth[name]:
            wrong[name] = f"{expected[name]!r} != {truth[name]!r}"
    missing = [p[:60] for p in truth["paragraphs"] if squash(p) not in text]
    if missing:
        wrong["paragraphs"] = f"missing {missing}"
    leaked = [line for line in truth["boilerplate"] if squash(line) in full]
    if leaked:
        wrong["boilerplate"] = f"in lead/text: {leaked}"
    captions = [{"caption": c["caption"], "credit": c["credit"]} for c in expected["captions"] or []]
    if captions != truth["captions"]:
        wrong["captions"] = f"{captions} != {truth['captions']}"
    if expected["tags"] != truth["tags"]:
        wrong["tags"] = f"{expected['tags']} != {truth['tags']}"
    return wrong


def truth_mismatches(expected: dict, truth: dict) -> dict[str, str]:
    """Field → contradiction between a golden output and the truth stated for its page."""
    if truth.get("stated_in") == "not_archived":
        if truth["reason"] == "not_article" and "not_an_article" not in expected:
            return {"not_an_article": "expected.json says not_article, the golden extracts an article"}
        return {}
    if truth.get("stated_in") == "duplicates":  # only stated: it is an article (a duplicate of another)
        return {"article": "golden says not an article"} if "not_an_article" in expected else {}
    return article_mismatches(expected, truth)


# --- tests ----------------------------------------------------------------------------------------------------
def page_id(page: Path) -> str:
    return f"{page.parent.name}/{page.name.removesuffix('.html.gz')}"


PAGES = golden_pages()


def readable_diff(expected: dict, actual: dict) -> str:
    return "".join(difflib.unified_diff(dumps(expected).splitlines(True), dumps(actual).splitlines(True),
                                        "expected (stored .json)", "extracted now"))


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_extraction_equals_the_stored_golden(page):
    expected = load_case(page)["expected"]
    actual = golden_result(page)
    assert actual == expected, ("extraction changed; review, then `python -m tests.golden.regenerate`:\n"
                                + readable_diff(expected, actual))


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_case_is_well_formed(page):
    case = load_case(page)
    assert set(case) >= {"url", "site", "platform", "registry", "content_type", "source", "expected"}
    assert re.fullmatch(r"[a-z0-9-]+_\d{4}-\d{2}-\d{2}(_[a-z0-9-]+)?\.html\.gz", page.name), page.name
    assert case_file(page).read_text(encoding="utf-8") == dumps(case), "not in the stored form: regenerate"
    assert page.parent.name == (case["platform"] or GENERIC)
    assert urlsplit(case["url"]).hostname not in ("127.0.0.1", "localhost"), "use the page's real origin"
    if case["registry"]:
        site = registry(case["registry"])[case["site"]]
        assert site.platform == case["platform"] and site.owns(case["url"])


def test_every_case_file_has_its_page():
    orphans = [p for p in GOLDEN.glob("*/*.json") if not p.name.endswith(".truth.json")
               and not p.with_name(p.name.removesuffix(".json") + ".html.gz").exists()]
    assert not orphans


def test_every_registered_platform_has_a_golden_page():
    platforms = {site.platform for site in load_registry(CRAWL_REGISTRY).values() if site.platform}
    covered = {page.parent.name for page in PAGES if case_file(page).exists()}
    assert platforms and not platforms - covered, f"platforms without a golden page: {sorted(platforms - covered)}"


TRUTH_PAGES = [p for p in PAGES if load_case(p)["registry"] == SAMPLE_REGISTRY or truth_for(p, load_case(p))]


@pytest.mark.parametrize("page", TRUTH_PAGES, ids=page_id)
def test_golden_agrees_with_the_hand_written_truth(page):
    """The golden is not merely what the code printed: it must not contradict the truth stated for its page.

    A truth may list ``known_gaps`` (field → why): those fields must still be wrong, so that a fix shows up here
    and the gap is removed from the truth file together with the regenerated golden.
    """
    case = load_case(page)
    truth = truth_for(page, case)
    assert truth is not None, f"{case['url']}: a sample golden page must be stated in data/samples/expected.json"
    wrong = truth_mismatches(case["expected"], truth)
    gaps = truth.get("known_gaps", {})
    assert {k: v for k, v in wrong.items() if k not in gaps} == {}, "golden contradicts the truth"
    assert sorted(set(gaps) - set(wrong)) == [], "known gaps now right: remove them from the truth file"
