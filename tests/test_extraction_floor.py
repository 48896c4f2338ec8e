"""The floor under the extractor: never archive less than stock trafilatura, on real pages.

The pages are the real Vietnamese pages stored as golden cases (tests/golden/generic, copied from
shared/eval/vn-real); the expected strings were read off the pages by hand.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from trafilatura.utils import load_html

from pipelines.extraction import NotAnArticle, extract_article
from pipelines.extraction.core import Body, better_body, needs_stock_check
from pipelines.extraction.encoding import decode_html
from pipelines.extraction.options import DEFAULT_MIN_WORDS

GENERIC = Path(__file__).resolve().parent / "golden" / "generic"
GALLERY = Path(__file__).resolve().parent / "golden" / "baoquangninh" / "baoquangninh_2024-07-20_3301777"

LETTER_START = "Tôi năm nay 29 tuổi, đã lấy vợ được 5 năm"  # the reader letter's first body paragraph
COMMENTS_HEADING = "Bình luận được xem nhiều nhất"  # the box of readers' comments under it
OIL_PARAGRAPH = "Iraq đã giảm sản lượng 1,5 triệu thùng dầu mỗi ngày vì sắp hết chỗ lưu trữ"
OIL_CAPTION = "Tàu dầu gần thành phố cảng Nakhodka (Nga) tháng 12/2022."


def real_page(stem: Path) -> tuple[str, str]:
    """(decoded html, url) of a stored golden page."""
    case = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
    body = gzip.decompress(stem.with_name(stem.name + ".html.gz").read_bytes())
    return decode_html(body, case["content_type"])[0], case["url"]


def extract(name: str, hints: dict | None = None) -> dict:
    html, url = real_page(GENERIC / name)
    return extract_article(html, url, hints or {}, min_words=DEFAULT_MIN_WORDS)


def body(text: str, extracted_by: str) -> Body:
    lines = [line for line in text.split("\n") if line]
    return Body(lines, False, extracted_by, len(" ".join(lines).split()))


def test_ordinary_page_is_the_projects_own_and_stock_is_not_asked():
    html, url = real_page(GENERIC / "cafef-bds-2026_2026-03-07")
    article = extract_article(html, url, {}, min_words=DEFAULT_MIN_WORDS)
    assert article["extracted_by"] == "project"
    project_body = body(article["text"], "project")
    assert not needs_stock_check(load_html(html), project_body, article["lead"], DEFAULT_MIN_WORDS)


def test_reader_letter_comes_from_stock_when_the_project_took_its_comments():
    """VnExpress 2012 reader letter: the comment box uses the letter's own p.Normal class."""
    article = extract("vnexpress-reader-2012_2012-12-20")
    assert article["extracted_by"] == "trafilatura"
    assert LETTER_START in article["text"]
    assert COMMENTS_HEADING not in article["text"]
    assert article["lead"].startswith("Những gì tôi làm cho vợ trong lúc tức giận")


def test_a_hint_that_drops_the_body_loses_no_article_and_stock_text_gets_the_line_rules():
    """A wrong platform hint removes VnExpress's body container: the page is still archived, captions still out."""
    assert extract("vnexpress-2026_2026-03-07")["extracted_by"] == "project"
    article = extract("vnexpress-2026_2026-03-07", {"drop": ["article.fck_detail"]})
    assert article["extracted_by"] == "trafilatura"
    assert OIL_PARAGRAPH in article["text"]
    assert OIL_CAPTION not in article["text"]
    assert article["title"] == "Cách các nước đối phó cú sốc năng lượng từ Trung Đông"


def test_not_an_article_when_no_extractor_finds_one():
    """The baoquangninh photo listing: stock trafilatura finds no article's worth of text either."""
    html, url = real_page(GALLERY)
    with pytest.raises(NotAnArticle) as err:
        extract_article(html, url, {}, min_words=DEFAULT_MIN_WORDS)
    assert err.value.reason == "too_short"


def test_a_project_body_inside_a_longer_stock_body_is_a_trim_and_stays():
    letter = extract("vnexpress-reader-2012_2012-12-20")["text"]
    paragraphs = letter.split("\n")
    trimmed = body("\n".join(paragraphs[1:4]), "project")
    longer = body(letter, "trafilatura")
    assert longer.words >= 2 * trimmed.words
    assert better_body(trimmed, longer, DEFAULT_MIN_WORDS) is trimmed


def test_a_body_from_another_part_of_the_page_loses_to_a_much_longer_one():
    letter = body(extract("vnexpress-reader-2012_2012-12-20")["text"], "trafilatura")
    other = body(extract("cafef-bds-2026_2026-03-07")["text"], "project")
    assert letter.words >= 2 * other.words
    assert better_body(other, letter, DEFAULT_MIN_WORDS) is letter
    assert better_body(letter, other, DEFAULT_MIN_WORDS) is letter  # a shorter stock body never replaces


def test_stock_replaces_a_body_too_short_to_archive():
    letter = body(extract("vnexpress-reader-2012_2012-12-20")["text"], "trafilatura")
    stub = body("Vợ ngoại tình sau những lần bị tôi đánh đập dã man", "project")
    assert better_body(stub, letter, DEFAULT_MIN_WORDS) is letter
    assert better_body(stub, body("Trung", "trafilatura"), DEFAULT_MIN_WORDS) is stub


def test_fast_mode_asks_only_stocks_main_extractor_which_misses_the_letter():
    """ExtractionOptions.fast forbids the readability/justext comparison in the floor too: the price is this page."""
    html, url = real_page(GENERIC / "vnexpress-reader-2012_2012-12-20")
    article = extract_article(html, url, {}, min_words=DEFAULT_MIN_WORDS, fast=True)
    assert article["extracted_by"] == "project"
    assert LETTER_START not in article["text"]
