"""Issue 16, items 7 and 10: mislabelled and undeclared windows-1258 pages, and control characters, crawled for real.

Vietnamese windows-1258 writes tone marks as combining characters after the letter ("ệ" is "ê" + U+0323); a page in
it labelled UTF-8 or ISO-8859-1, or not labelled at all, must still be archived as the text it says, in NFC. A
control character (``&#1;``, a raw U+0001, a vertical tab) made lxml refuse the whole page. Every page is served
by the loopback mirror and crawled by ``scrapy crawl news``; the expectations are the hand-written sample texts.
"""

from __future__ import annotations

import json
import unicodedata

import pytest

from tests.faults.hostile_site import (HOST, HostilePage, SAMPLE_ARTICLES, article_html, crawl, failed_pages,
                                       first_photo, paragraphs, private_mirror, publish, stored_articles)

# windows-1258's own combining tone marks (grave, acute, tilde, hook above, dot below); every other Vietnamese
# letter (â, ê, ô, ơ, ư, ă, đ) is one byte of its own.
WINDOWS_1258_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
# Hostile spellings of one space: each must come out of the archive as exactly one space.
CONTROL_SPACES = ["&#1; ", " \x01", "&#x0B;", "\x0b", "&#12;", "\x1f", " &#x8;"]
CREDIT_PREFIX = "Ảnh: "


def windows_1258(text: str) -> bytes:
    """``text`` as a Vietnamese windows-1258 page writes it: base letter (with its vowel mark), then the tone."""
    encoded = bytearray()
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", char)
        letter = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in WINDOWS_1258_TONE_MARKS))
        tones = "".join(c for c in decomposed if c in WINDOWS_1258_TONE_MARKS)
        encoded += (letter + tones).encode("cp1258")
    return bytes(encoded)


def with_control_characters(text: str) -> str:
    """``text`` with its first spaces spelt as the control characters of CONTROL_SPACES."""
    for hostile in CONTROL_SPACES:  # NUL-fenced while replacing, so that a later round skips their own spaces
        text = text.replace(" ", f"\0{hostile}\0", 1)
    return text.replace("\0", "")


def figure(article_name: str, spell=str) -> tuple[str, dict]:
    """(the first photo of a sample article as page markup, the caption the archive must store for it)."""
    image, caption, credit = first_photo(article_name)
    markup = (f'<figure><img src="/faults/img/{image}">'
              f"<figcaption>{spell(caption)} {CREDIT_PREFIX}{credit}</figcaption></figure>")
    return markup, {"image": f"/faults/img/{image}", "caption": caption, "credit": credit}


def sample_page(article_name: str, spell=str) -> tuple[str, dict]:
    """(an article page of a sample article, every string passed through ``spell``; what the archive must hold)."""
    title, texts = SAMPLE_ARTICLES[article_name]["title"], paragraphs(article_name)
    markup, caption = figure(article_name, spell)
    html = article_html(spell(title), [spell(text) for text in texts], figure=markup)
    return html, {"title": title, "text": "\n".join(texts), "caption": caption}


# (path, sample article, how the page is encoded, its Content-Type, the encoding the archive must record)
CASES = [
    ("/faults/windows-1258-labelled-utf-8-10290001.html", "HT_LUAXUAN", windows_1258,
     "text/html; charset=utf-8", "cp1258"),
    ("/faults/windows-1258-undeclared-10290002.html", "HT_VUNGANG", windows_1258, "text/html", "cp1258"),
    ("/faults/windows-1258-labelled-iso-8859-1-10290003.html", "HT_THIENCAM", windows_1258,
     "text/html; charset=iso-8859-1", "cp1258"),
    ("/faults/utf-8-labelled-windows-1258-10290004.html", "TH_SAMSON", str.encode,
     "text/html; charset=windows-1258", "utf-8"),
]
CONTROL_CHARACTERS_PATH = "/faults/control-characters-10290005.html"
CONTROL_CHARACTERS_ARTICLE = "BQN_HALONG"


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """One crawl of every case into a fresh archive: (articles by path, failed pages, the site's origin, truth)."""
    workdir = tmp_path_factory.mktemp("encodings")
    with private_mirror(workdir) as mirror:
        pages, truth = [], {}
        for path, article_name, encode, content_type, encoding in CASES:
            html, truth[path] = sample_page(article_name)
            truth[path]["encoding"] = encoding
            pages.append(HostilePage(path, encode(html), content_type))
        html, truth[CONTROL_CHARACTERS_PATH] = sample_page(CONTROL_CHARACTERS_ARTICLE, with_control_characters)
        truth[CONTROL_CHARACTERS_PATH]["encoding"] = "utf-8"
        pages.append(HostilePage(CONTROL_CHARACTERS_PATH, html.encode()))
        publish(mirror, pages)
        db = crawl(mirror, workdir)
        yield stored_articles(db, mirror), failed_pages(db), mirror.url(HOST, ""), truth


def test_the_test_pages_are_what_they_claim():
    """The windows-1258 bytes decode back to the sample text, and hold combining tone marks (the hard case)."""
    html, truth = sample_page("HT_LUAXUAN")
    body = windows_1258(html)
    assert unicodedata.normalize("NFC", body.decode("cp1258")) == html
    assert "ệ" in html and "ê\u0323".encode("cp1258") in body  # "ệ" written as ê + combining dot below
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert unicodedata.is_normalized("NFC", truth["text"]) and "\x01" in with_control_characters(truth["title"])


@pytest.mark.parametrize("path", [case[0] for case in CASES] + [CONTROL_CHARACTERS_PATH])
def test_page_is_archived_with_its_text_in_nfc(archive, path):
    articles, failed, origin, truth = archive
    assert path in articles, f"{path} not archived; failed pages: {failed}"
    article, expected = articles[path], truth[path]
    assert article["title"] == expected["title"]
    assert article["text"] == expected["text"]
    assert article["encoding"] == expected["encoding"]
    assert unicodedata.is_normalized("NFC", article["title"] + article["text"] + article["captions"])
    caption = {**expected["caption"], "image": origin + expected["caption"]["image"]}
    assert json.loads(article["captions"]) == [caption]


def test_no_page_of_the_crawl_failed(archive):
    _, failed, _, _ = archive
    assert failed == []
